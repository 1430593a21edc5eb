"""An upper bound on the minutes existing employees can take (linear relaxation, GLOP).

Used by the benchmark to say how far a staffing plan is from the best possible: objective 1 of
ENGINE.md is "most minutes given to existing employees", and the lower bound on positions says
nothing about it. The relaxation keeps, per employee: one need at most once overall; the weekly
contract in every week; at most one of the fixed needs that overlap at any instant; the daily cap of
fixed needs; at most ``max_members_per_position`` members (with fractional member indicators). It
drops flexible placements (only their volume counts), travel and rest. Solved per connected
component (needs linked through the employees who can take them), which gives the same value as one
large linear programme, faster. Slow (minutes for 2,000 needs): a benchmark tool, not part of solve.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp

from mutualis.engine.compat import N_DAYS, Prepared
from mutualis.engine.decompose import components


def staffing_upper_bound(prep: Prepared, seconds_per_component: float = 300.0) -> int | None:
    """Most minutes employees could take in any valid plan; None when a linear programme timed out."""
    total = 0
    comps, _ = components(prep)
    for needs, employees in comps:
        value = _component(prep, set(needs), employees, seconds_per_component)
        if value is None:
            return None
        total += value
    return total


def _component(prep: Prepared, needs: set[int], employees: list[int], seconds: float) -> int | None:
    inst = prep.instance
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.SetTimeLimit(int(seconds * 1000))
    x: dict[tuple[int, int], pywraplp.Variable] = {}
    for e in employees:
        for i in prep.eligible[e]:
            if i in needs:
                x[i, e] = solver.NumVar(0, 1, "")
    if not x:
        return 0
    per_need: dict[int, list] = {}
    for (i, _), v in x.items():
        per_need.setdefault(i, []).append(v)
    for vs in per_need.values():
        solver.Add(sum(vs) <= 1)
    for e in employees:
        mine = [i for i in prep.eligible[e] if i in needs]
        if mine:
            _employee_rows(prep, solver, x, e, mine)
    solver.Maximize(sum(inst.needs[i].minutes * v for (i, _), v in x.items()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # Integer minutes: the optimum of the integer problem is at most the floor of the relaxation.
    return math.floor(solver.Objective().Value() + 1e-6)


def _employee_rows(prep: Prepared, solver, x, e: int, mine: list[int]) -> None:
    inst = prep.instance
    params = prep.params
    cap = inst.employee_cap(inst.employees[e])
    weeks = set()
    for w in range(1, 54):
        active = frozenset(i for i in mine if prep.masks[i] >> w & 1)
        if active:
            weeks.add(active)
    cliques: set[frozenset[int]] = set()
    days: set[tuple] = set()
    for active in weeks:
        if cap is not None and sum(inst.needs[i].minutes for i in active) > cap:
            solver.Add(sum(inst.needs[i].minutes * x[i, e] for i in active) <= cap)
        fixed = [i for i in active if inst.needs[i].slots is not None]
        for t in {s for i in fixed for s, _ in inst.needs[i].slots}:
            clique = frozenset(i for i in fixed if any(s <= t < end for s, end in inst.needs[i].slots))
            if len(clique) > 1:
                cliques.add(clique)
        if params.max_daily_minutes is not None:
            for d in range(N_DAYS):
                terms = tuple(
                    sorted(
                        (i, prep.patterns[i][0].day_minutes[d])
                        for i in fixed
                        if prep.patterns[i][0].day_minutes[d]
                    )
                )
                if sum(m for _, m in terms) > params.max_daily_minutes:
                    days.add(terms)
    for clique in cliques:
        solver.Add(sum(x[i, e] for i in clique) <= 1)
    for terms in days:
        solver.Add(sum(m * x[i, e] for i, m in terms) <= params.max_daily_minutes)
    limit = params.max_members_per_position
    by_member: dict[str, list[int]] = {}
    for i in mine:
        by_member.setdefault(inst.needs[i].member, []).append(i)
    if limit is not None and len(by_member) > limit:
        present = []
        for lst in by_member.values():
            z = solver.NumVar(0, 1, "")
            for i in lst:
                solver.Add(x[i, e] <= z)
            present.append(z)
        solver.Add(sum(present) <= limit)
