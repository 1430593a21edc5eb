"""Parse and validate an engine instance (ENGINE.md, contract v1) into frozen dataclasses.

Every problem raises :class:`InstanceError` with the offending field, e.g.
``needs[n4].slots[1].end: must be greater than start (480)``. Nothing here knows about solving.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

WEEK_MINUTES = 10080
TIMELINE_END = WEEK_MINUTES + 1440  # a slot may run into the next Monday
ALL_WEEKS = frozenset(range(1, 54))

PARAM_DEFAULTS = {
    "max_weekly_minutes": 2100,
    "min_weekly_minutes": 1440,
    "max_daily_minutes": 600,
    "min_daily_rest_minutes": 660,
    "max_members_per_position": 4,
    "travel_speed_kmh": 40,
    "travel_detour": 1.3,
    "new_positions": True,
    "job_families": None,
}
NULLABLE_PARAMS = {
    "max_weekly_minutes",
    "max_daily_minutes",
    "min_daily_rest_minutes",
    "max_members_per_position",
}


class InstanceError(ValueError):
    """Bad input. ``field`` names the offending place, ``str(error)`` is one line."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


@dataclass(frozen=True)
class Params:
    max_weekly_minutes: int | None = 2100
    min_weekly_minutes: int = 1440
    max_daily_minutes: int | None = 600
    min_daily_rest_minutes: int | None = 660
    max_members_per_position: int | None = 4
    travel_speed_kmh: float = 40
    travel_detour: float = 1.3
    new_positions: bool = True
    # None: only needs of one job family share a new position; "any": any mix; a tuple of frozensets:
    # one family, or families listed together in one of these groups.
    job_families: str | tuple[frozenset[str], ...] | None = None


@dataclass(frozen=True)
class Site:
    id: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Flexible:
    weekly_minutes: int
    windows: tuple[tuple[int, int], ...]  # merged, sorted
    min_block_minutes: int | None
    max_block_minutes: int | None


@dataclass(frozen=True)
class Need:
    id: str
    member: str
    skills: frozenset[str]
    site: str | None
    slots: tuple[tuple[int, int], ...] | None
    flexible: Flexible | None
    weeks: frozenset[int]  # resolved: every ISO week 1..53 when the input says null

    @property
    def minutes(self) -> int:
        """Minutes in a week when the need is active."""
        if self.slots is not None:
            return sum(e - s for s, e in self.slots)
        return self.flexible.weekly_minutes


@dataclass(frozen=True)
class Employee:
    id: str
    skills: frozenset[str]
    home_site: str | None
    availability: tuple[tuple[int, int], ...] | None  # merged, sorted; None = always available
    contract_weekly_minutes: int | None


@dataclass(frozen=True)
class Instance:
    params: Params
    sites: dict[str, Site]
    needs: tuple[Need, ...]
    employees: tuple[Employee, ...]
    need_index: dict[str, int] = field(repr=False, compare=False, default_factory=dict)

    def employee_cap(self, employee: Employee | None) -> int | None:
        """Weekly cap of a position: the employee's contract, else ``max_weekly_minutes``."""
        if employee is not None and employee.contract_weekly_minutes is not None:
            return employee.contract_weekly_minutes
        return self.params.max_weekly_minutes


def merge_intervals(intervals) -> tuple[tuple[int, int], ...]:
    """Sort and merge touching or overlapping intervals."""
    merged: list[list[int]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return tuple((s, e) for s, e in merged)


# --- small typed readers -------------------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _obj(value, where: str, allowed: set[str], required: set[str] = frozenset()) -> dict:
    if not isinstance(value, dict):
        raise InstanceError(where, f"must be an object, got {_type_name(value)}")
    for key in value:
        if key not in allowed:
            raise InstanceError(f"{where}.{key}" if where else key, "unknown key")
    for key in sorted(required):
        if key not in value:
            raise InstanceError(f"{where}.{key}" if where else key, "is required")
    return value


def _list(value, where: str, allow_empty: bool = True) -> list:
    if not isinstance(value, list):
        raise InstanceError(where, f"must be a list, got {_type_name(value)}")
    if not allow_empty and not value:
        raise InstanceError(where, "must not be empty")
    return value


def _str(value, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(where, f"must be a non-empty string, got {_type_name(value)}")
    return value


def _int(value, where: str, minimum: int | None = None, maximum: int | None = None) -> int:
    if not _is_int(value):
        raise InstanceError(where, f"must be an integer, got {_type_name(value)}")
    if minimum is not None and value < minimum:
        raise InstanceError(where, f"must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise InstanceError(where, f"must be at most {maximum}, got {value}")
    return value


def _type_name(value) -> str:
    if value is None:
        return "null"
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "object",
    }.get(type(value), type(value).__name__)


def _intervals(value, where: str, allow_empty: bool = False) -> tuple[tuple[int, int], ...]:
    result = []
    for k, item in enumerate(_list(value, where, allow_empty=allow_empty)):
        here = f"{where}[{k}]"
        _obj(item, here, {"start", "end"}, {"start", "end"})
        start = _int(item["start"], f"{here}.start", 0, TIMELINE_END - 1)
        end = _int(item["end"], f"{here}.end", 1, TIMELINE_END)
        if end <= start:
            raise InstanceError(f"{here}.end", f"must be greater than start ({start}), got {end}")
        result.append((start, end))
    return tuple(result)


def _skills(value, where: str) -> frozenset[str]:
    return frozenset(_str(s, f"{where}[{k}]") for k, s in enumerate(_list(value, where)))


# --- sections ------------------------------------------------------------------------------------


def _params(raw) -> Params:
    if raw is None:
        return Params()
    _obj(raw, "params", set(PARAM_DEFAULTS))
    values = dict(PARAM_DEFAULTS)
    for key, value in raw.items():
        where = f"params.{key}"
        if value is None and key in NULLABLE_PARAMS:
            values[key] = None
        elif key == "job_families":
            values[key] = _job_families(value, where)
        elif key == "new_positions":
            if not isinstance(value, bool):
                raise InstanceError(where, f"must be true or false, got {_type_name(value)}")
            values[key] = value
        elif key in ("travel_speed_kmh", "travel_detour"):
            if not _is_number(value) or value <= 0:
                raise InstanceError(where, f"must be a positive number, got {value!r}")
            values[key] = value
        elif key == "min_weekly_minutes" or key == "min_daily_rest_minutes":
            values[key] = _int(value, where, 0)
        else:
            values[key] = _int(value, where, 1)
    return Params(**values)


FAMILY_RE = re.compile(r"^[A-N][0-9]{2}$")
ROME_RE = re.compile(r"^[A-N][0-9]{4}$")


def job_family(skill: str) -> str | None:
    """ROME job family of a skill code (``G1602`` -> ``G16``), None for other skills."""
    return skill[:3] if ROME_RE.match(skill) else None


def families_compatible(params, skills_a, skills_b) -> bool:
    """Whether two needs (by their skills) may share a new position under ``params.job_families``."""
    a = {f for f in map(job_family, skills_a) if f}
    b = {f for f in map(job_family, skills_b) if f}
    rule = params.job_families
    if not a or not b or rule == "any" or a & b:
        return True
    return any(g & a and g & b for g in (rule or ()))


def parse_job_families(value, where: str = "params.job_families"):
    """``params.job_families`` as the engine reads it; raises InstanceError naming the field."""
    return _job_families(value, where)


def _job_families(value, where: str):
    if value is None or value in ("same", "any"):
        return None if value in (None, "same") else "any"
    if isinstance(value, str):
        raise InstanceError(where, f"must be 'same', 'any' or a list of groups of families, got {value!r}")
    groups = []
    for k, group in enumerate(_list(value, where)):
        families = _list(group, f"{where}[{k}]", allow_empty=False)
        for x, family in enumerate(families):
            if not isinstance(family, str) or not FAMILY_RE.match(family):
                raise InstanceError(
                    f"{where}[{k}][{x}]", f"must be a job family such as 'G16', got {family!r}"
                )
        groups.append(frozenset(families))
    return tuple(groups)


def _sites(raw) -> dict[str, Site]:
    sites: dict[str, Site] = {}
    for k, item in enumerate(_list(raw, "sites")):
        where = f"sites[{k}]"
        _obj(item, where, {"id", "lat", "lon"}, {"id", "lat", "lon"})
        site_id = _str(item["id"], f"{where}.id")
        where = f"sites[{site_id}]"
        if site_id in sites:
            raise InstanceError(f"{where}.id", "duplicate site id")
        lat, lon = item["lat"], item["lon"]
        if not _is_number(lat) or not -90 <= lat <= 90:
            raise InstanceError(f"{where}.lat", f"must be a number between -90 and 90, got {lat!r}")
        if not _is_number(lon) or not -180 <= lon <= 180:
            raise InstanceError(f"{where}.lon", f"must be a number between -180 and 180, got {lon!r}")
        sites[site_id] = Site(site_id, float(lat), float(lon))
    return sites


def _weeks(raw, where: str) -> frozenset[int]:
    if raw is None:
        return ALL_WEEKS
    weeks = [_int(w, f"{where}[{k}]", 1, 53) for k, w in enumerate(_list(raw, where, allow_empty=False))]
    if len(set(weeks)) != len(weeks):
        raise InstanceError(where, "lists a week twice")
    return frozenset(weeks)


def _site_ref(raw, where: str, sites: dict[str, Site]) -> str | None:
    if raw is None:
        return None
    site = _str(raw, where)
    if site not in sites:
        raise InstanceError(where, f"unknown site {site!r}")
    return site


def _label(section: str, k: int, item) -> str:
    """``needs[n4]`` when the item has a usable id, else ``needs[3]``."""
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return f"{section}[{item['id']}]"
    return f"{section}[{k}]"


def _need(item, k: int, sites: dict[str, Site]) -> Need:
    allowed = {"id", "member", "skills", "site", "slots", "flexible", "weeks"}
    _obj(item, _label("needs", k, item), allowed, {"id", "member"})
    need_id = _str(item["id"], f"needs[{k}].id")
    where = f"needs[{need_id}]"
    member = _str(item["member"], f"{where}.member")
    skills = _skills(item.get("skills", []), f"{where}.skills")
    site = _site_ref(item.get("site"), f"{where}.site", sites)
    has_slots, has_flex = "slots" in item, "flexible" in item
    if has_slots == has_flex:
        raise InstanceError(where, "needs exactly one of 'slots' or 'flexible'")
    slots = flexible = None
    if has_slots:
        slots = tuple(sorted(_intervals(item["slots"], f"{where}.slots")))
        for a, b in zip(slots, slots[1:], strict=False):
            if b[0] < a[1]:
                raise InstanceError(f"{where}.slots", f"slots {a[0]}-{a[1]} and {b[0]}-{b[1]} overlap")
    else:
        flexible = _flexible(item["flexible"], f"{where}.flexible")
    weeks = _weeks(item.get("weeks"), f"{where}.weeks")
    return Need(need_id, member, skills, site, slots, flexible, weeks)


def _flexible(raw, where: str) -> Flexible:
    allowed = {"weekly_minutes", "windows", "min_block_minutes", "max_block_minutes"}
    _obj(raw, where, allowed, {"weekly_minutes"})
    minutes = _int(raw["weekly_minutes"], f"{where}.weekly_minutes", 1, TIMELINE_END)
    windows = ((0, TIMELINE_END),)
    if "windows" in raw:
        windows = merge_intervals(_intervals(raw["windows"], f"{where}.windows"))
    low = raw.get("min_block_minutes")
    high = raw.get("max_block_minutes")
    low = None if low is None else _int(low, f"{where}.min_block_minutes", 1)
    high = None if high is None else _int(high, f"{where}.max_block_minutes", 1)
    if low is not None and high is not None and high < low:
        raise InstanceError(f"{where}.max_block_minutes", f"is below min_block_minutes ({low})")
    return Flexible(minutes, windows, low, high)


def _employee(item, k: int, sites: dict[str, Site]) -> Employee:
    allowed = {"id", "skills", "home_site", "availability", "contract_weekly_minutes"}
    _obj(item, _label("employees", k, item), allowed, {"id"})
    emp_id = _str(item["id"], f"employees[{k}].id")
    where = f"employees[{emp_id}]"
    skills = _skills(item.get("skills", []), f"{where}.skills")
    home = _site_ref(item.get("home_site"), f"{where}.home_site", sites)
    availability = None
    if item.get("availability") is not None:
        availability = merge_intervals(
            _intervals(item["availability"], f"{where}.availability", allow_empty=True)
        )
    contract = item.get("contract_weekly_minutes")
    if contract is not None:
        contract = _int(contract, f"{where}.contract_weekly_minutes", 1)
    return Employee(emp_id, skills, home, availability, contract)


def parse_instance(raw) -> Instance:
    """Validate a decoded JSON instance; raise :class:`InstanceError` on the first problem."""
    if not isinstance(raw, dict):
        raise InstanceError("instance", f"must be a JSON object, got {_type_name(raw)}")
    _obj(raw, "", {"version", "params", "sites", "needs", "employees"}, {"version", "needs"})
    if raw["version"] != 1 or not _is_int(raw["version"]):
        raise InstanceError("version", f"must be 1, got {raw['version']!r}")
    params = _params(raw.get("params"))
    sites = _sites(raw.get("sites") or [])
    needs = []
    index: dict[str, int] = {}
    for k, item in enumerate(_list(raw["needs"], "needs")):
        need = _need(item, k, sites)
        if need.id in index:
            raise InstanceError(f"needs[{need.id}].id", "duplicate need id")
        index[need.id] = len(needs)
        needs.append(need)
    employees = []
    seen: set[str] = set()
    for k, item in enumerate(_list(raw.get("employees") or [], "employees")):
        employee = _employee(item, k, sites)
        if employee.id in seen:
            raise InstanceError(f"employees[{employee.id}].id", "duplicate employee id")
        seen.add(employee.id)
        employees.append(employee)
    return Instance(params, sites, tuple(needs), tuple(employees), index)


def load_instance(path: str) -> Instance:
    """Read and parse an instance file; unreadable files and bad JSON become InstanceError."""
    return parse_instance(read_json(path, "instance"))


def read_json(path: str, what: str):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise InstanceError(what, f"cannot read {path}: {error.strerror or error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InstanceError(what, f"{path} is not valid JSON ({error})") from None
