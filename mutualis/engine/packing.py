"""Pure packing as one-dimensional bin packing: bounds, constructions, slack-concentrating LNS.

Applies when the instance is *pure packing* (``Prepared.time_free``: weekly volumes only), every need
shares one set of weeks, new positions are allowed and there are no employees: positions are then
plain bins of capacity ``max_weekly_minutes`` and the engine's objectives reduce to "fewest bins"
(every need fits a bin alone, so all of them are placed). ``max_members_per_position`` is kept when
every need has its own member (a cardinality limit per bin); with shared members and a limit, or with
a minimum weekly volume that could bind, the general engine runs instead.

Method (sources in ADR 2026-12-03-engine-v2):

1. Lower bound: the largest of the continuous bound, Martello and Toth's L2 over every threshold, and
   the cardinality bound. When a construction meets it, the plan is optimal and is returned at once.
2. Constructions: first fit decreasing, best fit decreasing, and minimum bin slack (Gupta and Ho:
   each bin takes its largest remaining item, then the subset of the others that fills it best);
   the best is kept.
3. Improvement: large neighbourhood search that concentrates slack. A neighbourhood is the emptiest
   bin plus a few others (chosen at random, biased to bins with slack); CP-SAT repacks their items
   into the same bins maximising the sum of squared loads (which pushes the slack into few bins), hinted with the current packing. When
   that bin empties, it is removed; the loop ends at the lower bound (proof) or the deadline.
"""

from __future__ import annotations

import math
import random
import time
from bisect import bisect_left
from dataclasses import dataclass

from mutualis.engine import preload, stopper
from mutualis.engine.compat import Prepared

NAME = "packing"
OBJECTIVE = "positions"


@dataclass
class Result:
    positions: list  # (employee index | None, [(need index, pattern index)])
    lower: int  # bound on the objective (here: positions)
    bound_name: str
    lower_positions: int  # bound on positions (stats.lower_bound_positions)
    proven: bool


def applicable(prep: Prepared) -> bool:
    inst = prep.instance
    params = prep.params
    if (
        not prep.time_free
        or not params.new_positions
        or inst.employees
        or not inst.needs
        or prep.families_bind
    ):
        return False
    if len({n.weeks for n in inst.needs}) != 1 or any(not p for p in prep.patterns):
        return False
    if params.max_members_per_position is not None and len({n.member for n in inst.needs}) != len(inst.needs):
        return False
    # Viability can bind only if a bin could end below the minimum: smallest items alone.
    return params.min_weekly_minutes <= min(n.minutes for n in inst.needs)


def l2(sizes: list[int], capacity: int) -> int:
    """Martello-Toth L2 over every threshold (O(n log n + n * distinct sizes))."""
    sizes = sorted((s for s in sizes if s > 0), reverse=True)
    if not sizes:
        return 0
    best = math.ceil(sum(sizes) / capacity)
    for k in sorted({s for s in sizes if s <= capacity // 2} | {0}):
        j1 = j2n = j2s = j3s = 0
        for s in sizes:
            if s > capacity - k:
                j1 += 1
            elif s * 2 > capacity:
                j2n += 1
                j2s += s
            elif s >= k:
                j3s += s
        spare = j2n * capacity - j2s
        best = max(best, j1 + j2n + max(0, math.ceil((j3s - spare) / capacity)))
    return best


def lower_bound(sizes: list[int], capacity: int, card: int | None) -> tuple[int, str]:
    value, name = l2(sizes, capacity), "bin_packing_l2"
    if card is not None and math.ceil(len(sizes) / card) > value:
        value, name = math.ceil(len(sizes) / card), "cardinality"
    return value, name


def first_fit_decreasing(sizes, capacity, card, best_fit=False) -> list[list[int]]:
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    bins: list[list[int]] = []
    loads: list[int] = []
    for i in order:
        pick = None
        for b, load in enumerate(loads):
            if load + sizes[i] <= capacity and (card is None or len(bins[b]) < card):
                if not best_fit:
                    pick = b
                    break
                if pick is None or load > loads[pick]:
                    pick = b
        if pick is None:
            bins.append([i])
            loads.append(sizes[i])
        else:
            bins[pick].append(i)
            loads[pick] += sizes[i]
    return bins


def minimum_bin_slack(sizes, capacity, deadline: float, rng=None, stop_at=None) -> list[list[int]] | None:
    """Gupta-Ho MBS (largest item first, then the best-filling subset by dynamic programming).

    With ``rng`` (perturbed MBS): the subset-sum sees the remaining items in random order, so among
    the subsets that fill a bin best a different one is taken at each restart; a restart gives up as
    soon as it cannot beat ``stop_at`` bins."""
    import numpy as np

    left = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    remaining = sum(sizes)
    bins = []
    while left:
        if time.monotonic() > deadline:
            return None
        if stop_at is not None and len(bins) + math.ceil(remaining / capacity) >= stop_at:
            return None
        first, rest = left[0], left[1:]
        if rng is not None:
            rest = list(rest)
            rng.shuffle(rest)
        room = capacity - sizes[first]
        reach = np.zeros(room + 1, dtype=bool)
        reach[0] = True
        who = np.full(room + 1, -1, dtype=np.int64)
        for idx, i in enumerate(rest):
            s = sizes[i]
            if s > room:
                continue
            newly = np.zeros(room + 1, dtype=bool)
            newly[s:] = reach[:-s] & ~reach[s:]
            who[newly] = idx
            reach |= newly
            if reach[room]:
                break
        total = int(np.flatnonzero(reach)[-1])
        chosen = [first]
        while total > 0:
            idx = int(who[total])
            chosen.append(rest[idx])
            total -= sizes[rest[idx]]
        taken = set(chosen)
        bins.append(chosen)
        remaining -= sum(sizes[i] for i in chosen)
        left = [i for i in left if i not in taken]
    return bins


class _Stop(Exception):
    pass


def bin_completion(sizes, capacity, bins_wanted: int, deadline: float, rng=None, node_limit=200_000, width=6):
    """Depth-first bin completion (Korf's idea, limited discrepancy): fill bins one at a time, each
    with the largest item left plus a subset of the others, wasting in total at most
    ``bins_wanted * capacity - sum(sizes)``; at most ``width`` completions per bin, best filled
    first. Returns the bins, or None (no packing found within the node limit or the time)."""
    n = len(sizes)
    waste_allowed = bins_wanted * capacity - sum(sizes)
    if waste_allowed < 0:
        return None
    order = sorted(range(n), key=lambda i: (-sizes[i], i))
    if rng is not None:
        # Perturb ties and near-ties a little between restarts.
        order = sorted(order, key=lambda i: -sizes[i] - rng.random() * 0.5)
    used = [False] * n
    bins: list[list[int]] = []
    nodes = [0]

    def completions(room: int, low: int):
        free = [i for i in order if not used[i]]
        free_sizes = [sizes[i] for i in free]
        negative = [-v for v in free_sizes]  # ascending, for bisect
        suffix = [0] * (len(free) + 1)
        for x in range(len(free) - 1, -1, -1):
            suffix[x] = suffix[x + 1] + free_sizes[x]
        found: list[tuple[int, list[int]]] = []
        chosen: list[int] = []
        steps = [0]

        def walk(start: int, total: int):
            steps[0] += 1
            if steps[0] > 5000:
                return  # many small items: keep the completions found so far
            if total >= low:
                found.append((total, list(chosen)))
            last = None
            first_fit = max(start, bisect_left(negative, -(room - total)))
            for x in range(first_fit, len(free)):
                if len(found) >= 60 or total + suffix[x] < low:
                    return  # even every smaller item left would not fill the bin enough
                size = free_sizes[x]
                if size > room - total or size == last:
                    continue
                last = size
                chosen.append(free[x])
                walk(x + 1, total + size)
                chosen.pop()

        walk(0, 0)
        if rng is not None:
            rng.shuffle(found)  # restarts differ among equally good completions
        found.sort(key=lambda t: -t[0])
        return found[:width]

    def dfs(waste: int) -> bool:
        nodes[0] += 1
        if nodes[0] > node_limit or (nodes[0] % 256 == 0 and time.monotonic() > deadline):
            raise _Stop
        first = next((i for i in order if not used[i]), None)
        if first is None:
            return True
        used[first] = True
        room = capacity - sizes[first]
        for total, subset in completions(room, room - (waste_allowed - waste)):
            for i in subset:
                used[i] = True
            bins.append([first, *subset])
            if dfs(waste + room - total):
                return True
            bins.pop()
            for i in subset:
                used[i] = False
        used[first] = False
        return False

    try:
        return bins if dfs(0) else None
    except (_Stop, RecursionError):
        return None


def _count_by_size(model, sizes, bins_items):
    """Items of equal size are interchangeable: one integer per (size, bin) counts them, hinted with
    the current bins, instead of one Boolean per item and bin. Returns ({size: items}, {(size, bin): var})."""
    by_size: dict[int, list[int]] = {}
    for b in bins_items:
        for i in b:
            by_size.setdefault(sizes[i], []).append(i)
    where = {i: b for b, lst in enumerate(bins_items) for i in lst}
    count = {}
    for s, lst in by_size.items():
        row = []
        for b in range(len(bins_items)):
            v = model.new_int_var(0, len(lst), "")
            count[s, b] = v
            row.append(v)
            model.add_hint(v, sum(1 for i in lst if where[i] == b))
        model.add(sum(row) == len(lst))
    return by_size, count


def _repack(sizes, capacity, card, bins_items: list[list[int]], seconds: float, seed: int, work=None):
    """CP-SAT: repack the items of these bins into the same bins, bin 0 as empty as possible."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    m = len(bins_items)
    by_size, count = _count_by_size(model, sizes, bins_items)
    loads = []
    for b in range(m):
        load = sum(s * count[s, b] for s in by_size)
        model.add(load <= capacity)
        if card is not None:
            model.add(sum(count[s, b] for s in by_size) <= card)
        loads.append(load)
    # Concentrate the slack: maximise the sum of squared loads (an emptied bin is the extreme case).
    squares = []
    for load in loads:
        lv = model.new_int_var(0, capacity, "")
        model.add(lv == load)
        sq = model.new_int_var(0, capacity * capacity, "")
        model.add_multiplication_equality(sq, [lv, lv])
        squares.append(sq)
    model.maximize(sum(squares))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    if work is not None:
        solver.parameters.max_deterministic_time = work
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    out: list[list[int]] = [[] for _ in range(m)]
    for s, lst in by_size.items():
        pool = list(lst)
        for b in range(m):
            for _ in range(solver.value(count[s, b])):
                out[b].append(pool.pop())
    return out


def solve(prep: Prepared, deadline: float, seed: int | None = None, stop=None) -> Result:
    bins, lower, name, proven = solve_bins(prep, deadline, seed, stop)
    positions = [(None, [(i, 0) for i in sorted(b)]) for b in bins]
    return Result(positions, lower, name, lower, proven)


def solve_bins(prep: Prepared, deadline: float, seed: int | None = None, stop=None):
    """``(bins as lists of need indices, lower bound, bound name, proven)``."""
    inst = prep.instance
    sizes = [n.minutes for n in inst.needs]
    capacity = prep.params.max_weekly_minutes
    card = prep.params.max_members_per_position
    lower, name = lower_bound(sizes, capacity, card)
    candidates = [
        first_fit_decreasing(sizes, capacity, card),
        first_fit_decreasing(sizes, capacity, card, best_fit=True),
    ]
    if card is None and len(candidates[0]) > lower and len(sizes) * capacity <= 5e7:
        mbs = minimum_bin_slack(sizes, capacity, deadline)
        if mbs is not None:
            candidates.append(mbs)
    bins = min(candidates, key=len)
    if len(bins) <= lower:
        return bins, lower, name, True
    rng = random.Random(seed or 0)
    reproducible = seed is not None
    if preload.ready(deadline):
        # The LP of the pattern model (Gilmore-Gomory) is often above L2 and proves the incumbent.
        lp = lp_bound(
            sizes, capacity, time.monotonic() + 0.15 * (deadline - time.monotonic()), bins,
            max_iterations=100 if reproducible else None,
        )  # fmt: skip
        if lp > lower:
            lower, name = lp, "bin_packing_lp"
        if len(bins) <= lower:
            return bins, lower, name, True
    if card is None and preload.ready(deadline):
        # Little waste allowed at the bound: set partitioning over the few bins that can be used.
        end = time.monotonic() + 0.5 * (deadline - time.monotonic())
        found = exact_fill(sizes, capacity, lower, end, stop=stop, work=2.0 if reproducible else None)
        if found is not None:
            return found, lower, name, True
    if card is None:
        # Fewer bins with overflow allowed, then remove the overflow (repeat while it works).
        squeeze_end = time.monotonic() + 0.7 * (deadline - time.monotonic())
        while (
            len(bins) > lower and time.monotonic() < squeeze_end and not (stop is not None and stop.is_set())
        ):
            found = squeeze(sizes, capacity, card, bins, len(bins) - 1, squeeze_end, rng, stop, reproducible)
            if found is None:
                break
            bins = found
        if len(bins) <= lower:
            return bins, lower, name, True
    if card is None and len(bins) == lower + 1:
        # One bin above the bound: look for a packing at the bound by bin completion (restarts).
        end = time.monotonic() + 0.2 * (deadline - time.monotonic())
        attempt = 0
        while time.monotonic() < end and not (stop is not None and stop.is_set()):
            found = bin_completion(
                sizes, capacity, lower, end, rng if attempt else None, node_limit=3_000, width=3
            )
            attempt += 1
            if found is not None:
                return found, lower, name, True
            if reproducible and attempt >= 10:
                break
    if card is None and len(sizes) * capacity <= 5e7:
        # Perturbed MBS restarts for up to 30 % of the time (or 40 restarts when reproducible).
        restart_end = time.monotonic() + 0.15 * (deadline - time.monotonic())
        restarts = 0
        while (
            len(bins) > lower and time.monotonic() < restart_end and not (stop is not None and stop.is_set())
        ):
            if reproducible and restarts >= 40:
                break
            restarts += 1
            found = minimum_bin_slack(sizes, capacity, restart_end, rng=rng, stop_at=len(bins))
            if found is not None and len(found) < len(bins):
                bins = found
        if len(bins) <= lower:
            return bins, lower, name, True
    bins = [list(b) for b in bins]
    size_of_hood = 6
    if not preload.ready(deadline):
        return bins, lower, name, False
    while len(bins) > lower and time.monotonic() < deadline - 0.02:
        if stop is not None and stop.is_set():
            break
        loads = [sum(sizes[i] for i in b) for b in bins]
        # The emptiest bin, or (every other time) one at random among those with slack.
        slack = [b for b in range(len(bins)) if loads[b] < capacity]
        target = min(range(len(bins)), key=lambda b: (loads[b], rng.random()))
        if rng.random() < 0.5 and slack:
            target = slack[rng.randrange(len(slack))]
        others = [b for b in range(len(bins)) if b != target]
        k = min(len(others), size_of_hood - 1)
        weights = [capacity - loads[b] + capacity * 0.05 for b in others]
        chosen: list[int] = []
        pool, w = list(others), list(weights)
        for _ in range(k):
            r = rng.random() * sum(w)
            x = 0
            while r > w[x] and x < len(w) - 1:
                r -= w[x]
                x += 1
            chosen.append(pool.pop(x))
            w.pop(x)
        group = [target] + chosen
        left = deadline - time.monotonic()
        res = _repack(
            sizes,
            capacity,
            card,
            [bins[b] for b in group],
            min(0.5, left),
            rng.randrange(1 << 30),
            work=0.2 if reproducible else None,
        )
        if res is None:
            size_of_hood = max(3, size_of_hood - 1)
            continue
        before = sum(loads[b] ** 2 for b in group)
        after = sum(sum(sizes[i] for i in items) ** 2 for items in res)
        if after < before:
            continue
        if after == before:
            size_of_hood = min(16, size_of_hood + 1)
        for b, items in zip(group, res, strict=True):
            bins[b] = items
        bins = [b for b in bins if b]
    return bins, lower, name, len(bins) <= lower


def _knapsack(values, weights, bounds, capacity):
    """Bounded knapsack by dynamic programming (binary splitting): ``(best value, counts)``."""
    import numpy as np

    copies = []  # (kind, multiplicity)
    for k, (v, w, b) in enumerate(zip(values, weights, bounds, strict=True)):
        if v <= 0 or w > capacity:
            continue
        m = 1
        while b > 0:
            t = min(m, b)
            copies.append((k, t))
            b -= t
            m *= 2
    dp = np.zeros(capacity + 1)
    take = np.zeros((len(copies), capacity + 1), dtype=bool)
    for c, (k, t) in enumerate(copies):
        w, v = weights[k] * t, values[k] * t
        if w > capacity:
            continue
        cand = dp[:-w] + v if w else dp + v
        better = cand > dp[w:] + 1e-12
        take[c, w:] = better
        dp[w:] = np.where(better, cand, dp[w:])
    r = int(np.argmax(dp))
    best = float(dp[r])
    counts = [0] * len(values)
    for c in range(len(copies) - 1, -1, -1):
        if take[c, r]:
            k, t = copies[c]
            counts[k] += t
            r -= weights[k] * t
    return best, counts


def lp_bound(sizes: list[int], capacity: int, deadline: float, start_bins=None, max_iterations=None) -> int:
    """Gilmore-Gomory LP bound by column generation (GLOP master, knapsack pricing).

    Stopped at any iteration it stays valid: with duals ``pi``, Farley's bound
    ``sum(pi_s * demand_s) / max_pattern(pi)`` is a lower bound on the number of bins; its ceiling
    (rounded with a tolerance) is returned. 0 when OR-Tools' LP solver is not usable in time."""
    from ortools.linear_solver import pywraplp

    kinds = sorted({s for s in sizes if s > 0}, reverse=True)
    if not kinds:
        return 0
    index = {s: k for k, s in enumerate(kinds)}
    demand = [0] * len(kinds)
    for s in sizes:
        if s > 0:
            demand[index[s]] += 1
    patterns: list[list[int]] = []
    seen = set()

    def add(counts):
        key = tuple(counts)
        if key not in seen and any(counts):
            seen.add(key)
            patterns.append(list(counts))

    for b in start_bins or []:
        counts = [0] * len(kinds)
        for i in b:
            if sizes[i] > 0:
                counts[index[sizes[i]]] += 1
        add(counts)
    for k, s in enumerate(kinds):
        counts = [0] * len(kinds)
        counts[k] = min(demand[k], capacity // s)
        add(counts)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    rows = [solver.Constraint(demand[k], solver.infinity()) for k in range(len(kinds))]
    objective = solver.Objective()
    objective.SetMinimization()

    def column(pat):
        v = solver.NumVar(0, solver.infinity(), "")
        objective.SetCoefficient(v, 1)
        for k, a in enumerate(pat):
            if a:
                rows[k].SetCoefficient(v, a)

    for pat in patterns:
        column(pat)
    best = 0
    iterations = 0
    while time.monotonic() < deadline and (max_iterations is None or iterations < max_iterations):
        iterations += 1
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            break
        pi = [max(0.0, ct.dual_value()) for ct in rows]
        value, counts = _knapsack(pi, kinds, demand, capacity)
        if value <= 0:
            break
        dual = sum(p * d for p, d in zip(pi, demand, strict=True))
        best = max(best, math.ceil(dual / max(1.0, value) - 1e-6))
        if value <= 1 + 1e-9 or tuple(counts) in seen:
            break  # the LP is solved: no pattern prices out
        add(counts)
        column(counts)
    return best


def _overflow(loads, capacity) -> int:
    return sum(max(0, x - capacity) for x in loads)


def _repack_overflow(sizes, capacity, card, bins_items, seconds, seed, work=None):
    """CP-SAT: repack the items of these bins into the same number of bins, least total overflow
    (load above capacity); None when nothing better than the hint was proven or found."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    m = len(bins_items)
    by_size, count = _count_by_size(model, sizes, bins_items)
    total = sum(sizes[i] for b in bins_items for i in b)
    overs = []
    for b in range(m):
        over = model.new_int_var(0, total, "")
        model.add(sum(s * count[s, b] for s in by_size) <= capacity + over)
        if card is not None:
            model.add(sum(count[s, b] for s in by_size) <= card)
        model.add_hint(over, max(0, sum(sizes[i] for i in bins_items[b]) - capacity))
        overs.append(over)
    # Least overflow first; random weights on the loads break ties, so that repeated repacks of a
    # plateau move the items around instead of returning the hint.
    pick = random.Random(seed)
    weights = [pick.randrange(8) for _ in range(m)]
    tie = sum(w * s * count[s, b] for b, w in enumerate(weights) for s in by_size)
    model.minimize(sum(overs) * (8 * total + 1) + tie)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = work if work is not None else 0.05
    solver.parameters.max_time_in_seconds = max(0.01, min(seconds, 0.1))
    solver.parameters.cp_model_presolve = False
    solver.parameters.symmetry_level = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    out: list[list[int]] = [[] for _ in range(m)]
    for s, lst in by_size.items():
        pool = list(lst)
        rng = random.Random(seed)
        rng.shuffle(pool)
        for b in range(m):
            for _ in range(solver.value(count[s, b])):
                out[b].append(pool.pop())
    return out


def _split(items, sizes, capacity, rng):
    """Split these items into two bins with the least total overflow, at random among the best
    splits (subset sums by dynamic programming over the items in random order)."""
    import numpy as np

    items = list(items)
    rng.shuffle(items)
    total = sum(sizes[i] for i in items)
    reach = np.zeros(total + 1, dtype=bool)
    reach[0] = True
    who = np.full(total + 1, -1, dtype=np.int64)
    for idx, i in enumerate(items):
        w = sizes[i]
        if w <= 0:
            continue
        newly = np.zeros(total + 1, dtype=bool)
        newly[w:] = reach[:-w] & ~reach[w:]
        who[newly] = idx
        reach |= newly
    sums = np.flatnonzero(reach)
    over = np.maximum(0, sums - capacity) + np.maximum(0, total - sums - capacity)
    best = sums[over == over.min()]
    t = int(best[rng.randrange(len(best))])
    first = []
    while t > 0:
        idx = int(who[t])
        first.append(items[idx])
        t -= sizes[items[idx]]
    chosen = set(first)
    return first, [i for i in items if i not in chosen], int(over.min())


def squeeze(sizes, capacity, card, bins, target: int, deadline: float, rng, stop=None, reproducible=False):
    """Pack into ``target`` bins (after Alvim et al.'s hybrid improvement heuristic): drop the
    emptiest bins, put their items where they overflow least, then remove the overflow by re-splitting
    an overfull bin with another bin (the split with the least overflow, at random among equals, so
    the overflow also walks across plateaus). Returns bins without overflow, or None. Only without a
    cardinality limit."""
    if card is not None:
        return None
    bins = [list(b) for b in sorted(bins, key=lambda b: -sum(sizes[i] for i in b))]
    spill = [i for b in bins[target:] for i in b]
    bins = bins[:target]
    if not bins:
        return None
    loads = [sum(sizes[i] for i in b) for b in bins]
    for i in sorted(spill, key=lambda i: -sizes[i]):
        fits = [b for b in range(target) if loads[b] + sizes[i] <= capacity]
        b = max(fits, key=lambda b: loads[b]) if fits else min(range(target), key=lambda b: loads[b])
        bins[b].append(i)
        loads[b] += sizes[i]
    if target < 2:
        return bins if loads[0] <= capacity else None
    moves = 0
    best_over, since = _overflow(loads, capacity), 0
    while not (stop is not None and stop.is_set()):
        if moves % 64 == 0 and time.monotonic() > deadline:
            break
        over = [b for b in range(target) if loads[b] > capacity]
        if not over:
            return bins
        if reproducible and moves >= 20_000:
            break
        moves += 1
        total_over = _overflow(loads, capacity)
        if total_over < best_over:
            best_over, since = total_over, 0
        since += 1
        a = over[rng.randrange(len(over))]
        if since > 300 and preload.ready(deadline):
            # Stuck on a plateau of pair moves: repack a few bins around an overfull one with CP-SAT.
            since = 0
            others = [b for b in range(target) if b != a]
            group = [a, *rng.sample(others, min(len(others), rng.choice((3, 4, 5))))]
            before = _overflow([loads[b] for b in group], capacity)
            res = _repack_overflow(
                sizes, capacity, card, [bins[b] for b in group], min(0.1, deadline - time.monotonic()),
                rng.randrange(1 << 30), work=0.05 if reproducible else None,
            )  # fmt: skip
            if res is not None:
                after_loads = [sum(sizes[i] for i in items) for items in res]
                if _overflow(after_loads, capacity) <= before:
                    for b, items, load in zip(group, res, after_loads, strict=True):
                        bins[b] = items
                        loads[b] = load
            continue
        b = rng.randrange(target - 1)
        b += b >= a
        before = max(0, loads[a] - capacity) + max(0, loads[b] - capacity)
        first, second, after = _split(bins[a] + bins[b], sizes, capacity, rng)
        if after > before:
            continue
        bins[a], bins[b] = first, second
        loads[a] = sum(sizes[i] for i in first)
        loads[b] = sum(sizes[i] for i in second)
    return None


def exact_fill(
    sizes, capacity, target: int, deadline: float, threads: int = 2, limit: int = 20_000, stop=None, work=None
):
    """Packing into ``target`` bins as set partitioning over every bin pattern that wastes at most
    what ``target`` bins allow (``target * capacity - sum(sizes)``), solved by CP-SAT. Effective
    when that waste is small (Falkenauer's triplets: none), so the patterns are few; returns None when
    there are more than ``limit`` patterns, no packing or no time."""
    from ortools.sat.python import cp_model

    waste = target * capacity - sum(sizes)
    if waste < 0:
        return None
    kinds = sorted({s for s in sizes if s > 0}, reverse=True)
    demand = dict.fromkeys(kinds, 0)
    for s in sizes:
        if s > 0:
            demand[s] += 1
    smallest = kinds[-1] if kinds else 1
    patterns: list[dict[int, int]] = []
    chosen: dict[int, int] = {}

    nodes = [0]

    def walk(k: int, load: int):
        nodes[0] += 1
        if len(patterns) > limit or nodes[0] > 5 * limit:
            raise _Stop
        if nodes[0] % 4096 == 0 and time.monotonic() > deadline:
            raise _Stop
        if load >= capacity - waste and load:
            patterns.append(dict(chosen))
        room = capacity - load
        need = capacity - waste - load
        for x in range(k, len(kinds)):
            s = kinds[x]
            if s > room:
                continue
            if s * (room // smallest) < need:
                break  # every later size is smaller: they cannot fill the bin enough
            if chosen.get(s, 0) >= demand[s]:
                continue
            chosen[s] = chosen.get(s, 0) + 1
            walk(x, load + s)
            chosen[s] -= 1
            if not chosen[s]:
                del chosen[s]

    try:
        walk(0, 0)
    except (_Stop, RecursionError):
        return None
    if not patterns or time.monotonic() > deadline - 0.05:
        return None
    model = cp_model.CpModel()
    z = [model.new_int_var(0, min(demand[s] // a for s, a in p.items()), "") for p in patterns]
    for s in kinds:
        model.add(sum(p[s] * v for p, v in zip(patterns, z, strict=True) if s in p) == demand[s])
    model.add(sum(z) <= target)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = threads
    solver.parameters.max_time_in_seconds = max(0.05, deadline - time.monotonic())
    if work is not None:  # reproducible mode: planned work, not the clock
        solver.parameters.interleave_search = True
        solver.parameters.max_deterministic_time = work
    status = stopper.solve(solver, model, stop)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    pools: dict[int, list[int]] = {}
    for i, s in enumerate(sizes):
        pools.setdefault(s, []).append(i)
    bins = []
    for p, v in zip(patterns, z, strict=True):
        for _ in range(solver.value(v)):
            bins.append([pools[s].pop() for s, a in p.items() for _ in range(a)])
    zero = pools.get(0, [])
    if zero:
        (bins[0] if bins else bins.append([]) or bins[0]).extend(zero)
    return bins
