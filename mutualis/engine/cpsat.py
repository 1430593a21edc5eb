"""CP-SAT improvement of one sub-problem, seeded with the current positions (AddHint).

Model (per sub-problem): a Boolean ``y[i, k, q]`` says need ``i`` is worked with pattern ``k`` in
position ``q`` (an employee of the sub-problem or one of ``P`` new-position slots). Pairwise
incompatible patterns exclude each other per position; weekly/daily caps are linear per group of
needs active in the same weeks; members, viability and symmetry breaking are linear too.

Objectives follow ENGINE.md lexicographically in two solves: stage 1 maximises
``minutes_to_employees * BIG + minutes_in_new_positions``; stage 2 keeps that value and minimises
employees used, then new positions, then members per position, then sites per position (a proxy for
travel, which is measured exactly afterwards).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from mutualis.engine.compat import N_DAYS, Prepared
from mutualis.engine.stopper import Stopper


@dataclass
class SubResult:
    positions: list[tuple[int | None, list[tuple[int, int]]]]
    optimal: bool
    improved: bool


def _groups(prep: Prepared, needs: list[int]) -> list[tuple[frozenset[int], int]]:
    """Maximal sets of needs active in a common week, with how many weeks have exactly that set."""
    counts: dict[frozenset[int], int] = {}
    for w in range(1, 54):
        bit = 1 << w
        active = frozenset(i for i in needs if prep.masks[i] & bit)
        if active:
            counts[active] = counts.get(active, 0) + 1
    return list(counts.items())


def _maximal(sets):
    sets = sorted(set(sets), key=len, reverse=True)
    out: list[frozenset[int]] = []
    for s in sets:
        if not any(s <= t for t in out):
            out.append(s)
    return out


def _overlap(a, b) -> bool:
    """Whether two sorted lists of intervals intersect (two pointers)."""
    x = y = 0
    while x < len(a) and y < len(b):
        if a[x][0] < b[y][1] and b[y][0] < a[x][1]:
            return True
        if a[x][1] <= b[y][1]:
            x += 1
        else:
            y += 1
    return False


def _conflicts(prep: Prepared, needs: list[int], maximal) -> tuple[list[frozenset], list[tuple]]:
    """Incompatible (need, pattern) items of a sub-problem, computed once for all its positions.

    * cliques: items that overlap at one instant within a common week are pairwise incompatible, so
      one "at most one" per position replaces all their pairs. Per set of needs active in a common
      week, a sweep over interval starts keeps the items still running and emits the set when it is
      about to shrink; every overlapping pair meets in the set at the later of its two starts.
    * pairs: the other incompatible pairs (travel, rest, daily cap of the pair), one clause each.
    """
    cliques: list[frozenset] = []
    seen: set[frozenset] = set()
    for g in maximal:
        events = sorted(
            (s, e, i, k)
            for i in needs
            if i in g
            for k, pattern in enumerate(prep.patterns[i])
            for s, e in pattern.intervals
        )
        active: list[tuple[int, tuple[int, int]]] = []
        for s, e, i, k in events:
            if any(end <= s for end, _ in active):
                _emit(active, cliques, seen)
                active = [a for a in active if a[0] > s]
            active.append((e, (i, k)))
        _emit(active, cliques, seen)
    pairs = []
    for x, i in enumerate(needs):
        for j in needs[x + 1 :]:
            if not prep.masks[i] & prep.masks[j]:
                continue
            for k, pa in enumerate(prep.patterns[i]):
                for m, pb in enumerate(prep.patterns[j]):
                    if not prep.pair(i, k, j, m) and not _overlap(pa.intervals, pb.intervals):
                        pairs.append((i, k, j, m))
    return cliques, pairs


def _emit(active, out, seen) -> None:
    items = frozenset(item for _, item in active)
    if len({i for i, _ in items}) > 1 and items not in seen:
        seen.add(items)
        out.append(items)


def improve(
    prep: Prepared,
    needs: list[int],
    employees: list[int],
    hint: list[tuple[int | None, list[tuple[int, int]]]],
    time_limit: float,
    seed: int = 0,
    stop_event=None,
    extra_slots: int = 2,
    threads: int = 4,
    work: float | None = None,
) -> SubResult:
    """Return positions at least as good as ``hint`` (lexicographically) for this sub-problem."""
    inst = prep.instance
    params = prep.params
    start_time = time.monotonic()
    needs = sorted(needs, key=lambda i: (-inst.needs[i].minutes, inst.needs[i].id))
    rank = {i: r for r, i in enumerate(needs)}
    hint_new = sorted(
        (entries for e, entries in hint if e is None and entries), key=lambda en: min(rank[i] for i, _ in en)
    )
    hint_emp = {e: entries for e, entries in hint if e is not None}
    slots = len(hint_new) + extra_slots if params.new_positions else 0
    slots = min(slots, len(needs))
    model = cp_model.CpModel()
    # positions: ("e", employee) or ("n", slot)
    positions: list[tuple[str, int]] = [("e", e) for e in employees] + [("n", q) for q in range(slots)]
    y: dict[tuple[int, int, int], cp_model.IntVar] = {}
    by_need: dict[int, list] = {i: [] for i in needs}
    by_pos_need: list[dict[int, list[tuple[int, cp_model.IntVar]]]] = [{} for _ in positions]
    for q, (kind, ref) in enumerate(positions):
        for i in needs:
            if kind == "e":
                ks = prep.eligible[ref].get(i, ())
            else:
                ks = range(len(prep.patterns[i])) if ref <= rank[i] else ()
            for k in ks:
                v = model.new_bool_var("")
                y[i, k, q] = v
                by_need[i].append(v)
                by_pos_need[q].setdefault(i, []).append((k, v))
    for vs in by_need.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    x = [
        {i: sum(v for _, v in kv) if len(kv) > 1 else kv[0][1] for i, kv in pn.items()} for pn in by_pos_need
    ]
    groups = _groups(prep, needs)
    maximal = _maximal(g for g, _ in groups)
    cliques, pairs = _conflicts(prep, needs, maximal)
    used = []
    aux: list[tuple[cp_model.IntVar, int, list[int]]] = []  # Boolean = some listed need is in q
    member_vars_total = []
    member_needs_total = []
    site_vars_total = []
    for q, (kind, ref) in enumerate(positions):
        pn = by_pos_need[q]
        if not pn:
            used.append(None)
            continue
        here = sorted(pn)
        # Conflicts: one "at most one" per instant where patterns overlap within a common week,
        # then a clause for each other incompatible pair (travel, rest, daily cap of the pair).
        yq = {(i, k): v for i in here for k, v in pn[i]}
        done: set[frozenset] = set()
        for clique in cliques:
            inside = frozenset(item for item in clique if item in yq)
            if len({i for i, _ in inside}) > 1 and inside not in done:
                done.add(inside)
                model.add_at_most_one([yq[item] for item in sorted(inside)])
        for i, k, j, m in pairs:
            vi, vj = yq.get((i, k)), yq.get((j, m))
            if vi is not None and vj is not None:
                model.add_bool_or([vi.Not(), vj.Not()])
        if kind == "n" and prep.families_bind:
            # Job families (params.job_families): one Boolean per family set present in the slot,
            # incompatible sets exclude each other.
            by_kind: dict[frozenset, list[int]] = {}
            for i in here:
                if prep.families[i]:
                    by_kind.setdefault(prep.families[i], []).append(i)
            kinds = sorted(by_kind, key=sorted)
            clashes = [
                (a, b)
                for x_, a in enumerate(kinds)
                for b in kinds[x_ + 1 :]
                if not prep._sets_compatible(a, b)
            ]
            if clashes:
                fvar = {}
                for fam in {f for pair in clashes for f in pair}:
                    fv = model.new_bool_var("")
                    aux.append((fv, q, by_kind[fam]))
                    for i in by_kind[fam]:
                        model.add(x[q][i] <= fv)
                    fvar[fam] = fv
                for a, b in clashes:
                    model.add_bool_or([fvar[a].Not(), fvar[b].Not()])
        cap = inst.employee_cap(inst.employees[ref]) if kind == "e" else params.max_weekly_minutes
        for g in maximal:
            inside = [i for i in here if i in g]
            if cap is not None and sum(inst.needs[i].minutes for i in inside) > cap:
                model.add(sum(inst.needs[i].minutes * x[q][i] for i in inside) <= cap)
            if params.max_daily_minutes is not None:
                for d in range(N_DAYS):
                    terms = [
                        (prep.patterns[i][k].day_minutes[d], v)
                        for i in inside
                        for k, v in pn[i]
                        if prep.patterns[i][k].day_minutes[d]
                    ]
                    by_i: dict[int, int] = {}
                    for i in inside:
                        by_i[i] = max((prep.patterns[i][k].day_minutes[d] for k, _ in pn[i]), default=0)
                    if sum(by_i.values()) > params.max_daily_minutes and len(terms) > 1:
                        model.add(sum(c * v for c, v in terms) <= params.max_daily_minutes)
        u = model.new_bool_var("")
        aux.append((u, q, here))
        used.append(u)
        for i in here:
            model.add_implication(x[q][i], u) if len(pn[i]) == 1 else model.add(x[q][i] <= u)
        model.add(sum(x[q][i] for i in here) >= u)
        # Members: one Boolean per member present, capped and counted.
        mem_here: dict[str, list[int]] = {}
        for i in here:
            mem_here.setdefault(inst.needs[i].member, []).append(i)
        mvars = []
        limit = params.max_members_per_position
        if all(len(lst) == 1 for lst in mem_here.values()):
            # One need per member: the member count is the need count, no extra Booleans needed.
            if limit is not None and len(mem_here) > limit:
                model.add(sum(x[q][i] for i in here) <= limit)
            member_needs_total.extend(x[q][i] for i in here)
        else:
            for _m, lst in sorted(mem_here.items()):
                mv = model.new_bool_var("")
                aux.append((mv, q, lst))
                for i in lst:
                    model.add(x[q][i] <= mv)
                model.add(sum(x[q][i] for i in lst) >= mv)
                mvars.append(mv)
            if limit is not None and len(mvars) > limit:
                model.add(sum(mvars) <= limit)
        member_vars_total.extend(mvars)
        site_here: dict[str, list[int]] = {}
        for i in here:
            if inst.needs[i].site is not None:
                site_here.setdefault(inst.needs[i].site, []).append(i)
        if len(site_here) > 1:
            for _s, lst in sorted(site_here.items()):
                sv = model.new_bool_var("")
                aux.append((sv, q, lst))
                for i in lst:
                    model.add(x[q][i] <= sv)
                site_vars_total.append(sv)
        # Viability of new positions (rule 6): total over worked weeks >= min * worked weeks.
        if kind == "n" and params.min_weekly_minutes > 0:
            year = sum(len(inst.needs[i].weeks) * inst.needs[i].minutes * x[q][i] for i in here)
            if len(groups) == 1:
                model.add(sum(inst.needs[i].minutes * x[q][i] for i in here) >= params.min_weekly_minutes * u)
            else:
                worked = []
                for g, count in groups:
                    z = model.new_bool_var("")
                    aux.append((z, q, [i for i in here if i in g]))
                    for i in here:
                        if i in g:
                            model.add(x[q][i] <= z)
                    worked.append(count * z)
                model.add(year >= params.min_weekly_minutes * sum(worked))
    # Symmetry: new slots are used in order.
    slot_used = [used[q] for q, (kind, _) in enumerate(positions) if kind == "n" and used[q] is not None]
    for a, b in zip(slot_used, slot_used[1:], strict=False):
        model.add_implication(b, a)

    emp_minutes = sum(
        inst.needs[i].minutes * x[q][i] for q, (kind, _) in enumerate(positions) if kind == "e" for i in x[q]
    )
    new_minutes = sum(
        inst.needs[i].minutes * x[q][i] for q, (kind, _) in enumerate(positions) if kind == "n" for i in x[q]
    )
    total_new = sum(inst.needs[i].minutes for i in needs) + 1
    stage1 = emp_minutes * total_new + new_minutes

    # Hint.
    hint_pos: dict[int, int] = {}
    for q, (kind, ref) in enumerate(positions):
        entries = hint_emp.get(ref, []) if kind == "e" else (hint_new[ref] if ref < len(hint_new) else [])
        for i, k in entries:
            hint_pos[i] = (k, q)
    _hint(model, y, aux, hint_pos)

    solver = cp_model.CpSolver()
    # Several CP-SAT workers (LNS portfolio) improve a hinted plan far better than one, even when
    # they share few cores; results then depend on timing (see docs/engine.md, reproducibility).
    solver.parameters.num_workers = threads
    solver.parameters.random_seed = seed
    if work is not None:
        # Reproducible: interleave the workers in one thread and stop on deterministic time.
        solver.parameters.interleave_search = True
    solver.parameters.log_search_progress = bool(os.environ.get("MUTUALIS_ENGINE_CPSAT_LOG"))
    stopper = Stopper(solver, stop_event, poll=0.1)

    def remaining():
        return time_limit - (time.monotonic() - start_time)

    model.maximize(stage1)
    solver.parameters.max_time_in_seconds = max(0.05, remaining() * 0.6)
    if work is not None:
        solver.parameters.max_time_in_seconds = max(0.05, remaining())
        solver.parameters.max_deterministic_time = work * 0.6
    with stopper:
        status1 = solver.solve(model)
    if status1 not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SubResult(hint, False, False)
    best1 = int(solver.objective_value)
    solution = {key: solver.value(v) for key, v in y.items()}
    optimal = status1 == cp_model.OPTIMAL

    # Stage 2: keep the minutes, minimise employees, new positions, members, sites.
    model.clear_hints()
    _hint(model, y, aux, {i: (k, q) for (i, k, q), val in solution.items() if val})
    model.add(stage1 >= best1)
    emp_used = [used[q] for q, (kind, _) in enumerate(positions) if kind == "e" and used[q] is not None]
    w_site = 1
    w_member = len(site_vars_total) + 1
    w_new = w_member * (len(member_vars_total) + len(member_needs_total) + 1)
    w_emp = w_new * (len(slot_used) + 1)
    model.minimize(
        w_emp * sum(emp_used)
        + w_new * sum(slot_used)
        + w_member * (sum(member_vars_total) + sum(member_needs_total))
        + w_site * sum(site_vars_total)
    )
    status2 = cp_model.UNKNOWN
    if remaining() > 0.05 and not (stop_event is not None and stop_event.is_set()):
        solver.parameters.max_time_in_seconds = max(0.05, remaining())
        if work is not None:
            solver.parameters.max_deterministic_time = work * 0.4
        with stopper:
            status2 = solver.solve(model)
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = {key: solver.value(v) for key, v in y.items()}
    optimal = optimal and status2 == cp_model.OPTIMAL
    result: dict[int, list[tuple[int, int]]] = {}
    for (i, k, q), val in solution.items():
        if val:
            result.setdefault(q, []).append((i, k))
    out = []
    for q, entries in sorted(result.items()):
        kind, ref = positions[q]
        out.append((ref if kind == "e" else None, entries))
    return SubResult(out, optimal, True)


def _hint(model, y, aux, where: dict[int, tuple[int, int]]) -> None:
    """Hint every variable (a complete hint lets CP-SAT start from it at once)."""
    for (i, k, q), v in y.items():
        model.add_hint(v, 1 if where.get(i) == (k, q) else 0)
    for v, q, lst in aux:
        model.add_hint(v, 1 if any(where.get(i, (None, None))[1] == q for i in lst) else 0)
