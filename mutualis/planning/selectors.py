"""Reads of the planning: rule limits, the expansion of assignments into dated blocks, checks.

The expansion is written in bulk: one query per model for any set of employees, so that the
GE-wide week of 1,000 employees costs a fixed handful of queries.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import holidays
from django.db.models import F, Q
from django.utils.translation import gettext_lazy

from mutualis.employees.models import Contract
from mutualis.members.models import Member, Site

from . import rules
from .enums import DEFAULT_LIMITS, PLANNED_STATUSES, AssignmentStatus, ExceptionKind, RuleCode
from .models import Absence, Assignment, AssignmentSlot, ScheduleException, WorkingTimeRule

PARIS = rules.PARIS
ALSACE_MOSELLE_DEPARTMENTS = frozenset({"57", "67", "68"})
TRAVEL_DETOUR = 1.3  # road distance / great-circle distance, as in ENGINE.md
HISTORY_WEEKS = 11  # weeks read before a checked period, for the 12-week average


# --- rules ----------------------------------------------------------------------------------------


def rule_rows(group):
    """{code: WorkingTimeRule} of a GE (rows may be missing: defaults then apply)."""
    return {rule.code: rule for rule in WorkingTimeRule.objects.filter(group=group)}


def limits_for(group):
    """(rules.Limits, travel speed in km/h) of a GE; an inactive rule is not checked."""
    values = {}
    for code, default in DEFAULT_LIMITS.items():
        values[code] = default
    for code, rule in rule_rows(group).items():
        values[code] = rule.limit if rule.is_active else None
    speed = values.pop(RuleCode.TRAVEL_SPEED_KMH)
    return rules.Limits.from_mapping(values), speed


# --- public holidays ------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def public_holidays(year, alsace_moselle=False):
    """French public holidays of a year; Alsace-Moselle adds Good Friday and 26 December."""
    calendar = holidays.France(years=year, subdiv="57" if alsace_moselle else None)
    return frozenset(calendar.keys())


def site_is_alsace_moselle(site, group):
    """Local law applies at a site in Moselle, Bas-Rhin or Haut-Rhin, or for a GE of local law."""
    return group.is_alsace_moselle or (site.postcode or "")[:2] in ALSACE_MOSELLE_DEPARTMENTS


def is_public_holiday(day, alsace_moselle=False):
    return day in public_holidays(day.year, alsace_moselle)


# --- expansion ------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Block:
    """A dated block of planned work of one employee at one member's site."""

    employee_id: int
    assignment_id: int
    member_id: int
    site_id: int
    start: dt.datetime
    end: dt.datetime
    source: str = "pattern"  # pattern | added | moved

    @property
    def minutes(self):
        return int((self.end.astimezone(rules.UTC) - self.start.astimezone(rules.UTC)).total_seconds() // 60)

    @property
    def day(self):
        return self.start.astimezone(PARIS).date()


@dataclass(slots=True, frozen=True)
class RemovedBlock:
    """Planned time not worked: a public holiday or an absence (reason = "holiday" or the absence kind)."""

    block: Block
    reason: str


@dataclass
class Expansion:
    start: dt.date
    end: dt.date
    blocks: dict = field(default_factory=lambda: defaultdict(list))  # employee id -> [Block]
    removed: dict = field(default_factory=lambda: defaultdict(list))  # employee id -> [RemovedBlock]
    assignments: dict = field(default_factory=dict)  # assignment id -> Assignment (light: ids and dates)
    members: dict = field(default_factory=dict)  # member id -> Member
    sites: dict = field(default_factory=dict)  # site id -> Site
    absences: dict = field(default_factory=lambda: defaultdict(list))  # employee id -> [Absence]

    def credited_minutes(self, employee_id):
        """{monday: minutes} of planned time removed by holidays and absences (part-time floor)."""
        credited = defaultdict(int)
        for removed in self.removed.get(employee_id, ()):
            day = removed.block.day
            credited[day - dt.timedelta(days=day.weekday())] += removed.block.minutes
        return credited


def _aware(day, clock):
    return dt.datetime.combine(day, clock, tzinfo=PARIS)


def _block(assignment, day, start_time, end_time, source):
    start = _aware(day, start_time)
    end_day = day if end_time > start_time else day + dt.timedelta(days=1)
    return Block(
        assignment.employee_id,
        assignment.pk,
        assignment.member_id,
        assignment.site_id,
        start,
        _aware(end_day, end_time),
        source,
    )


def _subtract(block, absences):
    """Split a block around absences: (kept blocks, removed blocks)."""
    pieces = [block]
    removed = []
    for absence in absences:
        next_pieces = []
        for piece in pieces:
            if absence.end <= piece.start or absence.start >= piece.end:
                next_pieces.append(piece)
                continue
            cut_start, cut_end = max(piece.start, absence.start), min(piece.end, absence.end)
            removed.append(RemovedBlock(_replace(piece, cut_start, cut_end), absence.kind))
            if piece.start < cut_start:
                next_pieces.append(_replace(piece, piece.start, cut_start))
            if cut_end < piece.end:
                next_pieces.append(_replace(piece, cut_end, piece.end))
        pieces = next_pieces
    return pieces, removed


def _replace(block, start, end):
    return Block(
        block.employee_id,
        block.assignment_id,
        block.member_id,
        block.site_id,
        start.astimezone(PARIS),
        end.astimezone(PARIS),
        block.source,
    )


def planned_assignments(group, start, end, employee_ids=None):
    """Assignments that plan work between start and end. An ended assignment still planned its
    weeks up to its end date: they stay in the grids, the checks and the timesheets."""
    statuses = (*PLANNED_STATUSES, AssignmentStatus.ENDED)
    qs = Assignment.objects.filter(group=group, status__in=statuses).overlapping(start, end)
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=employee_ids)
    return qs


def expand(*, group, start, end, employee_ids=None, assignments=None):
    """Planned blocks of the GE's employees (or of `employee_ids`) between the dates start and end.

    Pattern slots on each day of each planned assignment, minus cancelled and moved days and
    public holidays, plus added and moved days, minus absences. One query per model.
    `assignments` may be given to expand a queryset already filtered (it must be of `group`).
    """
    result = Expansion(start=start, end=end)
    assignment_qs = (
        assignments if assignments is not None else planned_assignments(group, start, end, employee_ids)
    )
    assignment_list = list(
        assignment_qs.only(
            "id", "public_id", "employee_id", "member_id", "site_id", "start_date", "end_date", "priority"
        ).order_by()
    )
    if not assignment_list:
        return result
    result.assignments = {a.pk: a for a in assignment_list}
    # Members and sites are few: loaded once each rather than joined to every assignment.
    # The ids are in hand: filtering on them spares the database the assignment query twice more.
    member_ids = {a.member_id for a in assignment_list}
    site_ids = {a.site_id for a in assignment_list}
    result.members = {m.pk: m for m in Member.objects.filter(pk__in=member_ids).order_by()}
    result.sites = {s.pk: s for s in Site.objects.filter(pk__in=site_ids).order_by()}
    ids = list(result.assignments)
    slots = defaultdict(lambda: defaultdict(list))  # assignment id -> weekday -> [(start, end, parity)]
    slot_rows = AssignmentSlot.objects.filter(assignment_id__in=ids).order_by()
    for assignment_id, weekday, start_time, end_time, parity in slot_rows.values_list(
        "assignment_id", "weekday", "start_time", "end_time", "week_parity"
    ):
        slots[assignment_id][weekday].append((start_time, end_time, parity))
    replaced_days = set()  # (assignment id, date) whose pattern does not apply
    extra = []
    exceptions = ScheduleException.objects.filter(assignment_id__in=ids).filter(
        Q(date__range=(start, end)) | Q(new_date__range=(start, end))
    )
    for exception in exceptions.order_by():
        assignment = result.assignments[exception.assignment_id]
        if exception.kind in (ExceptionKind.CANCELLED, ExceptionKind.MOVED):
            replaced_days.add((exception.assignment_id, exception.date))
        target = exception.new_date if exception.kind == ExceptionKind.MOVED else exception.date
        if exception.kind != ExceptionKind.CANCELLED and start <= target <= end:
            extra.append(_block(assignment, target, exception.start_time, exception.end_time, exception.kind))
    employee_set = {a.employee_id for a in assignment_list}
    absences = Absence.objects.filter(group=group).overlapping(
        _aware(start, dt.time(0)), _aware(end + dt.timedelta(days=2), dt.time(0))
    )
    if employee_ids is not None:
        absences = absences.filter(employee_id__in=employee_ids)
    for absence in absences.order_by("start"):
        if absence.employee_id in employee_set:
            result.absences[absence.employee_id].append(absence)

    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    holiday_days = {
        local_law: {day for day in days if is_public_holiday(day, local_law)} for local_law in (False, True)
    }
    for assignment in assignment_list:
        weekly = slots.get(assignment.pk)
        alsace = bool(site_is_alsace_moselle(result.sites[assignment.site_id], group))
        first = max(start, assignment.start_date)
        last = min(end, assignment.end_date) if assignment.end_date else end
        if weekly:
            for day in days:
                if day < first or day > last or (assignment.pk, day) in replaced_days:
                    continue
                day_slots = weekly.get(day.weekday())
                if not day_slots:
                    continue
                week_number = day.isocalendar().week
                holiday = day in holiday_days[alsace]
                for start_time, end_time, parity in day_slots:
                    if parity and (week_number % 2 == 1) != (parity == "odd"):
                        continue
                    block = _block(assignment, day, start_time, end_time, "pattern")
                    if holiday:
                        result.removed[assignment.employee_id].append(RemovedBlock(block, "holiday"))
                    else:
                        result.blocks[assignment.employee_id].append(block)
    for block in extra:
        result.blocks[block.employee_id].append(block)
    for employee_id, blocks in result.blocks.items():
        employee_absences = result.absences.get(employee_id)
        if employee_absences:
            kept = []
            for block in blocks:
                pieces, removed = _subtract(block, employee_absences)
                kept += pieces
                result.removed[employee_id] += removed
            blocks[:] = kept
        blocks.sort(key=lambda b: b.start)
    return result


# --- checks ---------------------------------------------------------------------------------------


def travel_function(sites, speed_kmh):
    """(site id, site id) -> minutes by road estimate, from site coordinates (None when unknown)."""
    coordinates = {
        site.pk: (float(site.latitude), float(site.longitude)) for site in sites if site.has_coordinates
    }

    @cache
    def travel(a, b):
        if a == b or a not in coordinates or b not in coordinates or not speed_kmh:
            return None
        km = _haversine_km(coordinates[a], coordinates[b]) * TRAVEL_DETOUR
        return math.ceil(km / speed_kmh * 60)

    return travel


def _haversine_km(a, b):
    lat1, lon1, lat2, lon2 = (math.radians(x) for x in (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def part_time_exemptions(group, employee_ids, on):
    """Employees whose current contract records a written exemption to the 24 h floor."""
    qs = Contract.objects.filter(group=group, employee_id__in=employee_ids, part_time_exemption=True)
    return set(qs.current(on).values_list("employee_id", flat=True))


def check_window(start, end, history_weeks=HISTORY_WEEKS):
    """Dates to expand for checking [start, end]: whole ISO weeks, `history_weeks` before, one after."""
    monday = start - dt.timedelta(days=start.weekday())
    sunday = end + dt.timedelta(days=6 - end.weekday())
    return monday - dt.timedelta(weeks=history_weeks), sunday + dt.timedelta(days=7)


def check_employees(*, group, start, end, employee_ids=None, history_weeks=HISTORY_WEEKS):
    """{employee id: [Violation]} of the planned blocks touching the dates [start, end]."""
    return checked_expansion(
        group=group, start=start, end=end, employee_ids=employee_ids, history_weeks=history_weeks
    )[1]


def checked_expansion(*, group, start, end, employee_ids=None, history_weeks=HISTORY_WEEKS):
    """(Expansion over the check window, {employee id: [Violation]} touching [start, end])."""
    window_start, window_end = check_window(start, end, history_weeks)
    expansion = expand(group=group, start=window_start, end=window_end, employee_ids=employee_ids)
    return expansion, violations_of(expansion, group=group, start=start, end=end)


def weekly_minutes(expansion, employee_id):
    """{monday: planned minutes} of one employee, worked or credited (holidays, absences)."""
    totals = expansion.credited_minutes(employee_id)
    for block in expansion.blocks.get(employee_id, ()):
        day = block.day
        totals[day - dt.timedelta(days=day.weekday())] += block.minutes
    return totals


def violations_of(expansion, *, group, start, end, average=True, exempt=None):
    """{employee id: [Violation]} of the expansion's blocks touching [start, end]. `average=False`
    leaves out the 12-week average (the GE-wide week has no history to average: the full check does).
    `exempt`: the employees exempted from the part-time floor on `start`, when already read."""
    limits, speed = limits_for(group)
    if not average:
        limits = replace(limits, max_avg_weekly_minutes_12w=None)
    travel = travel_function(expansion.sites.values(), speed)
    names = {pk: member.name for pk, member in expansion.members.items()}
    if exempt is None:
        exempt = part_time_exemptions(group, list(expansion.blocks), start)
    found = {}
    for employee_id, blocks in expansion.blocks.items():
        intervals = [rules.WorkInterval(b.start, b.end, member=b.member_id, site=b.site_id) for b in blocks]
        violations = rules.check(
            intervals,
            limits=limits,
            travel_minutes=travel,
            part_time_exemption=employee_id in exempt,
            credited_minutes=expansion.credited_minutes(employee_id),
            names=names,
            window=(start, end),
        )
        if violations:
            found[employee_id] = violations
    return found


def check_employee(employee, start, end):
    """[Violation] of one employee over the dates [start, end], across all members."""
    return check_employees(group=employee.group, start=start, end=end, employee_ids=[employee.pk]).get(
        employee.pk, []
    )


# --- pages ----------------------------------------------------------------------------------------


def employee_week(employee, monday):
    """One employee's week across all members, as days with blocks, plus totals and violations."""
    from .enums import AbsenceKind

    group = employee.group
    sunday = monday + dt.timedelta(days=6)
    expansion = expand(group=group, start=monday, end=sunday, employee_ids=[employee.pk])
    blocks = expansion.blocks.get(employee.pk, [])
    removed = expansion.removed.get(employee.pk, [])
    holidays_by_day = {r.block.day for r in removed if r.reason == "holiday"}
    movable = _movable_keys(blocks)
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        day_blocks = [b for b in blocks if b.day == day]
        absences = []
        for absence in expansion.absences.get(employee.pk, ()):
            if (
                absence.start.astimezone(PARIS).date()
                <= day
                <= (absence.end - dt.timedelta(seconds=1)).astimezone(PARIS).date()
            ):
                absences.append(AbsenceKind(absence.kind).label)
        days.append(
            {
                "date": day,
                "holiday": day in holidays_by_day or is_public_holiday(day, group.is_alsace_moselle),
                "absences": absences,
                "blocks": [_block_row(b, expansion, movable_keys=movable) for b in day_blocks],
                "minutes": sum(b.minutes for b in day_blocks),
            }
        )
    per_member = defaultdict(int)
    members = {}
    for block in blocks:
        per_member[block.member_id] += block.minutes
        members[block.member_id] = expansion.members[block.member_id]
    return {
        "monday": monday,
        "sunday": sunday,
        "days": days,
        "total_minutes": sum(b.minutes for b in blocks),
        "members": [
            {"member": members[m], "minutes": minutes}
            for m, minutes in sorted(per_member.items(), key=lambda item: members[item[0]].name)
        ],
        "assignments": [
            {"assignment": a, "member": expansion.members[a.member_id], "site": expansion.sites[a.site_id]}
            for a in sorted(expansion.assignments.values(), key=lambda a: (a.start_date, a.pk))
        ],
        "agreement_members": sorted(expansion.members.values(), key=lambda member: (member.name, member.pk)),
        "violations": check_employee(employee, monday, sunday),
    }


# --- planning grids (week and month per employee, per member, GE-wide) ----------------------------

MEMBER_COLOURS = (
    8  # blocks are coloured per member (mutualis.css: .member-c0 … .member-c7), always with a label
)
GROUP_PAGE_SIZE = 25  # employees per page of the GE-wide week (server time: docs/benchmarks.md)
GROUP_EXPORT_CHUNK = 100  # employees expanded at a time by the GE-wide week's export


def member_colour(member_id):
    """A stable colour class number of a member (the member's name is always written too)."""
    return member_id % MEMBER_COLOURS


def holiday_label(day, *, alsace_moselle):
    """'' or the French holiday name; Alsace-Moselle's own days when local law applies."""
    from django.utils.translation import gettext as _

    if is_public_holiday(day, False):
        return _("Jour férié")
    if alsace_moselle and is_public_holiday(day, True):
        return _("Jour férié (Alsace-Moselle)")
    return ""


SOURCE_LABELS = {"added": gettext_lazy("ajouté"), "moved": gettext_lazy("déplacé")}


def _block_row(block, expansion, *, movable_keys=frozenset()):
    member = expansion.members[block.member_id]
    return {
        "time": f"{block.start:%H:%M}–{block.end:%H:%M}",
        "start": block.start,
        "end": block.end,
        "minutes": block.minutes,
        "source": block.source,
        "source_label": SOURCE_LABELS.get(block.source, ""),
        "member": member,
        "site": expansion.sites[block.site_id],
        "colour": member_colour(block.member_id),
        "assignment": expansion.assignments[block.assignment_id],
        "movable": (block.assignment_id, block.day) in movable_keys,
    }


def _movable_keys(blocks):
    """(assignment id, day) of pattern blocks alone on their day: a move replaces the day's pattern."""
    counts = defaultdict(int)
    for block in blocks:
        counts[(block.assignment_id, block.day)] += 1
    return frozenset(
        (b.assignment_id, b.day)
        for b in blocks
        if b.source == "pattern" and counts[(b.assignment_id, b.day)] == 1
    )


def _absence_labels(absences, day, *, with_reason=True):
    from django.utils.translation import gettext as _

    from .enums import AbsenceKind

    labels = []
    for absence in absences:
        first = absence.start.astimezone(PARIS).date()
        last = (absence.end - dt.timedelta(seconds=1)).astimezone(PARIS).date()
        if first <= day <= last:
            labels.append(AbsenceKind(absence.kind).label if with_reason else _("Absent"))
    return labels


def _alsace_any(expansion, group):
    return group.is_alsace_moselle or any(site_is_alsace_moselle(s, group) for s in expansion.sites.values())


def employee_days(expansion, employee, days, *, with_reason=True, movable=False, group=None):
    """[{date, holiday, absences, blocks, minutes}] of one employee over `days`.

    Alsace-Moselle's own holidays show when the GE is of local law or one of the employee's
    sites (in the expansion) is in Moselle, Bas-Rhin or Haut-Rhin.
    """
    group = group or employee.group
    blocks = expansion.blocks.get(employee.pk, [])
    movable_keys = _movable_keys(blocks) if movable else frozenset()
    by_day = defaultdict(list)
    for block in blocks:
        by_day[block.day].append(block)
    site_ids = {b.site_id for b in blocks} | {r.block.site_id for r in expansion.removed.get(employee.pk, ())}
    alsace = group.is_alsace_moselle or any(
        site_is_alsace_moselle(expansion.sites[pk], group) for pk in site_ids if pk in expansion.sites
    )
    absences = expansion.absences.get(employee.pk, ())
    rows = []
    for day in days:
        day_blocks = by_day.get(day, [])
        rows.append(
            {
                "date": day,
                "holiday": _holiday_label_cached(day, alsace),
                "absences": _absence_labels(absences, day, with_reason=with_reason) if absences else [],
                "blocks": [_block_row(b, expansion, movable_keys=movable_keys) for b in day_blocks],
                "minutes": sum(b.minutes for b in day_blocks),
            }
        )
    return rows


def _holiday_label_cached(day, alsace):
    if not is_public_holiday(day, alsace):
        return ""
    return holiday_label(day, alsace_moselle=alsace)


def month_bounds(year, month):
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def employee_month(employee, year, month):
    """One employee's month across all members: whole ISO weeks, per-week and per-member totals."""
    first, last = month_bounds(year, month)
    start = first - dt.timedelta(days=first.weekday())
    end = last + dt.timedelta(days=6 - last.weekday())
    expansion = expand(group=employee.group, start=start, end=end, employee_ids=[employee.pk])
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    rows = employee_days(expansion, employee, days)
    for row in rows:
        row["in_month"] = first <= row["date"] <= last
    weeks = [
        {
            "monday": rows[i]["date"],
            "days": rows[i : i + 7],
            "minutes": sum(r["minutes"] for r in rows[i : i + 7]),
        }
        for i in range(0, len(rows), 7)
    ]
    per_member = defaultdict(int)
    for block in expansion.blocks.get(employee.pk, []):
        if first <= block.day <= last:
            per_member[block.member_id] += block.minutes
    members = sorted(
        (
            {"member": expansion.members[m], "minutes": minutes, "colour": member_colour(m)}
            for m, minutes in per_member.items()
        ),
        key=lambda row: (row["member"].name, row["member"].pk),
    )
    return {
        "first": first,
        "last": last,
        "weeks": weeks,
        "members": members,
        "total_minutes": sum(per_member.values()),
        "violations": check_employee(employee, first, last),
    }


def member_week(member, monday, *, with_reason=False):
    """Every employee planned at one member this week: rows of days with the blocks at this member.

    Only this member's blocks are shown (the rest of the employees' week belongs to other members);
    an absence shows as "Absent" unless `with_reason` (GE staff).
    """
    group = member.group
    sunday = monday + dt.timedelta(days=6)
    qs = planned_assignments(group, monday, sunday).filter(member=member)
    employee_ids = list(qs.values_list("employee_id", flat=True).distinct().order_by())
    from mutualis.employees.models import Employee

    employees = list(
        Employee.objects.filter(group=group, pk__in=employee_ids).order_by("last_name", "first_name", "id")
    )
    expansion = expand(group=group, start=monday, end=sunday, employee_ids=employee_ids, assignments=qs)
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    for employee in employees:
        employee.group = group  # avoid one query per row
    rows = []
    for employee in employees:
        cells = employee_days(expansion, employee, days, with_reason=with_reason)
        rows.append({"employee": employee, "days": cells, "minutes": sum(c["minutes"] for c in cells)})
    alsace = _alsace_any(expansion, group)
    return {
        "monday": monday,
        "sunday": sunday,
        "days": [{"date": d, "holiday": holiday_label(d, alsace_moselle=alsace)} for d in days],
        "rows": rows,
        "total_minutes": sum(r["minutes"] for r in rows),
        "colour": member_colour(member.pk),
    }


def group_employees(group, *, member=None, skill=None, commune="", on=None):
    """The GE's active employees, filtered for the GE-wide week (member worked for, skill, commune)."""
    from mutualis.employees.models import Employee

    qs = Employee.objects.filter(group=group, archived_at__isnull=True)
    if member is not None:
        week_end = on + dt.timedelta(days=6)
        planned = planned_assignments(group, on, week_end).filter(member=member)
        qs = qs.filter(pk__in=planned.values("employee_id"))
    if skill is not None:
        qs = qs.filter(pk__in=Employee.skills.through.objects.filter(skill=skill).values("employee_id"))
    if commune:
        qs = qs.filter(city=commune)
    return qs.order_by("last_name", "first_name", "id")


def group_week(group, monday, employees):
    """The GE-wide week of the given employees (one page): who works where, hours, violations.

    Violations are checked for this week only (the 12-week average needs the history: the full
    check runs as a background job). A fixed number of queries whatever the number of employees.
    """
    sunday = monday + dt.timedelta(days=6)
    employees = list(employees)
    ids = [e.pk for e in employees]
    # The week, the Sunday before (daily rest into Monday) and two days after: a weekly rest that
    # starts this week and runs past Tuesday is longer than 35 h anyway (open-ended = long enough).
    expansion = expand(
        group=group, start=monday - dt.timedelta(days=1), end=sunday + dt.timedelta(days=2), employee_ids=ids
    )
    # One read of the current contracts: their hours and their written part-time exemptions.
    contract_minutes, exempt = {}, set()
    for employee_id, hours, exemption in (
        Contract.objects.filter(group=group, employee_id__in=ids)
        .current(monday)
        .order_by("start_date", "id")
        .values_list("employee_id", "weekly_hours", "part_time_exemption")
    ):
        contract_minutes[employee_id] = int(hours * 60)
        if exemption:
            exempt.add(employee_id)
    violations = violations_of(expansion, group=group, start=monday, end=sunday, average=False, exempt=exempt)
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    rows = []
    for employee in employees:
        cells = employee_days(expansion, employee, days, group=group)
        planned = sum(c["minutes"] for c in cells)
        credited = expansion.credited_minutes(employee.pk).get(monday, 0)
        contract = contract_minutes.get(employee.pk)
        rows.append(
            {
                "employee": employee,
                "days": cells,
                "minutes": planned,
                "credited_minutes": credited,
                "contract_minutes": contract,
                # Contract hours neither planned nor excused (holiday, absence) this week.
                "unfilled_minutes": max(0, contract - planned - credited) if contract else 0,
                "violations": violations.get(employee.pk, []),
            }
        )
    alsace = _alsace_any(expansion, group)
    members = {}
    for employee_blocks in expansion.blocks.values():
        for block in employee_blocks:
            if monday <= block.day <= sunday:
                members[block.member_id] = expansion.members[block.member_id]
    return {
        "monday": monday,
        "sunday": sunday,
        "days": [{"date": d, "holiday": holiday_label(d, alsace_moselle=alsace)} for d in days],
        "rows": rows,
        "legend": [
            {"member": m, "colour": member_colour(m.pk)}
            for m in sorted(members.values(), key=lambda m: (m.name, m.pk))
        ],
        "planned_minutes": sum(r["minutes"] for r in rows),
        "unfilled_minutes": sum(r["unfilled_minutes"] for r in rows),
        "unassigned": [r["employee"] for r in rows if not r["minutes"] and not r["credited_minutes"]],
        "violation_count": sum(len(r["violations"]) for r in rows),
    }


def group_week_summary(group, monday):
    """GE-wide figure that does not need the expansion: employees without any planned assignment
    this week (the members waiting come from `needs.selectors.members_waiting`: needs sit above
    planning). One query."""
    from mutualis.employees.models import Employee

    sunday = monday + dt.timedelta(days=6)
    planned = planned_assignments(group, monday, sunday).values("employee_id")
    without = (
        Employee.objects.filter(group=group, archived_at__isnull=True)
        .exclude(pk__in=planned)
        .filter(pk__in=Contract.objects.filter(group=group).current(monday).values("employee_id"))
        .count()
    )
    return {"without_assignment": without}


# --- conflicts between members ----------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Two blocks of one employee at different assignments that overlap on `day`."""

    day: dt.date
    first: dict  # block rows (see _block_row)
    second: dict
    proposed: dict | None  # the block to keep, or None when nothing decides
    basis: str  # "rule" | "rank" | ""
    rule: object = None  # the PriorityRule applied

    @property
    def dropped(self):
        if self.proposed is None:
            return None
        return self.second if self.proposed is self.first else self.first


def priority_rules_for(group, employee):
    """{(prevailing member id, yielding member id): PriorityRule}; the employee's own rules first."""
    from .models import PriorityRule

    found = {}
    qs = PriorityRule.objects.filter(group=group).filter(Q(employee=employee) | Q(employee__isnull=True))
    for rule in qs.order_by(F("employee_id").asc(nulls_last=True), "id"):
        found.setdefault((rule.prevailing_member_id, rule.yielding_member_id), rule)
    return found


def propose(first, second, rules_by_pair):
    """(block to keep, basis, rule): a priority rule between the members, else the higher rank."""
    a, b = first["member"].pk, second["member"].pk
    if (a, b) in rules_by_pair:
        return first, "rule", rules_by_pair[(a, b)]
    if (b, a) in rules_by_pair:
        return second, "rule", rules_by_pair[(b, a)]
    rank_a, rank_b = first["assignment"].priority, second["assignment"].priority
    if rank_a != rank_b:
        return (first if rank_a > rank_b else second), "rank", None
    return None, "", None


def employee_conflicts(employee, monday):
    """[Conflict] of one employee's week: overlapping blocks of two assignments, with a proposal."""
    group = employee.group
    sunday = monday + dt.timedelta(days=6)
    expansion = expand(group=group, start=monday, end=sunday, employee_ids=[employee.pk])
    blocks = expansion.blocks.get(employee.pk, [])
    movable = _movable_keys(blocks)
    rules_by_pair = priority_rules_for(group, employee)
    found = []
    for i, block in enumerate(blocks):
        for other in blocks[i + 1 :]:
            if other.start >= block.end:
                break
            if other.assignment_id == block.assignment_id or other.member_id == block.member_id:
                continue
            first = _block_row(block, expansion, movable_keys=movable)
            second = _block_row(other, expansion, movable_keys=movable)
            proposed, basis, rule = propose(first, second, rules_by_pair)
            found.append(Conflict(block.day, first, second, proposed, basis, rule))
    return found
