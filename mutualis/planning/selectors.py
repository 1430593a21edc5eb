"""Reads of the planning: rule limits, the expansion of assignments into dated blocks, checks.

The expansion is written in bulk: one query per model for any set of employees, so that the
GE-wide week of 1,000 employees costs a fixed handful of queries.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

import holidays
from django.db.models import Q

from mutualis.employees.models import Contract
from mutualis.members.models import Member, Site

from . import rules
from .enums import DEFAULT_LIMITS, PLANNED_STATUSES, ExceptionKind, RuleCode
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
    qs = Assignment.objects.filter(group=group, status__in=PLANNED_STATUSES).overlapping(start, end)
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
            "id", "public_id", "employee_id", "member_id", "site_id", "start_date", "end_date"
        ).order_by()
    )
    if not assignment_list:
        return result
    result.assignments = {a.pk: a for a in assignment_list}
    # Members and sites are few: loaded once each rather than joined to every assignment.
    result.members = {
        m.pk: m for m in Member.objects.filter(pk__in=assignment_qs.values("member_id")).order_by()
    }
    result.sites = {s.pk: s for s in Site.objects.filter(pk__in=assignment_qs.values("site_id")).order_by()}
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


def violations_of(expansion, *, group, start, end):
    limits, speed = limits_for(group)
    travel = travel_function(expansion.sites.values(), speed)
    names = {pk: member.name for pk, member in expansion.members.items()}
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
        )
        kept = [v for v in violations if any(start <= d <= end for d in v.days)]
        if kept:
            found[employee_id] = kept
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
                "blocks": [
                    {
                        "start": b.start,
                        "end": b.end,
                        "minutes": b.minutes,
                        "source": b.source,
                        "member": expansion.members[b.member_id],
                        "site": expansion.sites[b.site_id],
                    }
                    for b in day_blocks
                ],
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
