"""Staffing as set partitioning over chains: each employee's plan is a chain of non-overlapping needs.

The linear relaxation of this model (Krishnamoorthy, Ernst & Baatar 2012; the basis of the
branch-and-price methods for SMPTSP) is tight on the standard families: its value is the optimum
on every planted instance measured (ADR 2026-12-03-engine-v2, section « 2026-12-05 (evening) »). It is solved by
column generation (pricing: weighted interval scheduling of one employee's needs with the duals),
then ``dive`` rounds it: fix the chains the LP takes (nearly) whole, re-solve, repeat.

Plain intervals only (``chain_ready``): one interval per need, one week mask, no weekly cap and no
member limit, so that any chain of non-overlapping needs is a valid plan for one employee.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from datetime import timedelta

UNCOVERED_COST = 50.0  # LP cost of leaving a need out: keeps the LP feasible whatever the columns
FIX_SHARE = 0.8  # chains the LP takes at least this much are fixed together in one dive step


def chain_ready(data) -> bool:
    """Whether needs are plain intervals on one line: one interval each, one week mask, no weekly
    cap and no member limit (each employee's plan is then any chain of non-overlapping needs)."""
    if data.limit is not None or any(c is not None for c in data.caps):
        return False
    if len({data.masks[i] for i in data.coverable}) > 1:
        return False
    return all(len(data.intervals[i]) == 1 for i in data.coverable)


def best_chain(data, e: int, pi: dict[int, float]) -> tuple[float, list[int]]:
    """Weighted interval scheduling over employee e's needs with weights ``pi``."""
    tasks = [i for i in data.elig_of_emp[e] if pi.get(i, 0.0) > 1e-9]
    tasks.sort(key=lambda i: data.intervals[i][0][1])
    ends = [data.intervals[i][0][1] for i in tasks]
    best = [0.0] * (len(tasks) + 1)
    take = [False] * len(tasks)
    prev = [0] * len(tasks)
    for j, i in enumerate(tasks):
        p = bisect_right(ends, data.intervals[i][0][0], 0, j)
        prev[j] = p
        with_it = pi[i] + best[p]
        if with_it > best[j] + 1e-12:
            best[j + 1] = with_it
            take[j] = True
        else:
            best[j + 1] = best[j]
    chain = []
    j = len(tasks)
    while j > 0:
        if take[j - 1]:
            chain.append(tasks[j - 1])
            j = prev[j - 1]
        else:
            j -= 1
    return best[len(tasks)], chain


class _ChainLP:
    """The set-partitioning LP: a row per need (covered at least once, or paid ``UNCOVERED_COST``),
    a row per employee (at most one chain), a column per chain. Re-solved incrementally (MathOpt's
    incremental GLOP keeps the basis between solves)."""

    def __init__(self, needs, employees):
        from ortools.math_opt.python import mathopt

        self.mathopt = mathopt
        self.model = mathopt.Model()
        self.cover = {i: self.model.add_linear_constraint(lb=1.0) for i in needs}
        self.once = {e: self.model.add_linear_constraint(ub=1.0) for e in employees}
        self.model.objective.is_maximize = False
        for i in needs:
            s = self.model.add_variable(lb=0.0, ub=1.0)
            self.model.objective.set_linear_coefficient(s, UNCOVERED_COST)
            self.cover[i].set_coefficient(s, 1.0)
        self.columns: list[tuple[int, list[int], object]] = []
        self.seen: set[tuple[int, tuple[int, ...]]] = set()
        self.solver = None
        self.filters = None
        self.by_employee: dict[int, list] = {}
        self.by_need: dict[int, list] = {}
        self.open: dict[object, int] = {}  # column -> its needs not placed yet
        self.covered: set[int] = set()

    def place(self, i: int) -> None:
        """Need i is placed: its row goes, and so do the columns left with nothing to place."""
        self.covered.add(i)
        self.cover[i].lower_bound = 0.0
        for v in self.by_need.get(i, ()):
            self.open[v] -= 1
            if not self.open[v]:
                v.upper_bound = 0.0

    def add(self, e: int, tasks) -> bool:
        key = (e, tuple(sorted(tasks)))
        if not tasks or key in self.seen:
            return False
        self.seen.add(key)
        v = self.model.add_variable(lb=0.0, ub=1.0)
        self.model.objective.set_linear_coefficient(v, 1.0)
        self.once[e].set_coefficient(v, 1.0)
        for i in tasks:
            self.cover[i].set_coefficient(v, 1.0)
        self.columns.append((e, list(tasks), v))
        self.by_employee.setdefault(e, []).append(v)
        self.open[v] = sum(1 for i in tasks if i not in self.covered)
        for i in tasks:
            self.by_need.setdefault(i, []).append(v)
        if not self.open[v]:
            v.upper_bound = 0.0
        return True

    def solve(self, deadline: float, change: str):
        """The LP's result, or None (not optimal in time). ``change``: what changed since the last
        solve, to start from its basis: new columns (``columns``: the primal simplex, the basis stays
        primal feasible) or bounds (``bounds``: the dual simplex, it stays dual feasible); without
        presolve, which would throw the basis away. ``first``: GLOP's defaults."""
        mathopt = self.mathopt
        if self.solver is None:
            self.solver = mathopt.IncrementalSolver(self.model, mathopt.SolverType.GLOP)
        left = deadline - time.monotonic()
        if left <= 0.01:
            return None
        params = mathopt.SolveParameters(time_limit=timedelta(seconds=left))
        if change != "first":
            params.presolve = mathopt.Emphasis.OFF
            params.lp_algorithm = (
                mathopt.LPAlgorithm.PRIMAL_SIMPLEX
                if change == "columns"
                else mathopt.LPAlgorithm.DUAL_SIMPLEX
            )
        if self.filters is None:
            # Only what the dive reads: the columns in use, the duals; no reduced costs.
            self.filters = mathopt.ModelSolveParameters(
                variable_values_filter=mathopt.SparseVectorFilter(skip_zero_values=True),
                reduced_costs_filter=mathopt.SparseVectorFilter(filtered_items=()),
            )
        result = self.solver.solve(params=params, model_params=self.filters)
        if result.termination.reason != mathopt.TerminationReason.OPTIMAL:
            return None
        return result


def _price(data, lp: _ChainLP, result, left: set[int], free: set[int]) -> int:
    """Add the chains with a negative reduced cost (one per employee); how many were new."""
    duals = result.dual_values()
    pi = {i: max(0.0, duals[lp.cover[i]]) for i in left}
    added = 0
    for e in free:
        value, chain = best_chain(data, e, pi)
        if value + min(0.0, duals[lp.once[e]]) > 1 + 1e-6:
            added += lp.add(e, chain)
    return added


def dive(data, assign: dict[int, int], deadline: float, stop=None, rounds: int = 3, needs=None, employees=None,
         target=None):  # fmt: skip
    """LP diving over chains: solve the LP by column generation, fix the chain the LP uses most (and
    every other one it takes at least ``FIX_SHARE``), re-solve with a few more pricing rounds, and
    repeat until every need is placed. Returns need -> employee (needs the dive could not place are
    left out: out of time, the chains fixed so far), or None when stopped. ``needs`` and
    ``employees``: a part of the instance (default: all of it). ``target``: None at once when the
    LP proves that these needs take more than ``target`` employees."""
    needs = list(data.coverable if needs is None else needs)
    employees = list(range(len(data.caps)) if employees is None else employees)
    lp = _ChainLP(needs, employees)
    inside = set(needs)
    mine: dict[int, list[int]] = {}
    for i, e in assign.items():
        if i in inside and e in lp.once:
            mine.setdefault(e, []).append(i)
    for e, lst in mine.items():
        lp.add(e, lst)
    ones = dict.fromkeys(needs, 1.0)
    for e in employees:
        lp.add(e, best_chain(data, e, ones)[1])
    left = set(needs)
    free = set(employees)
    out: dict[int, int] = {}
    change = "first"
    while left and free:
        result = None
        for _ in range(rounds if change == "bounds" else 1_000):
            if stop is not None and stop.is_set():
                return None
            result = lp.solve(deadline, change)
            if result is None:
                return out
            if not _price(data, lp, result, left, free):
                break
            change = "columns"
            result = None
        if result is None:
            result = lp.solve(deadline, change)
            if result is None:
                return out
        if target is not None and not out and result.objective_value() > target + 1e-6:
            return None  # these needs take more than ``target`` employees, even fractionally
        values = result.variable_values()
        ranked = []
        for e, tasks, v in lp.columns:
            if e in free and values.get(v, 0.0) > 1e-6:
                weight = sum(data.minutes[i] for i in tasks if i in left)
                if weight:
                    ranked.append((-round(values[v], 6), -weight, e, tasks))
        if not ranked:
            break  # the LP leaves the rest out: no chain takes any of it
        ranked.sort(key=lambda t: t[:2])
        for k, (value, _w, e, tasks) in enumerate(ranked):
            if k and -value < FIX_SHARE:
                break
            if e not in free:
                continue
            for i in tasks:
                if i in left:
                    out[i] = e
                    left.discard(i)
                    lp.place(i)
            free.discard(e)
            lp.once[e].upper_bound = 0.0
            for v in lp.by_employee[e]:
                v.upper_bound = 0.0  # out of the LP for good (cheaper than a row at zero)
        change = "bounds"
    return out


def reduce_by_groups(
    data, assign: dict[int, int], deadline: float, rng, stop=None, lower: int = 0, size: int = 30
):
    """Large neighbourhood search with the dive as repair: take a group of about ``size`` employees
    in use (one, lightest first in turn, and those who can take most of its needs), with the unused
    employees who can take most of the group's needs, and dive on the group's needs with one
    employee fewer. The LP proves most groups hopeless at once (``target``). Returns the best full
    assignment found (every need of ``assign`` kept placed)."""
    tried: dict[int, int] = {}
    while time.monotonic() < deadline - 0.2 and not (stop is not None and stop.is_set()):
        by_emp: dict[int, list[int]] = {}
        for i, e in assign.items():
            by_emp.setdefault(e, []).append(i)
        if len(by_emp) <= lower:
            break
        load = {e: sum(data.minutes[i] for i in lst) for e, lst in by_emp.items()}
        seed = min(by_emp, key=lambda e: (tried.get(e, 0), load[e], rng.random()))
        tried[seed] = tried.get(seed, 0) + 1
        near: dict[int, int] = {}
        for i in by_emp[seed]:
            for e in data.elig_of_need[i]:
                if e != seed:
                    near[e] = near.get(e, 0) + 1
        ranked = [e for e in sorted(near, key=lambda e: (-near[e], rng.random())) if e in by_emp]
        group = [seed]
        # One employee fewer is possible only if, at every instant, one of the group is free: add
        # employees free at an instant where the whole group works, until there is none.
        while len(group) < size:
            needs = [i for e in group for i in by_emp[e]]
            instant = _all_busy(data, needs, len(group))
            if instant is None:
                break
            idle = [e for e in by_emp if e not in group and not _busy(data, by_emp[e], instant)]
            if not idle:
                break
            group.append(max(idle, key=lambda e: (near.get(e, 0), rng.random())))
        if _all_busy(data, [i for e in group for i in by_emp[e]], len(group)) is not None:
            continue
        group += [e for e in ranked if e not in group][: size - len(group)]
        needs = [i for e in group for i in by_emp[e]]
        reach: dict[int, int] = {}
        for i in needs:
            for e in data.elig_of_need[i]:
                if e not in by_emp:
                    reach[e] = reach.get(e, 0) + 1
        spare = sorted(reach, key=lambda e: (-reach[e], rng.random()))[: max(2, size // 5)]
        seconds = min(deadline, time.monotonic() + 1.5)
        found = dive(data, assign, seconds, stop, needs=needs, employees=group + spare, target=len(group) - 1)
        if found is None or len(found) < len(needs) or len(set(found.values())) >= len(group):
            continue
        assign = dict(assign)
        assign.update(found)
        tried.clear()
    return assign


def _busy(data, needs, instant: int) -> bool:
    return any(data.intervals[i][0][0] <= instant < data.intervals[i][0][1] for i in needs)


def _all_busy(data, needs, count: int):
    """An instant where ``count`` of these needs run at once (None if there is none)."""
    events = sorted(
        (t, d) for i in needs for t, d in ((data.intervals[i][0][0], 1), (data.intervals[i][0][1], -1))
    )
    running = 0
    for t, d in events:
        running += d
        if running >= count:
            return t
    return None
