"""Pure staffing as the Shift Minimisation Personnel Task Scheduling Problem (SMPTSP).

Applies when needs may only go to existing employees (``new_positions: false``), every need has fixed
slots, and no rule links two needs beyond their overlap: no daily cap, no daily rest, no travel (all
needs at one site or without a site). Weekly caps (contracts) and ``max_members_per_position`` are
kept as linear constraints. The objectives of ENGINE.md reduce to: cover as many minutes as
possible, then use as few employees as possible, then fewest members per employee.

Method (sources in ADR 2026-12-03-engine-v2: Krishnamoorthy, Ernst & Baatar 2012; Smet et al. 2014;
Lin & Ying 2014; Fages & Lapègue 2014):

1. Conflicts are interval cliques: per employee, a sweep over the needs they can take emits every
   maximal set of needs running at one instant (one "at most one" each), the same decomposition as
   an all-different over the cliques of the task interval graph.
2. Lower bound on employees (when every coverable need is covered): the largest number of needs
   running at one instant (interval-graph clique), and CP-SAT's own LP bound.
3. Construction by start time: each need goes to the busy employee who can take it and is the least
   versatile (keeping versatile people free for later), else to the most versatile idle employee;
   needs left over are then inserted by ejection chains of length two (move a blocking need to
   another employee). Identical employees (same eligible needs and cap) are used in order, which
   also breaks their symmetry in the model.
4. CP-SAT, hinted with the construction: stage 1 maximises the minutes covered (skipped when the
   construction covers every coverable need), stage 2 keeps them and minimises employees used with
   the lower bound as a constraint, so the search stops the moment a plan meets the bound. Large
   instances (too many eligibility pairs to model whole) use large neighbourhood search instead:
   remove the lightest employee together with the employees who could take its needs, and repair
   with the same model on that subset, hinted with the incumbent.
5. At the bound (third round, ADR 2026-12-03-engine-v2 "2026-12-04"): when ``k`` employees must
   cover needs whose interval depth is ``k``, every employee kept is busy at each instant of depth
   ``k``, so each takes exactly one need of every clique of size ``k`` (``at_bound``). Up to 250
   needs, a plan one above the bound tries each of its employees out with that model (a fixed set:
   CP-SAT proves most sets infeasible in a fraction of a second). Otherwise ``step_down`` removes
   employees one at a time: each employee in turn, lightest first, is removed and its needs placed by
   ejection chains and a short tabu search over partial assignments (``partial_col``, after
   Blöchliger & Zufferey's PartialCol), then time-window LNS with the other employees fixed: windows
   that must be covered whole (with the clique equalities above) and windows that cover the most
   minutes, equal moves allowed so the needs left out walk through the plan.
6. Fourth round (ADR 2026-12-03-engine-v2, "2026-12-05"): one or two above the bound, the probe
   re-matches exactly the needs around an instant of depth ``k`` (``critical_window``: with ``k``
   employees kept each is busy then, so the window's CP-SAT model with the clique equalities is
   tight and proves or solves a window of ~400 needs in a fraction of a second to two seconds); the
   chronological decomposition of Smet et al. (2014) cut at the instants where every employee works.
7. Fifth round (ADR 2026-12-03-engine-v2, "2026-12-05 (evening)"): the LP over chains (``chains``),
   tight on the standard families, dived with warm-started re-solves: below 250 needs once every need
   is covered; in the portfolio's second variant first up to 450 needs, and above as the repair of a
   large neighbourhood search over groups of employees (``chains.reduce_by_groups``).
"""

from __future__ import annotations

import random
import time
from bisect import bisect_left
from dataclasses import dataclass

from mutualis.engine import chains, preload, stopper
from mutualis.engine.compat import Prepared

NAME = "staffing"
OBJECTIVE = "employees"
FULL_MODEL_PAIRS = 120_000  # eligibility pairs above which the whole model is not built at once
FULL_MODEL_CLIQUE_TERMS = 1_500_000
EXACT_WINDOW = 120  # needs at most in a window that must be covered whole
AT_BOUND_NEEDS = 250  # the exact model at the bound is tried up to this many needs (windows above)
AT_BOUND_EXCESS = 3  # plans at most this far above the bound: choose ``lower`` of their employees exactly
DIVE_NEEDS = 250  # LP diving over chains: one LP row per need, re-solved after each fixing
PORTFOLIO_DIVE_NEEDS = 450  # the portfolio's second variant dives up to this many needs (~2.5 s for 330)


@dataclass
class Result:
    positions: list
    lower: int
    bound_name: str
    lower_positions: int
    proven: bool


def applicable(prep: Prepared) -> bool:
    inst = prep.instance
    params = prep.params
    if params.new_positions or not inst.employees or not inst.needs:
        return False
    if params.max_daily_minutes is not None or params.min_daily_rest_minutes is not None:
        return False
    if any(n.slots is None for n in inst.needs):
        return False
    sites = {n.site for n in inst.needs if n.site is not None}
    return len(sites) <= 1 and all(e.home_site is None or e.home_site in sites for e in inst.employees)


class _Data:
    """Intervals, week masks and eligibility of the needs (fixed patterns only)."""

    def __init__(self, prep: Prepared):
        inst = prep.instance
        self.prep = prep
        self.n = prep.n
        self.minutes = [n.minutes for n in inst.needs]
        self.masks = prep.masks
        self.intervals = [prep.patterns[i][0].intervals if prep.patterns[i] else () for i in range(self.n)]
        self.caps = [inst.employee_cap(e) for e in inst.employees]
        self.members = [n.member for n in inst.needs]
        self.limit = prep.params.max_members_per_position
        self.elig_of_emp = [sorted(allowed) for allowed in prep.eligible]
        self.elig_of_need: list[list[int]] = [[] for _ in range(self.n)]
        for e, lst in enumerate(self.elig_of_emp):
            for i in lst:
                self.elig_of_need[i].append(e)
        self.coverable = [i for i in range(self.n) if self.elig_of_need[i]]
        self.week_sets = _week_sets(prep, self.coverable)


def _week_sets(prep, needs) -> list[frozenset[int]]:
    """Maximal sets of needs active in a common week."""
    sets = set()
    for w in range(1, 54):
        bit = 1 << w
        active = frozenset(i for i in needs if prep.masks[i] & bit)
        if active:
            sets.add(active)
    ordered = sorted(sets, key=len, reverse=True)
    out: list[frozenset[int]] = []
    for s in ordered:
        if not any(s <= t for t in out):
            out.append(s)
    return out


def cliques(data: _Data, needs) -> list[list[int]]:
    """Maximal sets (size >= 2) of these needs running at one common instant of a common week."""
    out = []
    seen = set()
    needs = set(needs)
    for group in data.week_sets:
        events = sorted((s, e, i) for i in needs & group for s, e in data.intervals[i])
        active: list[tuple[int, int]] = []
        for s, e, i in events:
            if any(end <= s for end, _ in active):
                _emit(active, out, seen)
                active = [a for a in active if a[0] > s]
            active.append((e, i))
        _emit(active, out, seen)
    return out


def _emit(active, out, seen):
    items = frozenset(i for _, i in active)
    if len(items) > 1 and items not in seen:
        seen.add(items)
        out.append(sorted(items))


def depth_bound(data: _Data, needs) -> int:
    """Largest number of these needs running at one instant of a common week."""
    best = 0
    needs = set(needs)
    for group in data.week_sets:
        events = []
        for i in needs & group:
            for s, e in data.intervals[i]:
                events.append((s, 1))
                events.append((e, -1))
        depth = 0
        for _, delta in sorted(events):
            depth += delta
            best = max(best, depth)
    return best


class _Load:
    """An employee's current needs, for fast conflict checks in the construction."""

    __slots__ = ("count", "items", "members", "minutes_by_set", "starts")

    def __init__(self):
        self.items: list[tuple[int, int, int]] = []  # (start, end, need), sorted
        self.starts: list[int] = []
        self.members: dict[str, int] = {}
        self.minutes_by_set: dict[int, int] = {}
        self.count = 0


def _free(data: _Data, load: _Load, e: int, i: int, set_ids) -> bool:
    mask = data.masks[i]
    for s, end in data.intervals[i]:
        x = bisect_left(load.starts, end)
        # Intervals starting before ``end``: any of them ending after ``s`` overlaps.
        for y in range(x - 1, -1, -1):
            s2, e2, j = load.items[y]
            if e2 > s and data.masks[j] & mask:
                return False
            if s2 + 1440 * 8 < s:
                break
    if data.limit is not None and data.members[i] not in load.members and len(load.members) >= data.limit:
        return False
    cap = data.caps[e]
    if cap is not None:
        for sid in set_ids[i]:
            if load.minutes_by_set.get(sid, 0) + data.minutes[i] > cap:
                return False
    return True


def _put(data: _Data, load: _Load, i: int, set_ids) -> None:
    for s, e in data.intervals[i]:
        x = bisect_left(load.starts, s)
        load.starts.insert(x, s)
        load.items.insert(x, (s, e, i))
    load.members[data.members[i]] = load.members.get(data.members[i], 0) + 1
    for sid in set_ids[i]:
        load.minutes_by_set[sid] = load.minutes_by_set.get(sid, 0) + data.minutes[i]
    load.count += 1


def _take(data: _Data, load: _Load, i: int, set_ids) -> None:
    keep = [(s, e, j) for s, e, j in load.items if j != i]
    load.items = keep
    load.starts = [s for s, _, _ in keep]
    m = data.members[i]
    load.members[m] -= 1
    if not load.members[m]:
        del load.members[m]
    for sid in set_ids[i]:
        load.minutes_by_set[sid] -= data.minutes[i]
    load.count -= 1


def construct(data: _Data, deadline: float, start: dict[int, int] | None = None) -> dict[int, int]:
    """The best of the constructions by start time: most minutes covered, then fewest employees.
    ``start``: needs already placed, put first (the ejection chains for what is left may move them)."""
    best = None
    for rule in ("gap", "versatility"):
        found = _construct(data, deadline, rule, start or {})
        key = (sum(data.minutes[i] for i in found), -len(set(found.values())))
        if best is None or key > best[0]:
            best = (key, found)
        if time.monotonic() > deadline:
            break
    return best[1]


def _last_end(load: _Load, start: int) -> int:
    """End of the employee's interval starting last before ``start`` (-1 when none or when it
    runs past ``start``): how tightly the need would follow the employee's previous one."""
    x = bisect_left(load.starts, start) - 1
    if x < 0:
        return -1
    end = load.items[x][1]
    return end if end <= start else -1


def _construct(data: _Data, deadline: float, rule: str, start: dict[int, int]) -> dict[int, int]:
    """Need -> employee, by start time (see the module docstring). ``rule`` ranks the busy employees
    who can take a need: ``gap`` (the one whose previous need ended last, so chains stay tight, then
    the least versatile) or ``versatility`` (the least versatile first)."""
    set_ids = {i: [k for k, g in enumerate(data.week_sets) if i in g] for i in data.coverable}
    loads = [_Load() for _ in data.caps]
    versatility = [len(lst) for lst in data.elig_of_emp]
    assign: dict[int, int] = dict(start)
    for i, e in start.items():
        _put(data, loads[e], i, set_ids)
    order = sorted(data.coverable, key=lambda i: (data.intervals[i][0][0], -data.minutes[i], i))
    for i in order:
        if i in assign:
            continue
        if time.monotonic() > deadline:
            break
        busy = [e for e in data.elig_of_need[i] if loads[e].count]
        if rule == "gap":
            start = data.intervals[i][0][0]
            busy.sort(key=lambda e: (-_last_end(loads[e], start), versatility[e], e))
        else:
            busy.sort(key=lambda e: (versatility[e], e))
        pick = next((e for e in busy if _free(data, loads[e], e, i, set_ids)), None)
        if pick is None:
            idle = [e for e in data.elig_of_need[i] if not loads[e].count]
            idle.sort(key=lambda e: (-versatility[e], e))
            pick = next((e for e in idle if _free(data, loads[e], e, i, set_ids)), None)
        if pick is not None:
            _put(data, loads[pick], i, set_ids)
            assign[i] = pick
    # Ejection chains of length two for what is left.
    for i in order:
        if i in assign or time.monotonic() > deadline:
            continue
        done = False
        for e in data.elig_of_need[i]:
            blocking = {j for j, f in assign.items() if f == e and _clash(data, i, j)}
            if len(blocking) != 1:
                continue
            (j,) = blocking
            _take(data, loads[e], j, set_ids)
            if not _free(data, loads[e], e, i, set_ids):
                _put(data, loads[e], j, set_ids)
                continue
            for f in sorted(data.elig_of_need[j], key=lambda f: (not loads[f].count, f)):
                if f != e and _free(data, loads[f], f, j, set_ids):
                    _put(data, loads[f], j, set_ids)
                    assign[j] = f
                    _put(data, loads[e], i, set_ids)
                    assign[i] = e
                    done = True
                    break
            if done:
                break
            _put(data, loads[e], j, set_ids)
    return assign


def _clash(data: _Data, i: int, j: int) -> bool:
    if not data.masks[i] & data.masks[j]:
        return False
    return any(s1 < e2 and s2 < e1 for s1, e1 in data.intervals[i] for s2, e2 in data.intervals[j])


def identical_groups(data: _Data, employees) -> list[list[int]]:
    """Employees who can take exactly the same needs under the same cap (interchangeable)."""
    groups: dict[tuple, list[int]] = {}
    for e in employees:
        groups.setdefault((tuple(data.elig_of_emp[e]), data.caps[e]), []).append(e)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def canonical(data: _Data, assign: dict[int, int], employees) -> dict[int, int]:
    """Relabel interchangeable employees so that the used ones come first (symmetry breaking)."""
    out = dict(assign)
    for group in identical_groups(data, employees):
        used = sorted({e for e in out.values() if e in set(group)})
        mapping = dict(zip(used, group[: len(used)], strict=True))
        for i, e in out.items():
            if e in mapping:
                out[i] = mapping[e]
    return out


def _model(data: _Data, needs, employees, hint: dict[int, int], allowed=None):
    """CP-SAT model of staffing ``needs`` with ``employees`` (``allowed[i]``: a narrower list of
    employees for need i). Returns (model, x, used, minutes_expr)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    emp_set = set(employees)
    need_set = set(needs)
    x: dict[tuple[int, int], object] = {}
    for i in needs:
        for e in data.elig_of_need[i] if allowed is None else allowed[i]:
            if e in emp_set:
                x[i, e] = model.new_bool_var("")
    by_need: dict[int, list] = {}
    by_emp: dict[int, list[int]] = {e: [] for e in employees}
    for (i, e), v in x.items():
        by_need.setdefault(i, []).append(v)
        by_emp[e].append(i)
    for vs in by_need.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    used = {}
    for e in employees:
        mine = by_emp[e]
        if not mine:
            continue
        u = model.new_bool_var("")
        used[e] = u
        for i in mine:
            model.add_implication(x[i, e], u)
        model.add_bool_or([x[i, e] for i in mine]).only_enforce_if(u)
        for clique in cliques(data, mine):
            model.add_at_most_one([x[i, e] for i in clique])
        cap = data.caps[e]
        if cap is not None:
            for group in data.week_sets:
                inside = [i for i in mine if i in group]
                if sum(data.minutes[i] for i in inside) > cap:
                    model.add(sum(data.minutes[i] * x[i, e] for i in inside) <= cap)
        if data.limit is not None:
            by_member: dict[str, list[int]] = {}
            for i in mine:
                by_member.setdefault(data.members[i], []).append(i)
            if len(by_member) > data.limit:
                mvars = []
                for lst in by_member.values():
                    mv = model.new_bool_var("")
                    for i in lst:
                        model.add_implication(x[i, e], mv)
                    mvars.append(mv)
                    model.add_hint(mv, any(hint.get(i) == e for i in lst))
                model.add(sum(mvars) <= data.limit)
    for group in identical_groups(data, [e for e in employees if e in used]):
        for a, b in zip(group, group[1:], strict=False):
            model.add_implication(used[b], used[a])
    for (i, e), v in x.items():
        model.add_hint(v, hint.get(i) == e)
    for e, u in used.items():
        model.add_hint(u, any(hint.get(i) == e for i in by_emp[e]))
    minutes = sum(data.minutes[i] * v for (i, _), v in x.items())
    del need_set
    return model, x, used, minutes


def _solver(seconds: float, seed: int, reproducible: bool, threads: int, work: float | None = None):
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = threads
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.02, seconds)
    if reproducible:
        solver.parameters.interleave_search = True
        if work is not None:
            solver.parameters.max_deterministic_time = work
    return solver


def optimise(data, needs, employees, hint, deadline, seed, stop, lower, threads, reproducible, work=None):
    """Stage 1 (minutes) then stage 2 (employees) on one model. Returns (assign, cover_opt, emp_opt,
    objective bound on employees)."""
    from ortools.sat.python import cp_model

    model, x, used, minutes = _model(data, needs, employees, hint)
    coverable = [i for i in needs if any(e in set(employees) for e in data.elig_of_need[i])]
    target = sum(data.minutes[i] for i in coverable)
    current = sum(data.minutes[i] for i in needs if i in hint)
    assign = dict(hint)
    cover_opt = current >= target
    if not cover_opt:
        model.maximize(minutes)
        left = deadline - time.monotonic()
        solver = _solver(left * 0.5, seed, reproducible, threads, None if work is None else work * 0.5)
        status = stopper.solve(solver, model, stop)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            value = int(solver.objective_value)
            if value >= current:
                assign = {i: e for (i, e), v in x.items() if solver.boolean_value(v)}
                current = value
            cover_opt = status == cp_model.OPTIMAL or current >= target
        model.clear_hints()
        for (i, e), v in x.items():
            model.add_hint(v, assign.get(i) == e)
        for e, u in used.items():
            model.add_hint(u, e in set(assign.values()))
        model.clear_objective()
    if current >= target:
        # Every coverable need is covered: keep that as "exactly one" per need, which propagates far
        # better than a bound on the minutes covered.
        by_need: dict[int, list] = {}
        for (i, _e), v in x.items():
            by_need.setdefault(i, []).append(v)
        for i in coverable:
            model.add_exactly_one(by_need[i])
    else:
        model.add(minutes >= current)
    total_used = sum(used.values())
    if cover_opt and lower:
        model.add(total_used >= lower)
    model.minimize(total_used)
    left = deadline - time.monotonic()
    if left < 0.05 or (stop is not None and stop.is_set()):
        return assign, cover_opt, False, lower
    # CP-SAT overruns its limit on a loaded machine (presolve, many threads on 2 cores): keep a margin.
    solver = _solver(max(0.05, 0.85 * left - 0.2), seed + 1, reproducible, threads, work)
    status = stopper.solve(solver, model, stop)
    bound = lower
    emp_opt = False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        new = {i: e for (i, e), v in x.items() if solver.boolean_value(v)}
        if sum(data.minutes[i] for i in new) >= current and len(set(new.values())) <= len(
            set(assign.values())
        ):
            assign = new
        emp_opt = status == cp_model.OPTIMAL
        bound = max(lower, int(round(solver.best_objective_bound)))
    return assign, cover_opt, emp_opt, bound


def feasible_at(data: _Data, k: int, hint: dict[int, int], deadline, seed, stop, reproducible, threads=4):
    """Every coverable need covered by at most ``k`` employees (CP-SAT feasibility, hinted with a
    plan that uses more): the assignment, or None when not found in time."""
    from ortools.sat.python import cp_model

    employees = list(range(len(data.caps)))
    model, x, used, _minutes = _model(data, data.coverable, employees, hint)
    by_need: dict[int, list] = {}
    for (i, _e), v in x.items():
        by_need.setdefault(i, []).append(v)
    for i in data.coverable:
        model.add_exactly_one(by_need[i])
    model.add(sum(used.values()) <= k)
    left = deadline - time.monotonic()
    if left < 0.1:
        return None
    solver = _solver(left, seed, reproducible, threads, max(0.5, left) if reproducible else None)
    status = stopper.solve(solver, model, stop)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {i: e for (i, e), v in x.items() if solver.boolean_value(v)}


def at_bound(data: _Data, pool, k: int, deadline, seed, stop, reproducible, threads=2):
    """Every coverable need on exactly one of ``k`` employees chosen in ``pool``, where ``k`` is the
    interval depth: then at each instant of depth ``k`` every chosen employee is busy, so each takes
    exactly one need of every clique of size ``k`` (``sum x[i, e] over the clique == used[e]``), which
    propagates far better than "at most one". The assignment, or None when not found in time."""
    from ortools.sat.python import cp_model

    crit = [set(c) for c in cliques(data, data.coverable) if len(c) == k]
    pool = sorted(pool)
    model, x, used, _minutes = _model(data, data.coverable, pool, {})
    model.clear_hints()  # an empty hint would suggest "nobody"; the incumbent's slowed the search down
    by_need: dict[int, list] = {}
    for (i, _e), v in x.items():
        by_need.setdefault(i, []).append(v)
    if any(i not in by_need for i in data.coverable):
        return None
    for i in data.coverable:
        model.add_exactly_one(by_need[i])
    for e, u in used.items():
        mine = set(data.elig_of_emp[e])
        for clique in crit:
            model.add(sum(x[i, e] for i in clique & mine) == u)
    model.add(sum(used.values()) == k)
    left = deadline - time.monotonic()
    if left < 0.1:
        return None
    solver = _solver(left, seed, reproducible, threads, max(0.3, 0.5 * left) if reproducible else None)
    status = stopper.solve(solver, model, stop)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {i: e for (i, e), v in x.items() if solver.boolean_value(v)}


def _blockers(data: _Data, load: _Load, i: int) -> list[int]:
    """The needs in this load that overlap need i."""
    out = []
    mask = data.masks[i]
    for s, end in data.intervals[i]:
        x = bisect_left(load.starts, end)
        for y in range(x - 1, -1, -1):
            s2, e2, j = load.items[y]
            if e2 > s and data.masks[j] & mask and j not in out:
                out.append(j)
            if s2 + 1440 * 8 < s:
                break
    return out


def partial_col(
    data: _Data, cur, keep, deadline, rng, stop=None, moves=None, tenure=(0, 9), sample=8, loads=None
):
    """Tabu search over partial assignments with a fixed set of employees (PartialCol, Blöchliger &
    Zufferey 2008, for list colouring): put a need left out on the eligible employee where it
    overlaps the fewest needs, which are left out in turn; a need just pushed off an employee may not
    go back there for a few moves (tenure 0.6 x needs left out + 0..9, as in PartialCol). Looks at
    up to ``sample`` needs left out per move. Stops when every need is placed, at the deadline or
    after ``moves`` moves (reproducible runs). Modifies and returns ``cur``."""
    set_ids = {i: [k for k, g in enumerate(data.week_sets) if i in g] for i in data.coverable}
    if loads is None:
        loads = _loads(data, cur, set_ids)
    left = [i for i in data.coverable if i not in cur]
    where = {i: k for k, i in enumerate(left)}
    tabu: dict[tuple[int, int], int] = {}
    best = len(left)
    it = 0
    while left and time.monotonic() < deadline and (moves is None or it < moves):
        it += 1
        if it % 200 == 0 and stop is not None and stop.is_set():
            break
        choice = None
        for u in left if len(left) <= sample else rng.sample(left, sample):
            for e in data.elig_of_need[u]:
                if e not in keep:
                    continue
                blockers = _blockers(data, loads[e], u)
                cost = len(blockers)
                if tabu.get((u, e), 0) > it and not len(left) - 1 + cost < best:
                    continue
                key = (cost, rng.random())
                if choice is None or key < choice[0]:
                    choice = (key, u, e, blockers)
        if choice is None:
            continue
        _, u, e, blockers = choice
        for j in blockers:
            _take(data, loads[e], j, set_ids)
            del cur[j]
            where[j] = len(left)
            left.append(j)
            tabu[j, e] = it + rng.randint(*tenure) + int(0.6 * len(left))
        _put(data, loads[e], u, set_ids)
        cur[u] = e
        k = where.pop(u)
        last = left.pop()
        if last != u:
            left[k] = last
            where[last] = k
        best = min(best, len(left))
    return cur


def _window_group(data: _Data, u: int, inside, cur, keep, size: int, rng) -> set[int]:
    """Employees for a window around the need ``u`` left out, holding about ``size`` of its needs:
    half of them can take ``u``, the others can take the most of what the first half holds there."""
    held: dict[int, list[int]] = {}
    for i in inside:
        if i in cur:
            held.setdefault(cur[i], []).append(i)
    first = [e for e in data.elig_of_need[u] if e in keep]
    rng.shuffle(first)
    group: set[int] = set()
    count = 0
    for e in first:
        if count >= size // 2:
            break
        group.add(e)
        count += len(held.get(e, ()))
    near: dict[int, int] = {}
    for e in group:
        for i in held.get(e, ()):
            for f in data.elig_of_need[i]:
                if f in keep and f not in group:
                    near[f] = near.get(f, 0) + 1
    for f in sorted(near, key=lambda f: (-near[f], rng.random())):
        if count >= size:
            break
        group.add(f)
        count += len(held.get(f, ()))
    return group


def _without(data: _Data, assign, loads, victim, mine, keep, set_ids, depth=4):
    """Trial removal of ``victim``: its needs ``mine`` taken off ``loads`` and put back on ``keep`` by
    ejection chains (``loads`` is modified: ``_restore`` undoes it). Returns (trial assignment,
    needs left out)."""
    cur = dict(assign)
    for i in mine:
        _take(data, loads[victim], i, set_ids)
        del cur[i]
    out = []
    for i in sorted(mine, key=lambda i: -data.minutes[i]):
        if not _insert(data, loads, cur, i, keep, set_ids, depth=depth, budget=[40] if depth < 3 else None):
            out.append(i)
    return cur, out


def _restore(data: _Data, loads, cur, assign, set_ids) -> None:
    """Bring ``loads`` (matching ``cur``) back to ``assign``: only the needs that moved are touched."""
    for i, e in cur.items():
        if assign.get(i) != e:
            _take(data, loads[e], i, set_ids)
    for i, e in assign.items():
        if cur.get(i) != e:
            _put(data, loads[e], i, set_ids)


def critical_window(
    data: _Data, cur, keep, deadline, rng, stop, reproducible, margins=(15, 30, 60, 120, 240, 480)
):
    """``keep`` has as many employees as the interval depth: at an instant of that depth every one of
    them is busy, so the needs running then are a perfect matching of needs to employees. Around
    such an instant (one where a need left out runs, else the nearest to one), free every need within
    ``margin`` minutes of it and solve that window exactly (every need covered, one need of the
    critical set per employee: ``_exact_window``), the rest of the plan fixed (the other needs left
    out join the window); wider margins when a window is infeasible. The chronological
    decomposition of Smet et al. (2014) cut at the instants of depth ``k``: measured on 1,850 needs,
    a window of about 390 needs around the instant re-matches in 0.5 s what the tabu search found
    for 4 % of the employees tried. Returns ``cur`` updated (unchanged when no window worked).
    Plain intervals only (one interval per need)."""
    missing = [i for i in data.coverable if i not in cur]
    if not missing or any(len(data.intervals[i]) != 1 for i in data.coverable):
        return cur
    k = len(keep)
    crit = [set(c) for c in cliques(data, data.coverable) if len(c) == k]
    if not crit:
        return cur
    holding = [c for c in crit if any(i in c for i in missing)]
    if holding:
        clique = holding[0]
    else:
        start = data.intervals[missing[0]][0][0]
        clique = min(crit, key=lambda c: abs(max(data.intervals[i][0][0] for i in c) - start))
    instant = max(data.intervals[i][0][0] for i in clique)
    mask = data.masks[next(iter(clique))]
    by_emp: dict[int, list[int]] = {e: [] for e in keep}
    for i, e in cur.items():
        by_emp.setdefault(e, []).append(i)
    before = 0
    for margin in margins:
        left = deadline - time.monotonic()
        if left < 0.2 or (stop is not None and stop.is_set()):
            break
        lo, hi = instant - margin, instant + margin + 1
        inside = [
            i for i in data.coverable
            if i not in cur
            or (data.masks[i] & mask and data.intervals[i][0][0] < hi and lo < data.intervals[i][0][1])
        ]  # fmt: skip
        if len(inside) == before:
            continue
        before = len(inside)
        allowed = _allowed(data, inside, keep, by_emp)
        hint = {i: cur[i] for i in inside if i in cur}
        res = _exact_window(data, inside, allowed, keep, crit, hint, 0.5 * left, rng, reproducible, stop)
        if res is not None:
            out = dict(cur)
            _apply(out, by_emp, inside, res)
            return out
        if len(inside) == len(data.coverable):
            break
    return cur


def _probe(data: _Data, assign, deadline, rng, stop, lower, set_ids, moves=None, burst=0.15, by_score=True):
    """Try the employees out in turn: without this one, do ejection chains and a short tabu search
    place every need on the others? Which employee can go depends much on the plan (on large
    instances often the 20th lightest, not the first), so every employee is first scored by a cheap
    trial (short ejection chains on the shared loads, undone after): one whose needs all find a
    place goes at once. One above the bound, a victim whose needs do not all find a place that way
    gets an exact window at the instant of depth ``lower`` (``critical_window``; half the time at
    most). The others get a tabu burst, fewest minutes left out first, then lightest (``by_score``
    false: lightest first)."""
    best = dict(assign)
    loads = _loads(data, best, set_ids)
    # Exact windows at the bound get half the probing time at most, the tabu bursts the rest.
    window_until = time.monotonic() + 0.5 * (deadline - time.monotonic())
    at_bound_ok = True
    # Needs running at an instant of depth ``lower`` (where ``lower`` employees are all busy).
    critical = {i for c in cliques(data, data.coverable) if len(c) == lower for i in c}
    while len(set(best.values())) > lower and time.monotonic() < deadline:
        used = set(best.values())
        by_emp: dict[int, list[int]] = {e: [] for e in used}
        for i, e in best.items():
            by_emp[e].append(i)
        scored = []
        done = False
        pending = None  # the previous victim, to try out in a pair
        for victim in sorted(used, key=lambda e: (sum(data.minutes[i] for i in by_emp[e]), e)):
            if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                return best
            cur, out = _without(data, best, loads, victim, by_emp[victim], used - {victim}, set_ids, 2)
            _restore(data, loads, cur, best, set_ids)
            if out and len(used) - 1 == lower and at_bound_ok and set(out) <= critical:
                # At the bound: re-match the needs around the instant of depth ``lower`` exactly.
                cur = critical_window(data, cur, used - {victim}, deadline, rng, stop, moves is not None)
                if len(cur) < len(data.coverable):
                    at_bound_ok = time.monotonic() < window_until
            elif out and len(used) - 2 == lower and at_bound_ok and set(out) <= critical:
                if pending is None:
                    pending = victim
                    continue
                # Two above the bound: two victims whose chains leave out only needs running at an
                # instant of depth ``lower`` go out together, then the same window (narrow ones only,
                # so that more pairs get tried).
                keep = used - {victim, pending}
                cur, _ = _without(data, best, loads, pending, by_emp[pending], keep, set_ids, 2)
                cur, _ = _without(data, cur, loads, victim, by_emp[victim], keep, set_ids, 2)
                _restore(data, loads, cur, best, set_ids)
                if all(i in critical for i in data.coverable if i not in cur):
                    cur = critical_window(
                        data, cur, keep, deadline, rng, stop, moves is not None, (15, 30, 60)
                    )
                    if len(cur) < len(data.coverable):
                        at_bound_ok = time.monotonic() < window_until
                pending = None
            if len(cur) == len(data.coverable):
                best = cur
                loads = _loads(data, best, set_ids)
                done = True
                break
            scored.append((sum(data.minutes[i] for i in out), len(scored), victim))
        if done:
            continue
        for _, _, victim in sorted(scored) if by_score else scored:
            if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                return best
            keep = used - {victim}
            cur, _out = _without(data, best, loads, victim, by_emp[victim], keep, set_ids)
            end = min(deadline, time.monotonic() + burst)
            cur = partial_col(data, cur, keep, end, rng, stop, moves, loads=loads)
            _restore(data, loads, cur, best, set_ids)
            missing = [i for i in data.coverable if i not in cur]
            if missing and len(keep) == lower and at_bound_ok and set(missing) <= critical:
                # The tabu search left out only needs at an instant of depth ``lower``: re-match there.
                cur = critical_window(data, cur, keep, deadline, rng, stop, moves is not None)
                if len(cur) < len(data.coverable):
                    at_bound_ok = time.monotonic() < window_until
            if len(cur) == len(data.coverable):
                best = cur
                loads = _loads(data, best, set_ids)
                done = True
                break
        if not done:
            break
    return best


def step_down(
    data: _Data,
    assign: dict[int, int],
    deadline,
    rng,
    stop,
    reproducible,
    lower: int,
    min_size=30,
    by_score=True,
):
    """Remove employees one at a time: drop the lightest employee (the next lightest when that
    fails), insert its needs by ejection chains, then with the other employees fixed: a tabu search
    over partial assignments (``partial_col``), then time windows around a need left out, each
    re-solved by CP-SAT. Half the windows must be covered whole (``_exact_window``, strong at the
    bound); the others cover the most minutes, preferring at random among equal plans, so the needs
    left out walk through the plan. Large windows keep to some employees (``_window_group``).
    Returns the best full assignment found."""
    if any(c is not None for c in data.caps) or data.limit is not None:
        return assign
    set_ids = {i: [k for k, g in enumerate(data.week_sets) if i in g] for i in data.coverable}
    # One above the bound the probe's exact windows at the critical instant are what works: all the time.
    share = 1.0 if len(set(assign.values())) == lower + 1 else 0.5
    best = _probe(data, assign, time.monotonic() + share * (deadline - time.monotonic()), rng, stop, lower,
                  set_ids, 1_500 if reproducible else None, by_score=by_score)  # fmt: skip
    failed: set[int] = set()  # victims whose needs could not all be placed elsewhere
    while len(set(best.values())) > lower and time.monotonic() < deadline - 0.1:
        if stop is not None and stop.is_set():
            break
        used = set(best.values())
        load = dict.fromkeys(used, 0)
        for i, e in best.items():
            load[e] += data.minutes[i]
        if failed >= used:
            break
        victim = min(used - failed, key=lambda e: (load[e], rng.random()))
        keep = used - {victim}
        cur = {i: e for i, e in best.items() if e != victim}
        loads = _loads(data, cur, set_ids)
        for i in sorted((i for i in data.coverable if i not in cur), key=lambda i: -data.minutes[i]):
            _insert(data, loads, cur, i, keep, set_ids, depth=4)
        # Each step gets a share of the time left; when it fails, the next victim is tried.
        step_end = min(deadline, time.monotonic() + max(1.0, 0.35 * (deadline - time.monotonic())))
        if len(cur) < len(data.coverable):
            pc_end = time.monotonic() + 0.3 * (step_end - time.monotonic())
            cur = partial_col(data, cur, keep, pc_end, rng, stop, 20_000 if reproducible else None)
        crit = [set(c) for c in cliques(data, data.coverable) if len(c) == len(keep)]
        cur = repair_windows(data, cur, keep, step_end, rng, stop, reproducible, crit, min_size)
        if len(cur) < len(data.coverable):
            failed.add(victim)
            continue
        best = cur
        failed.clear()
    return best


def _allowed(data: _Data, inside, group, by_emp) -> dict[int, list[int]]:
    """Employees of ``group`` (None: anyone) who can take each need of the window ``inside`` without
    clashing with what they hold outside it."""
    inside_set = set(inside)
    return {
        i: [
            e for e in data.elig_of_need[i]
            if (group is None or e in group) and not any(_clash(data, i, j) for j in by_emp.get(e, ()) if j not in inside_set)
        ]
        for i in inside
    }  # fmt: skip


def _apply(cur, by_emp, inside, res) -> None:
    """Replace the assignment of the window ``inside`` by ``res`` (in ``cur`` and ``by_emp``)."""
    for i in inside:
        e = cur.pop(i, None)
        if e is not None:
            by_emp[e].remove(i)
    for i, e in res.items():
        cur[i] = e
        by_emp.setdefault(e, []).append(i)


def repair_windows(data: _Data, cur, keep, step_end, rng, stop, reproducible, crit, min_size=30):
    """With the employees ``keep`` fixed, place the needs left out of ``cur``: time windows around
    a need left out, each re-solved by CP-SAT (half must be covered whole, with the clique
    equalities of ``crit``; the others cover the most minutes, equal moves allowed), and a short
    tabu search every ten windows. Modifies and returns ``cur``."""
    by_emp: dict[int, list[int]] = {e: [] for e in keep}
    for i, e in cur.items():
        by_emp[e].append(i)
    windows = 0
    while time.monotonic() < step_end - 0.05 and not (stop is not None and stop.is_set()):
        windows += 1
        if windows % 10 == 0 and len(cur) < len(data.coverable):
            # Between windows, a short tabu search over the same employees.
            pc_end = min(step_end, time.monotonic() + 0.2)
            cur = partial_col(data, cur, keep, pc_end, rng, stop, 2_000 if reproducible else None)
            by_emp = {e: [] for e in keep}
            for i, e in cur.items():
                by_emp[e].append(i)
        missing = [i for i in data.coverable if i not in cur]
        if not missing:
            break
        u = missing[rng.randrange(len(missing))]
        s0 = min(s for s, _ in data.intervals[u])
        e0 = max(e for _, e in data.intervals[u])
        exact = rng.random() < 0.5  # half the windows must be covered whole
        span = rng.choice((15, 30, 60, 120, 240) if exact else (60, 120, 240, 360))
        size = rng.randint(min_size, 2 * min_size)  # small windows: CP-SAT proves them in a blink
        lo, hi = s0 - span, e0 + span
        inside = [
            i for i in data.coverable
            if data.masks[i] & data.masks[u] and any(s < hi and lo < e for s, e in data.intervals[i])
        ]  # fmt: skip
        if exact and len(inside) <= EXACT_WINDOW:
            # Every need of the window covered, by all the employees kept (see _exact_window).
            allowed = _allowed(data, inside, keep, by_emp)
            hint = {i: cur[i] for i in inside if i in cur}
            seconds = min(1.0, step_end - time.monotonic())
            res = _exact_window(data, inside, allowed, keep, crit, hint, seconds, rng, reproducible)
            if res is not None:
                _apply(cur, by_emp, inside, res)
            continue
        group = keep
        if len(inside) > size:
            # Too many people at work in the window: keep it to some of the employees who could
            # take the need left out, and the employees who could take what they hold there.
            group = _window_group(data, u, inside, cur, keep, size, rng)
            inside = [i for i in inside if cur.get(i) in group or (i not in cur and i == u)]
        allowed = _allowed(data, inside, group, by_emp)
        hint = {i: cur[i] for i in inside if i in cur}
        seconds = min(0.5, step_end - time.monotonic())
        # Among equal plans prefer covering what is left out now (at random weights), so that
        # the needs left out change and walk through the plan instead of staying stuck.
        bonus = {i: rng.randint(0, 2) + (2 if i not in cur else 0) for i in inside}
        res = _window(data, inside, allowed, hint, seconds, rng, reproducible, bonus)
        if res is None or sum(data.minutes[i] for i in res) < sum(data.minutes[i] for i in hint):
            continue
        _apply(cur, by_emp, inside, res)
    return cur


def solve(prep: Prepared, deadline: float, seed: int | None = None, stop=None, variant: int = 0) -> Result:
    """``variant``: one member of a portfolio run in parallel (``solver._solve_special``): other random
    choices, and variant 1 gives its tabu bursts to the lightest employees first (the others: by the
    cheap trial's score)."""
    data = _Data(prep)
    reproducible = seed is not None
    rng = random.Random((seed or 0) + 1_000_003 * variant)
    employees = list(range(len(data.caps)))
    lower = depth_bound(data, data.coverable)
    assign = construct(data, deadline)
    if len(assign) < len(data.coverable):
        assign = repair_coverage(data, assign, deadline)
    assign = canonical(data, assign, employees)

    def lp_dive(assign, share):
        """LP diving over employees' chains (``chains.dive``): kept when it covers more minutes, or
        as many with fewer employees."""
        found = chains.dive(data, assign, time.monotonic() + share * (deadline - time.monotonic()), stop)
        if found is None:
            return assign
        if len(found) < len(data.coverable):
            # Out of time: the chains fixed so far, the rest placed around them.
            found = construct(data, deadline, found)
            if len(found) < len(data.coverable):
                found = repair_coverage(data, found, deadline)
        key = (sum(data.minutes[i] for i in found), -len(set(found.values())))
        if key > (sum(data.minutes[i] for i in assign), -len(set(assign.values()))):
            return canonical(data, found, employees)
        return assign

    # The portfolio's second variant dives first on instances up to ``PORTFOLIO_DIVE_NEEDS`` needs and
    # gives it most of its time: the LP over chains is tight there (it also covers what the
    # construction missed), where the windows of ``step_down`` stall one to three above the bound.
    chain_ready = chains.chain_ready(data)
    dived = (
        variant == 1
        and len(data.coverable) <= PORTFOLIO_DIVE_NEEDS
        and chain_ready
        and preload.ready(deadline)
    )
    if dived:
        assign = lp_dive(assign, 0.75)
    pairs = sum(len(lst) for lst in data.elig_of_emp)
    if len(assign) < len(data.coverable) and pairs <= FULL_MODEL_PAIRS and preload.ready(deadline):
        # Decide full coverage exactly: every coverable need on exactly one employee (no limit on
        # employees). Infeasible or out of time: the coverage searches below take over.
        found = feasible_at(
            data, len(employees), assign, time.monotonic() + 0.6 * (deadline - time.monotonic()),
            rng.randrange(1 << 30), stop, reproducible,
        )  # fmt: skip
        if found is not None:
            assign = canonical(data, found, employees)
    if len(assign) < len(data.coverable) and preload.ready(deadline):
        cover_end = time.monotonic() + 0.5 * (deadline - time.monotonic())
        assign = cover_windows(data, assign, cover_end, rng, stop, reproducible)
        assign = canonical(data, assign, employees)
    # One above the bound with every need covered, the probe's exact window at the critical instant
    # (step_down) is the surer way down: it gets the time at once.
    one_above = (
        len(set(assign.values())) == lower + 1
        and len(assign) == len(data.coverable)
        and all(c is None for c in data.caps)
        and data.limit is None
    )
    if len(set(assign.values())) > lower and not one_above:
        empty_end = time.monotonic() + 0.15 * (deadline - time.monotonic())
        assign = canonical(data, empty_employees(data, assign, empty_end, stop), employees)
    pairs = sum(len(lst) for lst in data.elig_of_emp)

    def close_at_bound(assign, share):
        """When the plan is a little above the bound, choose ``lower`` of its employees exactly."""
        used = set(assign.values())
        if (
            len(assign) == len(data.coverable)
            and lower < len(used) <= lower + AT_BOUND_EXCESS
            and len(data.coverable) <= AT_BOUND_NEEDS
            and deadline - time.monotonic() > 0.5 + pairs / 20_000
            and preload.ready(deadline)
        ):
            end = time.monotonic() + share * (deadline - time.monotonic())
            if len(used) == lower + 1:
                # One too many: try without each employee in turn (lightest first), each a fixed
                # set whose infeasibility CP-SAT usually proves in a fraction of a second.
                load = dict.fromkeys(used, 0)
                for i, e in assign.items():
                    load[e] += data.minutes[i]
                for victim in sorted(used, key=lambda e: (load[e], e)):
                    if time.monotonic() > end - 0.1 or (stop is not None and stop.is_set()):
                        break
                    found = at_bound(
                        data, used - {victim}, lower, min(end, time.monotonic() + 1.0),
                        rng.randrange(1 << 30), stop, reproducible,
                    )  # fmt: skip
                    if found is not None:
                        return canonical(data, found, employees)
                return assign
            found = at_bound(data, used, lower, end, rng.randrange(1 << 30), stop, reproducible)
            if found is not None:
                return canonical(data, found, employees)
        return assign

    if (
        not dived
        and len(assign) == len(data.coverable)  # coverage comes first: the dive only cuts employees
        and len(set(assign.values())) > lower
        and len(data.coverable) <= DIVE_NEEDS
        and chain_ready
        and preload.ready(deadline)
    ):
        before = len(set(assign.values()))
        assign = lp_dive(assign, 0.5)
        if len(set(assign.values())) < before:
            assign = close_at_bound(assign, 0.5)
    if (
        len(assign) == len(data.coverable)
        and len(set(assign.values())) > lower
        and deadline - time.monotonic() > 0.5
        and preload.ready(deadline)
    ):
        # Large instances: the whole-model phases below would not fit, the windows get the time.
        share = 0.6 if len(data.coverable) <= AT_BOUND_NEEDS else 0.9
        # The portfolio's second variant, on instances too large to dive whole, shares the time
        # with dives on groups of employees (``chains.reduce_by_groups``).
        groups = variant == 1 and not dived and chain_ready and not reproducible
        step_end = time.monotonic() + (0.4 if groups else share) * (deadline - time.monotonic())
        assign = step_down(data, assign, step_end, rng, stop, reproducible, lower, by_score=variant != 1)
        if groups:
            size = max(20, min(60, len(set(assign.values())) // 3))
            group_end = time.monotonic() + 0.85 * (deadline - time.monotonic())
            assign = chains.reduce_by_groups(data, assign, group_end, rng, stop, lower, size)
        assign = canonical(data, assign, employees)
        assign = close_at_bound(assign, 0.6)
    if (
        len(assign) == len(data.coverable)
        and len(set(assign.values())) > lower
        and len(data.coverable) <= AT_BOUND_NEEDS  # larger: the exact model is out of reach in time
        and deadline - time.monotonic() > 1.5  # building the model takes time too
        and preload.ready(deadline)
    ):
        # Decide the bound itself: every need covered by ``lower`` of all the employees.
        found = at_bound(
            data, employees, lower, time.monotonic() + 0.5 * (deadline - time.monotonic()),
            rng.randrange(1 << 30), stop, reproducible,
        )  # fmt: skip
        if found is not None:
            assign = canonical(data, found, employees)
    if (
        len(assign) == len(data.coverable)
        and len(set(assign.values())) > lower
        and deadline - time.monotonic() > 0.5
        and preload.ready(deadline)
    ):
        reduce_end = time.monotonic() + 0.5 * (deadline - time.monotonic())
        assign = reduce_employees(data, assign, reduce_end, rng, stop, reproducible, lower)
        assign = canonical(data, assign, employees)
    covered_all = len(assign) == len(data.coverable)
    proven = covered_all and len(set(assign.values())) <= lower
    pairs = sum(len(lst) for lst in data.elig_of_emp)
    # Building the whole model costs time (about 1 s per 10,000 eligibility pairs on a loaded machine).
    usable = not proven and deadline - time.monotonic() > 0.3 + pairs / 10_000 and preload.ready(deadline)
    if usable and time.monotonic() < deadline - 0.1 and not (stop is not None and stop.is_set()):
        if pairs <= FULL_MODEL_PAIRS:
            work = None
            if reproducible:
                work = max(0.5, 0.5 * (deadline - time.monotonic()))
            assign, cover_opt, emp_opt, bound = optimise(
                data, data.coverable, employees, assign, deadline, rng.randrange(1 << 30), stop, lower,
                threads=8, reproducible=reproducible, work=work,
            )  # fmt: skip
            used_now = len(set(assign.values()))
            lower = max(lower, bound) if cover_opt else lower
            proven = cover_opt and (emp_opt or used_now <= lower)
        else:
            assign = _lns(data, assign, deadline, rng, stop, lower, reproducible)
            covered_all = len(assign) == len(data.coverable)
            proven = covered_all and len(set(assign.values())) <= lower
    positions: dict[int, list[tuple[int, int]]] = {}
    for i, e in assign.items():
        positions.setdefault(e, []).append((i, 0))
    depth = depth_bound(data, data.coverable)
    return Result(
        [(e, sorted(entries)) for e, entries in sorted(positions.items())],
        lower,
        "interval_depth" if lower == depth else "cp_sat_bound",
        depth,
        proven,
    )


def cover_windows(
    data: _Data, assign: dict[int, int], deadline, rng, stop, reproducible, size=160, only=None, max_fails=200
):
    """Coverage by time windows: free the needs around an uncovered one, keep everything else, and let
    CP-SAT re-assign the freed needs to cover the most minutes (only without caps or member limits,
    which sum over the whole week)."""
    if any(c is not None for c in data.caps) or data.limit is not None:
        return assign
    by_emp: dict[int, list[int]] = {}
    for i, e in assign.items():
        by_emp.setdefault(e, []).append(i)
    fails = 0
    while time.monotonic() < deadline - 0.05 and not (stop is not None and stop.is_set()):
        missing = [i for i in data.coverable if i not in assign]
        if not missing or fails > max_fails:
            break
        u = missing[rng.randrange(len(missing))]
        s0 = min(s for s, _ in data.intervals[u])
        e0 = max(e for _, e in data.intervals[u])
        span = rng.choice((120, 240, 480, 720))
        lo, hi = s0 - span, e0 + span
        inside = [
            i for i in data.coverable
            if data.masks[i] & data.masks[u] and any(s < hi and lo < e for s, e in data.intervals[i])
        ]  # fmt: skip
        if len(inside) > size:
            inside.sort(key=lambda i: abs(data.intervals[i][0][0] - s0))
            inside = inside[:size]
        allowed = _allowed(data, inside, only, by_emp)
        hint = {i: assign[i] for i in inside if i in assign}
        res = _window(data, inside, allowed, hint, min(0.5, deadline - time.monotonic()), rng, reproducible)
        if res is None or sum(data.minutes[i] for i in res) <= sum(data.minutes[i] for i in hint):
            fails += 1
            continue
        _apply(assign, by_emp, inside, res)
    return assign


def _loads(data: _Data, assign: dict[int, int], set_ids):
    loads = [_Load() for _ in data.caps]
    for i, e in sorted(assign.items()):
        _put(data, loads[e], i, set_ids)
    return loads


def _insert(data, loads, assign, i, allowed, set_ids, depth=3, banned=None, budget=None) -> bool:
    """Put need i on an allowed employee, moving one blocking need elsewhere, recursively up to
    ``depth`` levels (an ejection chain)."""
    for e in data.elig_of_need[i]:
        if e in allowed and _free(data, loads[e], e, i, set_ids):
            _put(data, loads[e], i, set_ids)
            assign[i] = e
            return True
    if budget is None:
        budget = [400]  # calls per chain: chains are cheap, not exhaustive
    budget[0] -= 1
    if depth < 2 or budget[0] <= 0:
        return False
    banned = banned or set()
    for e in data.elig_of_need[i]:
        if e not in allowed:
            continue
        blocking = [j for _, _, j in loads[e].items if _clash(data, i, j)]
        blocking = list(dict.fromkeys(blocking))
        if len(blocking) != 1 or blocking[0] in banned:
            continue
        j = blocking[0]
        _take(data, loads[e], j, set_ids)
        if _free(data, loads[e], e, i, set_ids):
            _put(data, loads[e], i, set_ids)
            assign[i] = e
            del assign[j]
            if _insert(data, loads, assign, j, allowed - {e}, set_ids, depth - 1, banned | {i}, budget):
                return True
            _take(data, loads[e], i, set_ids)
            del assign[i]
            assign[j] = e
        _put(data, loads[e], j, set_ids)
    return False


def repair_coverage(data: _Data, assign: dict[int, int], deadline, depth: int = 4) -> dict[int, int]:
    """Insert uncovered needs by ejection chains over every employee (pure Python, no CP-SAT)."""
    set_ids = {i: [k for k, g in enumerate(data.week_sets) if i in g] for i in data.coverable}
    loads = _loads(data, assign, set_ids)
    everyone = set(range(len(data.caps)))
    for i in sorted((i for i in data.coverable if i not in assign), key=lambda i: -data.minutes[i]):
        if time.monotonic() > deadline:
            break
        _insert(data, loads, assign, i, everyone, set_ids, depth=depth)
    return assign


def empty_employees(data: _Data, assign: dict[int, int], deadline, stop=None) -> dict[int, int]:
    """Fast "remove an employee and repair": hand every need of the lightest employees to the other
    employees in use (direct insertion or an ejection chain of two); keep it only if all move."""
    set_ids = {i: [k for k, g in enumerate(data.week_sets) if i in g] for i in data.coverable}
    improved = True
    while improved and time.monotonic() < deadline and not (stop is not None and stop.is_set()):
        improved = False
        used = set(assign.values())
        load = dict.fromkeys(used, 0)
        for i, e in assign.items():
            load[e] += data.minutes[i]
        for victim in sorted(used, key=lambda e: (load[e], e)):
            if time.monotonic() > deadline:
                break
            trial = {i: e for i, e in assign.items() if e != victim}
            loads = _loads(data, trial, set_ids)
            allowed = used - {victim}
            mine = sorted((i for i, e in assign.items() if e == victim), key=lambda i: -data.minutes[i])
            if all(_insert(data, loads, trial, i, allowed, set_ids) for i in mine):
                assign = trial
                improved = True
                break
    return assign


def reduce_employees(data: _Data, assign: dict[int, int], deadline, rng, stop, reproducible, lower: int):
    """Remove an employee and repair: hand the needs of a lightly loaded employee to the others in
    use, by time windows (``cover_windows`` restricted to them); keep the result only when every
    need stays covered."""
    tries: dict[int, int] = {}
    while time.monotonic() < deadline - 0.1 and not (stop is not None and stop.is_set()):
        used = sorted(set(assign.values()))
        if len(used) <= lower or len(used) < 2:
            break
        load = dict.fromkeys(used, 0)
        for i, e in assign.items():
            load[e] += data.minutes[i]
        victim = min(used, key=lambda e: (tries.get(e, 0), load[e], rng.random()))
        if tries.get(victim, 0) >= 3:
            break
        tries[victim] = tries.get(victim, 0) + 1
        trial = {i: e for i, e in assign.items() if e != victim}
        budget = min(deadline, time.monotonic() + max(0.5, 0.15 * (deadline - time.monotonic())))
        others = set(used) - {victim}
        trial = cover_windows(data, trial, budget, rng, stop, reproducible, only=others, max_fails=12)
        if len(trial) == len(assign):
            assign = trial
            tries.clear()
    return assign


def _exact_window(data, needs, allowed, keep, crit, hint, seconds, rng, reproducible, stop=None):
    """Every need of ``needs`` on exactly one allowed employee (the others' plans fixed). When a
    clique of ``len(keep)`` needs lies wholly in the window, every kept employee is busy at that
    instant, so each takes exactly one of its needs: strong propagation, quick proofs. The new
    assignment of ``needs``, or None (infeasible or out of time)."""
    from ortools.sat.python import cp_model

    if any(not allowed[i] for i in needs):
        return None
    employees = sorted({e for i in needs for e in allowed[i]})
    model, x, _used, _minutes = _model(data, needs, employees, hint, allowed)
    by_need: dict[int, list] = {}
    for (i, _e), v in x.items():
        by_need.setdefault(i, []).append(v)
    for i in needs:
        model.add_exactly_one(by_need[i])
    inside = set(needs)
    for clique in crit:
        if clique <= inside:
            for e in keep:
                model.add(sum(x[i, e] for i in clique if (i, e) in x) == 1)
    solver = _solver(seconds, rng.randrange(1 << 30), reproducible, 1, 0.5 if reproducible else None)
    status = stopper.solve(solver, model, stop)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {i: e for (i, e), v in x.items() if solver.boolean_value(v)}


def _window(data, needs, allowed, hint, seconds, rng, reproducible, bonus=None):
    """Re-assign ``needs`` (``allowed[i]``: employees for need i) to cover the most minutes; among
    equal plans, the most ``bonus`` (small integer weights per need)."""
    from ortools.sat.python import cp_model

    employees = sorted({e for i in needs for e in allowed[i]})
    model, x, _used, minutes = _model(data, needs, employees, hint, allowed)
    if bonus:
        scale = 1 + sum(bonus.get(i, 0) for i in needs)
        model.maximize(scale * minutes + sum(bonus.get(i, 0) * v for (i, _), v in x.items()))
    else:
        model.maximize(minutes)
    solver = _solver(seconds, rng.randrange(1 << 30), reproducible, 1, 0.2 if reproducible else None)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {i: e for (i, e), v in x.items() if solver.boolean_value(v)}


def _lns(data, assign, deadline, rng, stop, lower, reproducible):
    """Remove the lightest employee with the people who could take its needs; repair with CP-SAT."""
    tries: dict[int, int] = {}
    while time.monotonic() < deadline - 0.1 and not (stop is not None and stop.is_set()):
        used_now = sorted(set(assign.values()))
        if len(assign) == len(data.coverable) and len(used_now) <= lower:
            break
        load = dict.fromkeys(used_now, 0)
        for i, e in assign.items():
            load[e] += data.minutes[i]
        victim = min(used_now, key=lambda e: (tries.get(e, 0), load[e], rng.random()))
        tries[victim] = tries.get(victim, 0) + 1
        mine = [i for i, e in assign.items() if e == victim]
        near: dict[int, int] = {}
        for i in mine:
            for e in data.elig_of_need[i]:
                if e != victim:
                    near[e] = near.get(e, 0) + 1
        ranked = sorted(near, key=lambda e: (-near[e], e not in load, rng.random()))[:14]
        group = [victim] + ranked
        gset = set(group)
        needs = [i for i, e in assign.items() if e in gset]
        free = [i for i in data.coverable if i not in assign and any(e in gset for e in data.elig_of_need[i])]
        needs += free[:20]
        hint = {i: assign[i] for i in needs if i in assign}
        left = deadline - time.monotonic()
        res, _, _, _ = optimise(
            data, needs, group, hint, time.monotonic() + min(1.0, left), rng.randrange(1 << 30), stop, 0,
            threads=1, reproducible=reproducible, work=0.3 if reproducible else None,
        )  # fmt: skip
        before = (sum(data.minutes[i] for i in hint), -len(set(hint.values())))
        after = (sum(data.minutes[i] for i in res), -len(set(res.values())))
        if after >= before:
            for i in needs:
                assign.pop(i, None)
            assign.update(res)
    return assign
