"""Valid lower bounds on the number of positions.

Definition (docs/engine.md): let S be the *placeable* needs (a need that fits a position on its own
and has somewhere to go). ``lower_bound_positions`` is a number of positions that any valid plan
placing every need of S must use. Since leaving needs out is always allowed, a plan that leaves some
of S unassigned may use fewer positions; applied to the needs a plan does place, the bound is always
at most that plan's positions. Every bound below is a relaxation: it drops viability, members (except
when at most one member per position is allowed) and flexible placement choices, so it stays valid.
"""

from __future__ import annotations

import math
import time

from mutualis.engine.compat import Prepared, pair_ok
from mutualis.engine.instance import Instance

FULL_GRAPH_LIMIT = 200
MAX_THRESHOLDS = 40


def bound(instance, deadline: float | None = None) -> dict:
    """Lower bounds for the placeable needs; past ``deadline`` (monotonic) only cheap ones are computed."""
    prep = instance if isinstance(instance, Prepared) else Prepared(instance)
    return bounds_for(prep, [i for i in range(prep.n) if prep.placeable(i)], deadline)


def bounds_for(prep: Prepared, needs: list[int], deadline: float | None = None) -> dict:
    inst: Instance = prep.instance
    params = prep.params
    caps = [inst.employee_cap(e) for e in inst.employees]
    if params.new_positions:
        caps.append(params.max_weekly_minutes)
    unlimited = any(c is None for c in caps)
    big = None if unlimited or not caps else max(caps)
    groups = _week_groups(prep, needs)
    result = {
        "weekly_volume": _volume(inst, groups, caps, params.new_positions),
        "daily_volume": _daily(prep, groups),
        "bin_packing_l2": max((_l2([inst.needs[i].minutes for i in g], big) for g in groups), default=0)
        if big
        else 0,
        "pairwise_incompatible": _clique(prep, needs, big, deadline),
    }
    lower = max(result.values(), default=0)
    if needs:
        lower = max(lower, 1)
    return {
        "lower_bound_positions": lower,
        "placeable_needs": len(needs),
        "needs": prep.n,
        "bounds": result,
    }


def _week_groups(prep: Prepared, needs: list[int]) -> list[list[int]]:
    seen = set()
    out = []
    for w in range(1, 54):
        bit = 1 << w
        active = tuple(i for i in needs if prep.masks[i] & bit)
        if active and active not in seen:
            seen.add(active)
            out.append(list(active))
    return out


def _volume(inst, groups, caps, new_positions) -> int:
    """Fewest positions whose weekly caps can hold the busiest week's minutes."""
    if not caps or any(c is None for c in caps):
        return 1 if any(groups) else 0
    employee_caps = sorted((inst.employee_cap(e) for e in inst.employees), reverse=True)
    new_cap = inst.params.max_weekly_minutes if new_positions else None
    best = 0
    for g in groups:
        volume = sum(inst.needs[i].minutes for i in g)
        count = 0
        # Use the largest caps first: employees bigger than a new position, then new positions.
        pool = sorted(employee_caps + ([new_cap] if new_cap else []), reverse=True)
        for cap in pool:
            if volume <= 0:
                break
            if cap == new_cap and new_cap:
                count += math.ceil(volume / new_cap)
                volume = 0
                break
            volume -= cap
            count += 1
        best = max(best, count)
    return best


def _daily(prep: Prepared, groups) -> int:
    """Fixed minutes on one calendar day over the daily cap."""
    cap = prep.params.max_daily_minutes
    if cap is None:
        return 0
    best = 0
    for g in groups:
        days = [0] * 8
        for i in g:
            need = prep.instance.needs[i]
            if need.slots is not None:
                for d, m in enumerate(prep.patterns[i][0].day_minutes):
                    days[d] += m
        best = max(best, max(math.ceil(m / cap) for m in days))
    return best


def _l2(sizes: list[int], capacity: int) -> int:
    """Martello-Toth L2 bound for bin packing with equal capacities (every threshold up to 5,000
    sizes, as the packing algorithm does; a sample of thresholds above)."""
    if len(sizes) <= 5000:
        from mutualis.engine.packing import l2

        return l2(sizes, capacity)
    sizes = [s for s in sizes if s > 0]
    if not sizes:
        return 0
    best = math.ceil(sum(sizes) / capacity)
    thresholds = sorted({s for s in sizes if s <= capacity // 2} | {0})
    if len(thresholds) > MAX_THRESHOLDS:  # any threshold gives a valid bound; sample evenly
        step = len(thresholds) / MAX_THRESHOLDS
        thresholds = [thresholds[int(k * step)] for k in range(MAX_THRESHOLDS)]
    for k in thresholds:
        j1 = [s for s in sizes if s > capacity - k]
        j2 = [s for s in sizes if capacity - k >= s > capacity / 2]
        j3 = [s for s in sizes if capacity / 2 >= s >= k]
        spare = len(j2) * capacity - sum(j2)
        extra = max(0, math.ceil((sum(j3) - spare) / capacity))
        best = max(best, len(j1) + len(j2) + extra)
    return best


def _incompatible(prep: Prepared, i: int, j: int, big: int | None, no_travel: bool) -> bool:
    """True only when needs i and j can never share any position, whatever the plan."""
    inst = prep.instance
    a, b = inst.needs[i], inst.needs[j]
    limit = prep.params.max_members_per_position
    if limit == 1 and a.member != b.member:
        return True
    if not inst.employees and not prep.same_job(i, j):
        return True  # only new positions, and the job rule keeps these two apart
    if not prep.masks[i] & prep.masks[j]:
        return False
    if big is not None and a.minutes + b.minutes > big:
        return True
    if a.slots is None or b.slots is None:
        return False

    def travel(x, y):
        return 0 if no_travel else prep.travel(x, y)

    return not pair_ok(prep.patterns[i][0], a.site, prep.patterns[j][0], b.site, prep.params, travel)


def _clique(prep: Prepared, needs: list[int], big: int | None, deadline: float | None = None) -> int:
    """Largest set of pairwise-incompatible needs found (greedy; any such set is a valid bound)."""
    if not needs:
        return 0
    # A need without a site lets its neighbours skip travel, so travel only counts when all have one.
    no_travel = any(prep.instance.needs[i].site is None for i in needs)
    best = _sweep(prep, needs, big)
    if len(needs) > FULL_GRAPH_LIMIT:
        return best
    adj = {i: set() for i in needs}
    for x, i in enumerate(needs):
        if deadline is not None and time.monotonic() > deadline:
            return best  # the graph is incomplete: keep the cheap bound only
        for j in needs[x + 1 :]:
            if _incompatible(prep, i, j, big, no_travel):
                adj[i].add(j)
                adj[j].add(i)
    order = sorted(needs, key=lambda i: -len(adj[i]))
    for start in order[:40]:
        clique = [start]
        candidates = set(adj[start])
        while candidates:
            nxt = max(candidates, key=lambda c: (len(adj[c] & candidates), -c))
            clique.append(nxt)
            candidates &= adj[nxt]
        best = max(best, len(clique))
    return best


def _sweep(prep: Prepared, needs: list[int], big: int | None) -> int:
    """Cheap cliques: fixed needs overlapping at one instant, and needs over half the largest cap."""
    inst = prep.instance
    best = 0
    for g in _week_groups(prep, needs):
        events = []
        for i in g:
            if inst.needs[i].slots is not None:
                for s, e in inst.needs[i].slots:
                    events.append((s, 1))
                    events.append((e, -1))
        depth = 0
        for _, delta in sorted(events):
            depth += delta
            best = max(best, depth)
        if big is not None:
            best = max(best, sum(1 for i in g if inst.needs[i].minutes * 2 > big))
    return best
