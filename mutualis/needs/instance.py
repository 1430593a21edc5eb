"""From needs in the database to the engine's JSON instance (ENGINE.md, contract v1), and back.

`build_instance` gives the exact dict the engine and its command line read, plus an `id_map` that
turns the plan's short ids (n1, m1, s1, e1) back into public ids; `plan_to_public` applies it.
Internal primary keys never appear in an instance: a downloaded instance can be shared.
"""

import re
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from mutualis.employees.models import Contract

from .models import NeedKind, NeedSlot, NeedWindow

ENGINE_VERSION = 1
# ENGINE.md defaults (French law): 35 h cap, 24 h minimum part-time week, 10 h a day, 11 h daily rest.
PARAM_DEFAULTS = {
    "max_weekly_minutes": 2100,
    "min_weekly_minutes": 1440,
    "max_daily_minutes": 600,
    "min_daily_rest_minutes": 660,
    "max_members_per_position": 4,
    "travel_speed_kmh": 40,
    "travel_detour": 1.3,
    "new_positions": True,
    "job_families": "same",  # "same", "any" or groups of ROME families (engine v2, docs/engine.md)
}
FLOAT_PARAMS = frozenset({"travel_speed_kmh", "travel_detour"})
NULLABLE_PARAMS = frozenset(
    {"max_weekly_minutes", "max_daily_minutes", "min_daily_rest_minutes", "max_members_per_position"}
)


def engine_params(params):
    """Only the known parameters, with JSON types (ints stay ints, Decimals become floats)."""
    result = {}
    for name, default in PARAM_DEFAULTS.items():
        if name not in (params or {}):
            continue
        value = params[name]
        if value is None:
            if name in NULLABLE_PARAMS:
                result[name] = None
            continue
        if name == "job_families":
            result[name] = value  # "same", "any" or groups of ROME families (validated by the engine)
        elif isinstance(default, bool):
            result[name] = bool(value)
        elif name in FLOAT_PARAMS:
            result[name] = int(value) if float(value).is_integer() else float(value)
        else:
            result[name] = int(value)
    return result


def needs_for_instance(queryset):
    """The queries the builder needs, in one place (slots, windows, skills, member, site, declaration)."""
    return queryset.select_related("member", "site", "declaration").prefetch_related(
        Prefetch("slots", queryset=NeedSlot.objects.order_by("start", "id")),
        Prefetch("windows", queryset=NeedWindow.objects.order_by("start", "id")),
        "skills",
    )


def _coords(lat, lon):
    return {"lat": round(float(lat), 6), "lon": round(float(lon), 6)}


class _Ids:
    """Short, stable ids ('n1', 'm1'…) handed out in order of first appearance."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.by_key = {}
        self.public = {}

    def get(self, key, public):
        if key not in self.by_key:
            short = f"{self.prefix}{len(self.by_key) + 1}"
            self.by_key[key] = short
            self.public[short] = public
        return self.by_key[key]


LOCK_SKILL = "lock:{n}"
LOCK_EMPLOYEE = "L{n}"
UNLOCKED_SKILL = "unlocked"


def build_instance(needs, *, params=None, employees=None, on=None, locks=None):
    """Return `(instance, id_map)` for `needs` (an iterable of Need, ideally from `needs_for_instance`).

    `employees`: existing staff to staff needs first (None: new positions only). Each gets the
    skills codes of its record, its home site, and its current contracts' weekly hours as capacity.

    `locks`: groups of Need public ids to keep in one position. The contract has no locks, so each
    group becomes a placeholder employee `L<n>` that alone has the skill `lock:<n>`, added to the
    group's needs, while every other need (and every real employee) gets the skill `unlocked`: a
    placeholder takes only its group, and the engine fills it first since minutes given to employees
    come first; a group that cannot hold leaves needs in new positions or unassigned, with the
    engine's reasons. Locked needs never go to existing employees. In the public plan a placeholder
    is a new position (`employee` None, `locked` true).
    """
    on = on or timezone.localdate()
    needs = sorted(needs, key=lambda n: (n.created_at, n.pk))
    need_ids, member_ids, site_ids, employee_ids = _Ids("n"), _Ids("m"), _Ids("s"), _Ids("e")
    sites = []

    def site_of(site=None, lat=None, lon=None):
        if site is not None and site.latitude is not None and site.longitude is not None:
            key, public, coords = (
                ("site", site.pk),
                f"site:{site.public_id}",
                _coords(site.latitude, site.longitude),
            )
        elif lat is not None and lon is not None:
            key, public, coords = ("place", str(lat), str(lon)), f"place:{lat},{lon}", _coords(lat, lon)
        else:
            return None
        known = key in site_ids.by_key
        short = site_ids.get(key, public)
        if not known:
            sites.append({"id": short, **coords})
        return short

    engine_needs = []
    for need in needs:
        if need.member_id:
            member = member_ids.get(("member", need.member_id), f"member:{need.member.public_id}")
        else:
            member = member_ids.get(
                ("declaration", need.declaration_id), f"declaration:{need.declaration.public_id}"
            )
        item = {
            "id": need_ids.get(need.pk, str(need.public_id)),
            "member": member,
            "skills": sorted(skill.code for skill in need.skills.all()),
        }
        site = site_of(need.site) if need.site_id else site_of(lat=need.latitude, lon=need.longitude)
        if site is not None:
            item["site"] = site
        if need.kind == NeedKind.FIXED:
            item["slots"] = [{"start": s.start, "end": s.end} for s in need.slots.all()]
        else:
            flexible = {"weekly_minutes": need.weekly_minutes}
            windows = [{"start": w.start, "end": w.end} for w in need.windows.all()]
            if windows:
                flexible["windows"] = windows
            if need.min_block_minutes is not None:
                flexible["min_block_minutes"] = need.min_block_minutes
            if need.max_block_minutes is not None:
                flexible["max_block_minutes"] = need.max_block_minutes
            item["flexible"] = flexible
        item["weeks"] = sorted(need.weeks) if need.weeks else None
        engine_needs.append(item)

    lock_of = {}
    for number, group in enumerate(locks or (), start=1):
        for public_id in group:
            lock_of[str(public_id)] = number
    lock_skills = {}
    for item, need in zip(engine_needs, needs, strict=True):
        number = lock_of.get(str(need.public_id))
        if number is not None:
            item["skills"] = sorted([*item["skills"], LOCK_SKILL.format(n=number)])
            lock_skills.setdefault(number, set()).update(item["skills"])
        elif lock_of:
            # Keeps the other needs off the placeholders (real employees get this skill too).
            item["skills"] = sorted([*item["skills"], UNLOCKED_SKILL])

    engine_employees = []
    for number, skills in sorted(lock_skills.items()):
        capacity = (params or {}).get("max_weekly_minutes") or PARAM_DEFAULTS["max_weekly_minutes"]
        engine_employees.append(
            {
                "id": LOCK_EMPLOYEE.format(n=number),
                "skills": sorted(skills),
                "contract_weekly_minutes": int(capacity),
            }
        )
        employee_ids.public[LOCK_EMPLOYEE.format(n=number)] = f"lock:{number}"
    for employee in employees or ():
        busy = busy_blocks(employee, on)
        # What the employee's current assignments already take is not available again.
        capacity = _contract_minutes(employee, on) - sum(end - start for start, end in busy)
        if capacity <= 0:
            continue
        item = {
            "id": employee_ids.get(employee.pk, f"employee:{employee.public_id}"),
            "skills": sorted(
                [*(skill.code for skill in employee.skills.all()), *([UNLOCKED_SKILL] if lock_of else [])]
            ),
            "contract_weekly_minutes": capacity,
        }
        if busy:
            item["availability"] = [{"start": start, "end": end} for start, end in free_blocks(busy)]
        home = site_of(employee.home_site) if employee.home_site_id else None
        if home is not None:
            item["home_site"] = home
        engine_employees.append(item)

    instance = {
        "version": ENGINE_VERSION,
        "params": engine_params(params),
        "sites": sites,
        "needs": engine_needs,
    }
    if engine_employees:
        instance["employees"] = engine_employees
    id_map = {
        "needs": need_ids.public,
        "members": member_ids.public,
        "sites": site_ids.public,
        "employees": employee_ids.public,
    }
    return instance, id_map


def _contract_minutes(employee, on):
    """Weekly minutes of the employee's current contracts (prefetched as `current_contracts` if given)."""
    contracts = getattr(employee, "current_contracts", None)
    if contracts is None:
        contracts = Contract.objects.filter(employee=employee, archived_at__isnull=True).current(on)
    return int(sum((c.weekly_hours for c in contracts), Decimal("0")) * 60)


WEEK_MINUTES = 7 * 1440


def _current_assignments(on):
    from mutualis.planning.models import Assignment

    return Assignment.objects.planned().overlapping(on, on).prefetch_related("slots")


def busy_blocks(employee, on):
    """The week's blocks (minutes from Monday, merged) that the employee's current assignments take.
    A block every other week counts as taken (the plan is one typical week)."""
    assignments = getattr(employee, "current_assignments", None)
    if assignments is None:
        assignments = _current_assignments(on or timezone.localdate()).filter(employee=employee)
    blocks = []
    for assignment in assignments:
        for slot in assignment.slots.all():
            start = slot.weekday * 1440 + slot.start_time.hour * 60 + slot.start_time.minute
            end = slot.weekday * 1440 + slot.end_time.hour * 60 + slot.end_time.minute
            if end <= start:  # ends the next day
                end += 1440
            if end > WEEK_MINUTES:  # Sunday night into Monday morning
                blocks.append((0, end - WEEK_MINUTES))
                end = WEEK_MINUTES
            blocks.append((start, end))
    merged = []
    for start, end in sorted(blocks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def free_blocks(busy):
    """The complement of merged `busy` blocks in the week [0, 10 080)."""
    free, cursor = [], 0
    for start, end in busy:
        if start > cursor:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < WEEK_MINUTES:
        free.append((cursor, WEEK_MINUTES))
    if free and free[0][0] == 0 and free[-1][1] == WEEK_MINUTES:
        # The timeline runs on to Monday 24:00 of the next week: a Sunday-night block may continue.
        free[-1] = (free[-1][0], WEEK_MINUTES + min(free[0][1], 1440))
    return free


def employees_for_instance(queryset, on=None):
    """Active employees with their skills, home site, current contracts and current assignments
    (with their slots) prefetched."""
    on = on or timezone.localdate()
    current = Contract.objects.filter(archived_at__isnull=True).current(on)
    return (
        queryset.filter(archived_at__isnull=True)
        .select_related("home_site")
        .prefetch_related(
            "skills",
            Prefetch("contracts", queryset=current, to_attr="current_contracts"),
            Prefetch("assignments", queryset=_current_assignments(on), to_attr="current_assignments"),
        )
    )


def organisation_key(need):
    """The public reference of a need's organisation, as in `plan_to_public`: 'member:<uuid>' or
    'declaration:<uuid>'."""
    if need.member_id:
        return f"member:{need.member.public_id}"
    return f"declaration:{need.declaration.public_id}"


def _public_id(ref):
    """'member:<uuid>' -> ('member', '<uuid>')."""
    kind, _, public = ref.partition(":")
    return kind, public


def plan_to_public(plan, id_map):
    """The plan with every short id replaced by public references, ready to store and to show.

    Positions keep the engine's id (p1…); needs become Need public ids, members 'member:<uuid>' or
    'declaration:<uuid>', employees 'employee:<uuid>' (None for a new position to recruit for).
    """
    needs = id_map.get("needs", {})
    members = id_map.get("members", {})
    employees = id_map.get("employees", {})
    positions = []
    families = (plan.get("explanations") or {}).get("families", {})
    for position in plan.get("positions", []):
        employee = employees.get(position["employee"]) if position.get("employee") else None
        locked = bool(employee and employee.startswith("lock:"))
        positions.append(
            {
                "id": position["id"],
                "employee": None if locked else employee,
                "locked": locked,
                "needs": [needs[n] for n in position["needs"]],
                "schedule": [
                    {"need": needs[s["need"]], "start": s["start"], "end": s["end"]}
                    for s in position["schedule"]
                ],
                "weekly_minutes": position["weekly_minutes"],
                "members": [members[m] for m in position["members"]],
                "travel_minutes": position.get("travel_minutes", 0),
                "families": families.get(position["id"], []),
            }
        )
    reasons = (plan.get("explanations") or {}).get("unassigned", {})
    return {
        "status": plan.get("status"),
        "positions": positions,
        "unassigned": [{"need": needs[n], "reason": reasons.get(n, "")} for n in plan.get("unassigned", [])],
        "stats": plan.get("stats", {}),
    }


def kpis(plan, instance):
    """The results page's indicators, from a plan (engine ids) and its instance."""
    params = {**PARAM_DEFAULTS, **(instance.get("params") or {})}
    full_time = params["max_weekly_minutes"] or PARAM_DEFAULTS["max_weekly_minutes"]
    positions = plan.get("positions", [])
    stats = plan.get("stats", {})
    count = len(positions)
    members_total = sum(len(p["members"]) for p in positions)
    minutes_total = stats.get("minutes_total", 0)
    minutes_placed = stats.get("minutes_placed", 0)
    lower = stats.get("lower_bound_positions")
    return {
        "needs": len(instance.get("needs", [])),
        "needs_placed": sum(len(p["needs"]) for p in positions),
        "unassigned": len(plan.get("unassigned", [])),
        "minutes_total": minutes_total,
        "minutes_placed": minutes_placed,
        "placed_percent": round(100 * minutes_placed / minutes_total, 1) if minutes_total else 0.0,
        "positions": count,
        "new_positions": sum(
            1 for p in positions if p.get("employee") is None or p["employee"].startswith("L")
        ),
        "full_time_positions": stats.get(
            "full_time_positions", sum(1 for p in positions if p["weekly_minutes"] >= full_time)
        ),
        "positions_24h_or_more": sum(1 for p in positions if p["weekly_minutes"] >= 24 * 60),
        "members_per_position": round(members_total / count, 2) if count else 0.0,
        "travel_minutes": sum(p.get("travel_minutes", 0) for p in positions),
        "lower_bound_positions": lower,
        # The bound counts the positions needed to place *every* need: compare only when all are placed.
        "gap_to_lower_bound": (count - lower) if lower is not None and not plan.get("unassigned") else None,
        "status": plan.get("status"),
        "solve_seconds": stats.get("solve_seconds"),
    }


SHORT_NEED_ID = re.compile(r"\bn\d+\b")


def readable_reason(reason, id_map, needs_by_public_id):
    """An engine reason with its need ids ('chevauche n70') replaced by what planners know
    ('chevauche « Jardinier » (GAEC du Grand Pré)')."""
    public = id_map.get("needs", {})

    def label(match):
        need = needs_by_public_id.get(public.get(match.group(0), ""))
        return f"« {need.job_title} » ({need.organisation_name})" if need is not None else match.group(0)

    return SHORT_NEED_ID.sub(label, reason or "")
