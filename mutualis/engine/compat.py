"""Pre-processing shared by the heuristic and the CP-SAT model.

* Every need gets a list of candidate *patterns* (concrete intervals for one week). A fixed need has
  exactly one, its slots. A flexible need gets a few placements of its blocks inside its windows on a
  15-minute grid (see ``flexible_patterns``), some of them inside the availability of employees who
  have the skills.
* ``pair_ok`` says whether two patterns may sit in the same position (overlap, travel, daily rest,
  daily cap of the pair). Rules that sum over many needs (daily and weekly caps, members) are handled
  by :class:`Bin` here and by linear constraints in the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mutualis.engine.geo import TravelTable
from mutualis.engine.instance import TIMELINE_END, Instance, job_family

GRID = 15
N_DAYS = 8  # day 7 is the next Monday, reachable by slots that run past Sunday midnight
MAX_PATTERNS = 10


@dataclass(frozen=True)
class Pattern:
    intervals: tuple[tuple[int, int], ...]  # sorted
    day_minutes: tuple[int, ...]  # minutes per calendar day (day of a slot = start // 1440)

    @classmethod
    def of(cls, intervals) -> Pattern:
        intervals = tuple(sorted(intervals))
        days = [0] * N_DAYS
        for s, e in intervals:
            days[s // 1440] += e - s
        return cls(intervals, tuple(days))


def week_mask(weeks) -> int:
    mask = 0
    for w in weeks:
        mask |= 1 << w
    return mask


def alone_ok(intervals, params, cap: int | None) -> bool:
    """Whether one need's own intervals respect the per-position rules on their own."""
    intervals = sorted(intervals)
    for a, b in zip(intervals, intervals[1:], strict=False):
        if b[0] < a[1]:
            return False
    total = sum(e - s for s, e in intervals)
    if cap is not None and total > cap:
        return False
    days: dict[int, list[int]] = {}
    for s, e in intervals:
        d = days.setdefault(s // 1440, [0, s, e])
        d[0] += e - s
        d[1] = min(d[1], s)
        d[2] = max(d[2], e)
    if params.max_daily_minutes is not None and any(v[0] > params.max_daily_minutes for v in days.values()):
        return False
    rest = params.min_daily_rest_minutes
    if rest is not None:
        for day, (_, _, last_end) in days.items():
            nxt = days.get(day + 1)
            if nxt is not None and nxt[1] - last_end < rest:
                return False
    return True


def pair_ok(pa: Pattern, site_a, pb: Pattern, site_b, params, travel: TravelTable) -> bool:
    """Whether two patterns (of different needs sharing a week) can be worked by one person.

    Travel is required between *every* pair of intervals at different sites, which is what the
    contract asks of consecutive intervals and slightly stricter otherwise (documented).
    """
    t = travel(site_a, site_b)
    rest = params.min_daily_rest_minutes
    for s1, e1 in pa.intervals:
        d1 = s1 // 1440
        for s2, e2 in pb.intervals:
            if s2 < e1 + t and s1 < e2 + t:
                return False
            if rest is not None:
                d2 = s2 // 1440
                if d2 == d1 + 1 and s2 - e1 < rest:
                    return False
                if d1 == d2 + 1 and s1 - e2 < rest:
                    return False
    cap = params.max_daily_minutes
    if cap is not None:
        for x, y in zip(pa.day_minutes, pb.day_minutes, strict=True):
            if x + y > cap:
                return False
    return True


def within(intervals, availability) -> bool:
    """Every interval lies inside one (merged) availability interval."""
    if availability is None:
        return True
    return all(any(a <= s and e <= b for a, b in availability) for s, e in intervals)


def intersect(windows, availability):
    if availability is None:
        return tuple(windows)
    out = []
    for s, e in windows:
        for a, b in availability:
            lo, hi = max(s, a), min(e, b)
            if lo < hi:
                out.append((lo, hi))
    return tuple(sorted(out))


def _split(total: int, parts: int) -> list[int]:
    """Split minutes into ``parts`` blocks on the grid when possible, summing exactly to ``total``."""
    base = (total // parts) // GRID * GRID
    lengths = [base] * parts
    rest = total - base * parts
    k = 0
    while rest >= GRID:
        lengths[k % parts] += GRID
        rest -= GRID
        k += 1
    lengths[0] += rest
    return sorted(lengths, reverse=True)


ANCHORS = (None, 8 * 60, 13 * 60 + 30, -1)  # earliest in window, 08:00, 13:30, latest in window


def _candidates(windows, length: int, anchor) -> list[tuple[int, int]]:
    """One candidate start per (window, day) for a block of ``length`` minutes."""
    out = []
    for ws, we in windows:
        if we - ws < length:
            continue
        first_day, last_day = ws // 1440, (we - length) // 1440
        for day in range(first_day, last_day + 1):
            lo = max(ws, day * 1440)
            hi = min(we - length, day * 1440 + 1439)
            if lo > hi:
                continue
            if anchor is None:
                start = -(-lo // GRID) * GRID
                if start > hi:
                    start = lo
            elif anchor == -1:
                start = hi // GRID * GRID
                if start < lo:
                    start = hi
            else:
                start = min(max(day * 1440 + anchor, lo), hi)
            out.append((start, start + length))
    return out


def flexible_patterns(flex, params, cap, availability=None, limit: int = 6) -> list[Pattern]:
    """A few valid placements of a flexible need's blocks inside its windows (and an availability)."""
    windows = intersect(flex.windows, availability)
    total = flex.weekly_minutes
    high = min(x for x in (flex.max_block_minutes, params.max_daily_minutes, total) if x is not None)
    low = flex.min_block_minutes or 1
    if high < low or not windows:
        return []
    fewest = -(-total // high)
    most = total // low
    found: list[Pattern] = []
    seen = set()
    # Prefer blocks of about half a day: as many blocks as needed for <= 4 h each when allowed.
    preferred = max(fewest, min(most, -(-total // 240)))
    counts = [m for m in dict.fromkeys([preferred, fewest, preferred + 1, fewest + 1]) if fewest <= m <= most]
    for parts in counts:
        lengths = _split(total, parts)
        if lengths[-1] < low or lengths[0] > high:
            continue
        for variant in range(14):
            anchor = ANCHORS[variant % len(ANCHORS)]
            offset = (variant * 3) % 7
            intervals = _place(windows, lengths, anchor, offset)
            if intervals is None:
                continue
            key = tuple(intervals)
            if key in seen or not alone_ok(intervals, params, cap):
                continue
            seen.add(key)
            found.append(Pattern.of(intervals))
            if len(found) >= limit:
                return found
    return found


def _place(windows, lengths, anchor, offset):
    """Greedy placement: one block per day when possible, days visited from ``offset`` on."""
    chosen: list[tuple[int, int]] = []
    days_used: set[int] = set()
    for length in lengths:
        cands = _candidates(windows, length, anchor)
        if not cands:
            return None
        cands.sort(key=lambda c: (((c[0] // 1440) - offset) % N_DAYS, c[0]))
        pick = None
        for pass_ in (0, 1):
            for s, e in cands:
                if pass_ == 0 and s // 1440 in days_used:
                    continue
                if any(s < ce and cs < e for cs, ce in chosen):
                    continue
                if pass_ == 1 and any(0 <= s - ce < 60 or 0 <= cs - e < 60 for cs, ce in chosen):
                    continue  # leave a break between two blocks of one day
                pick = (s, e)
                break
            if pick:
                break
        if pick is None:
            return None
        chosen.append(pick)
        days_used.add(pick[0] // 1440)
    return sorted(chosen)


class Prepared:
    """Everything derived from an instance that the solvers share."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.params = params = instance.params
        self.travel = TravelTable(instance)
        self.n = len(instance.needs)
        self.masks = [week_mask(need.weeks) for need in instance.needs]
        self.week_rows = [np.array(sorted(need.weeks), dtype=np.int64) for need in instance.needs]
        caps = [params.max_weekly_minutes] + [instance.employee_cap(e) for e in instance.employees]
        self.max_cap = None if any(c is None for c in caps) else max(caps)
        self.time_free = self._is_time_free()
        self.patterns: list[list[Pattern]] = []
        for need in instance.needs:
            self.patterns.append(self._free_pattern(need) if self.time_free else self._patterns(need))
        # eligible[e] = {need index: [pattern indices the employee can work]}
        self.eligible: list[dict[int, list[int]]] = []
        # Index the needs by one of their skills, so that each employee only looks at the needs
        # whose skills it might hold (instead of every need).
        by_skill: dict[str, list[int]] = {}
        no_skill: list[int] = []
        for i, need in enumerate(instance.needs):
            if need.skills:
                by_skill.setdefault(min(need.skills), []).append(i)
            else:
                no_skill.append(i)
        all_patterns = [list(range(len(p))) for p in self.patterns]
        for employee in instance.employees:
            cap = instance.employee_cap(employee)
            allowed = {}
            candidates = sorted(no_skill + [i for skill in employee.skills for i in by_skill.get(skill, ())])
            needs = instance.needs
            skills = employee.skills
            availability = employee.availability
            for i in candidates:
                need = needs[i]
                if not need.skills <= skills or (cap is not None and need.minutes > cap):
                    continue
                if availability is None:
                    ks = all_patterns[i]  # shared, read-only
                else:
                    ks = [k for k, p in enumerate(self.patterns[i]) if within(p.intervals, availability)]
                if ks:
                    allowed[i] = ks
            self.eligible.append(allowed)
        self._pair_cache: dict[tuple[int, int, int, int], bool] = {}
        # Job families (ROME letter + two digits) of each need, for the rule on new positions.
        self.families = [frozenset(f for f in map(job_family, n.skills) if f) for n in instance.needs]
        rule = params.job_families
        self._family_groups = () if rule in (None, "any") else rule
        kinds = sorted({fs for fs in self.families if fs}, key=sorted)
        self.families_bind = rule != "any" and any(
            not self._sets_compatible(a, b) for x, a in enumerate(kinds) for b in kinds[x + 1 :]
        )

    def _sets_compatible(self, a: frozenset, b: frozenset) -> bool:
        if not a or not b or self.params.job_families == "any" or a & b:
            return True
        return any(g & a and g & b for g in self._family_groups)

    def same_job(self, i: int, j: int) -> bool:
        """Needs i and j may share a new position under ``params.job_families`` (docs/engine.md)."""
        return not self.families_bind or self._sets_compatible(self.families[i], self.families[j])

    def _is_time_free(self) -> bool:
        """Pure packing: no time structure can ever bind, so only volumes matter.

        True when every need is flexible over the whole week, there is no daily cap nor daily rest,
        employees are always available, and the week is long enough to lay any position's needs
        one after the other with the travel between them. Schedules are then laid out sequentially
        when the plan is written (``plan.schedules``).
        """
        inst = self.instance
        params = self.params
        if not inst.needs or self.max_cap is None:
            return False
        if params.max_daily_minutes is not None or params.min_daily_rest_minutes is not None:
            return False
        if any(e.availability is not None for e in inst.employees):
            return False
        if any(n.flexible is None or n.flexible.windows != ((0, TIMELINE_END),) for n in inst.needs):
            return False
        sites = sorted({n.site for n in inst.needs if n.site is not None})
        longest = max((self.travel(a, b) for a in sites[:200] for b in sites[:200]), default=0)
        if len(sites) > 200:
            return False
        shortest = min(n.minutes for n in inst.needs)
        return self.max_cap + (self.max_cap // shortest + 1) * longest <= TIMELINE_END

    def _free_pattern(self, need) -> list[Pattern]:
        """Block lengths for a time-free need, laid from minute 0 (moved when the plan is written)."""
        flex = need.flexible
        total = flex.weekly_minutes
        if total > self.max_cap:
            return []
        high = flex.max_block_minutes or total
        low = flex.min_block_minutes or 1
        for parts in range(-(-total // high), total // low + 1):
            lengths = _split(total, parts)
            if lengths[-1] >= low and lengths[0] <= high:
                starts = [sum(lengths[:k]) for k in range(parts)]
                return [Pattern.of([(s, s + n) for s, n in zip(starts, lengths, strict=True)])]
        return []

    def _patterns(self, need) -> list[Pattern]:
        params = self.params
        if need.slots is not None:
            ok = alone_ok(need.slots, params, self.max_cap)
            return [Pattern.of(need.slots)] if ok else []
        found = flexible_patterns(need.flexible, params, self.max_cap, limit=6)
        seen = {p.intervals for p in found}
        availabilities = []
        for employee in self.instance.employees:
            if need.skills <= employee.skills and employee.availability not in availabilities:
                availabilities.append(employee.availability)
        for availability in availabilities[:4]:
            if availability is None:
                continue
            for p in flexible_patterns(need.flexible, params, self.max_cap, availability, limit=2):
                if p.intervals not in seen and len(found) < MAX_PATTERNS:
                    seen.add(p.intervals)
                    found.append(p)
        return found

    def placeable(self, i: int) -> bool:
        """Whether need ``i`` could be placed at all (some pattern, and somewhere to go)."""
        if not self.patterns[i]:
            return False
        if self.params.new_positions:
            return True
        return any(i in allowed for allowed in self.eligible)

    def pair(self, i: int, k: int, j: int, m: int) -> bool:
        """Patterns k of need i and m of need j may share a position (ignoring sums over 3+ needs)."""
        if self.time_free or not self.masks[i] & self.masks[j]:
            return True
        key = (i, k, j, m) if i < j else (j, m, i, k)
        value = self._pair_cache.get(key)
        if value is None:
            needs = self.instance.needs
            value = pair_ok(
                self.patterns[i][k],
                needs[i].site,
                self.patterns[j][m],
                needs[j].site,
                self.params,
                self.travel,
            )
            self._pair_cache[key] = value
        return value

    def compatible(self, i: int, j: int, new_position: bool = False) -> bool:
        """Some patterns of the two needs may share a position (a new one: same job too)."""
        if new_position and not self.same_job(i, j):
            return False
        return any(
            self.pair(i, k, j, m) for k in range(len(self.patterns[i])) for m in range(len(self.patterns[j]))
        )


class Bin:
    """A position being built: incremental feasibility checks for the heuristic."""

    __slots__ = ("cap", "employee", "entries", "members", "prep", "week_days", "week_total")

    def __init__(self, prep: Prepared, employee: int | None):
        self.prep = prep
        self.employee = employee
        emp = None if employee is None else prep.instance.employees[employee]
        self.cap = prep.instance.employee_cap(emp)
        self.entries: list[tuple[int, int]] = []
        self.members: dict[str, int] = {}
        self.week_total = np.zeros(54, dtype=np.int64)
        self.week_days = np.zeros((54, N_DAYS), dtype=np.int64)

    @property
    def minutes(self) -> int:
        return int(self.week_total.max())

    def fits(self, i: int, k: int) -> bool:
        prep = self.prep
        need = prep.instance.needs[i]
        if self.employee is not None and k not in prep.eligible[self.employee].get(i, ()):
            return False
        limit = prep.params.max_members_per_position
        if limit is not None and need.member not in self.members and len(self.members) >= limit:
            return False
        if (
            self.employee is None
            and prep.families_bind
            and not all(prep.same_job(i, j) for j, _ in self.entries)
        ):
            return False
        rows = prep.week_rows[i]
        if self.cap is not None and self.week_total[rows].max() + need.minutes > self.cap:
            return False
        daily = prep.params.max_daily_minutes
        pattern = prep.patterns[i][k]
        if daily is not None and self.entries:
            days = [d for d, v in enumerate(pattern.day_minutes) if v]
            block = self.week_days[np.ix_(rows, days)]
            if (block + np.array([pattern.day_minutes[d] for d in days])).max() > daily:
                return False
        return all(prep.pair(i, k, j, m) for j, m in self.entries)

    def add(self, i: int, k: int) -> None:
        prep = self.prep
        need = prep.instance.needs[i]
        self.entries.append((i, k))
        self.members[need.member] = self.members.get(need.member, 0) + 1
        rows = prep.week_rows[i]
        self.week_total[rows] += need.minutes
        self.week_days[rows] += np.array(prep.patterns[i][k].day_minutes)

    def remove(self, i: int) -> None:
        prep = self.prep
        need = prep.instance.needs[i]
        k = next(k for j, k in self.entries if j == i)
        self.entries.remove((i, k))
        self.members[need.member] -= 1
        if not self.members[need.member]:
            del self.members[need.member]
        rows = prep.week_rows[i]
        self.week_total[rows] -= need.minutes
        self.week_days[rows] -= np.array(prep.patterns[i][k].day_minutes)

    def viable(self) -> bool:
        """Rule 6 for a new position: average over worked weeks >= min_weekly_minutes."""
        if self.employee is not None or not self.entries:
            return True
        worked = self.week_total > 0
        return int(self.week_total.sum()) >= self.prep.params.min_weekly_minutes * int(worked.sum())


def average_minutes(week_total) -> float:
    worked = int((week_total > 0).sum())
    return float(week_total.sum()) / worked if worked else 0.0
