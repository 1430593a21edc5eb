"""Constructive heuristics: always return valid positions, fast.

``construct`` is the engine's own start (best-fit decreasing with a viability repair);
``first_fit`` is the greedy baseline the benchmark compares against (needs in input order, first
position that fits, non-viable positions dropped).
"""

from __future__ import annotations

import time

import numpy as np

from mutualis.engine.compat import Bin, Prepared


def _try_add(bin_: Bin, i: int) -> bool:
    for k in range(len(bin_.prep.patterns[i])):
        if bin_.fits(i, k):
            bin_.add(i, k)
            return True
    return False


def _fitting_pattern(bin_: Bin, i: int) -> int | None:
    for k in range(len(bin_.prep.patterns[i])):
        if bin_.fits(i, k):
            return k
    return None


def first_fit(
    prep: Prepared, needs: list[int] | None = None, employees: list[int] | None = None
) -> list[Bin]:
    """Greedy baseline: input order, first employee then first new position that fits."""
    needs = list(range(prep.n)) if needs is None else needs
    employees = list(range(len(prep.instance.employees))) if employees is None else employees
    emp_bins = [Bin(prep, e) for e in employees]
    bins: list[Bin] = []
    for i in needs:
        if not prep.patterns[i]:
            continue
        if any(_try_add(b, i) for b in emp_bins):
            continue
        if not prep.params.new_positions:
            continue
        if any(_try_add(b, i) for b in bins):
            continue
        fresh = Bin(prep, None)
        if _try_add(fresh, i):
            bins.append(fresh)
    return [b for b in emp_bins if b.entries] + [b for b in bins if b.viable()]


def _order(prep: Prepared, needs: list[int]) -> list[int]:
    """Largest first (weekly minutes times active weeks), ties by id for reproducibility."""
    inst = prep.instance
    return sorted(needs, key=lambda i: (-inst.needs[i].minutes * len(inst.needs[i].weeks), inst.needs[i].id))


def _best_bin(bins: list[Bin], i: int, prefer_member: str, site) -> tuple[Bin, int] | None:
    """Best fit: the fullest position that still takes the need, same member and site breaking ties."""
    best = None
    best_key = None
    prep = bins[0].prep if bins else None
    for b in bins:
        k = _fitting_pattern(b, i)
        if k is None:
            continue
        free = (b.cap - b.minutes) if b.cap is not None else -b.minutes
        same_member = prefer_member in b.members
        same_site = any(prep.instance.needs[j].site == site for j, _ in b.entries)
        key = (free, not same_member, not same_site)
        if best_key is None or key < best_key:
            best, best_key = (b, k), key
    return best


def construct(
    prep: Prepared,
    needs: list[int] | None = None,
    employees: list[int] | None = None,
    deadline: float | None = None,
) -> list[Bin]:
    """Employees first (objective 1), then new positions by best-fit decreasing, then repair."""
    inst = prep.instance
    needs = list(range(prep.n)) if needs is None else needs
    employees = list(range(len(inst.employees))) if employees is None else employees
    order = [i for i in _order(prep, needs) if prep.patterns[i]]
    used: list[Bin] = []
    spare = {e: Bin(prep, e) for e in employees}
    rest: list[int] = []
    for i in order:
        if deadline is not None and time.monotonic() > deadline:
            break  # out of time: the needs not yet seen stay unassigned (still a valid plan)
        need = inst.needs[i]
        pick = _best_bin(used, i, need.member, need.site)
        if pick is None:
            # Open the employee who could take the most of the remaining work.
            candidates = [e for e in spare if i in prep.eligible[e]]
            if candidates:
                e = max(candidates, key=lambda e: (spare[e].cap or 10**9, len(prep.eligible[e]), -e))
                b = spare.pop(e)
                k = _fitting_pattern(b, i)
                if k is not None:
                    b.add(i, k)
                    used.append(b)
                    continue
                spare[e] = b
            rest.append(i)
            continue
        pick[0].add(i, pick[1])
    bins: list[Bin] = []
    if prep.params.new_positions:
        for i in rest:
            if deadline is not None and time.monotonic() > deadline:
                break
            need = inst.needs[i]
            pick = _best_bin(bins, i, need.member, need.site)
            if pick is None:
                b = Bin(prep, None)
                if _try_add(b, i):
                    bins.append(b)
            else:
                pick[0].add(i, pick[1])
        bins = repair(prep, bins, used, deadline)
    if pure_packing(prep) and (deadline is None or time.monotonic() < deadline):
        packed = fullest_bins(prep, needs, employees)
        new_packed = [b for b in packed if b.employee is None]
        packed = [b for b in packed if b.employee is not None] + repair(prep, new_packed, [], deadline)
        if _packing_key(packed) > _packing_key(used + bins):
            return packed
    return used + bins


def _packing_key(bins: list[Bin]) -> tuple:
    emp = sum(b.minutes for b in bins if b.employee is not None)
    new = sum(b.minutes for b in bins if b.employee is None)
    return (emp, new, -sum(b.employee is not None for b in bins), -sum(b.employee is None for b in bins))


def pure_packing(prep: Prepared) -> bool:
    """Time-free needs, one set of weeks, no members cap: positions are plain bins of minutes."""
    needs = prep.instance.needs
    return (
        prep.time_free and prep.params.max_members_per_position is None and len({n.weeks for n in needs}) == 1
    )


def _best_subset(sizes: list[int], capacity: int) -> list[int]:
    """Indices of a subset of ``sizes`` with the largest sum <= capacity (0/1 knapsack on sums)."""
    reach = np.zeros(capacity + 1, dtype=bool)
    reach[0] = True
    who = np.full(capacity + 1, -1, dtype=np.int64)
    for idx, size in enumerate(sizes):
        if size > capacity or size <= 0:
            continue
        newly = np.zeros(capacity + 1, dtype=bool)
        newly[size:] = reach[:-size] & ~reach[size:]
        who[newly] = idx
        reach |= newly
        if reach[capacity]:
            break
    total = int(np.flatnonzero(reach)[-1])
    chosen = []
    while total > 0:
        idx = int(who[total])
        chosen.append(idx)
        total -= sizes[idx]
    return chosen


def fullest_bins(prep: Prepared, needs: list[int], employees: list[int]) -> list[Bin]:
    """Minimum-bin-slack packing: each position takes its largest need, then the subset of the
    remaining needs that fills it best (exact subset sum). Employees are filled first."""
    inst = prep.instance
    left = sorted((i for i in needs if prep.patterns[i]), key=lambda i: (-inst.needs[i].minutes, i))
    bins: list[Bin] = []
    for e in employees:
        b = Bin(prep, e)
        pool = [i for i in left if i in prep.eligible[e]]
        if not pool or b.cap is None:
            continue
        for x in _best_subset([inst.needs[i].minutes for i in pool], b.cap):
            b.add(pool[x], 0)
        taken = {i for i, _ in b.entries}
        left = [i for i in left if i not in taken]
        bins.append(b)
    cap = prep.params.max_weekly_minutes
    while left and prep.params.new_positions and cap is not None:
        first, rest = left[0], left[1:]
        b = Bin(prep, None)
        b.add(first, 0)
        for x in _best_subset([inst.needs[i].minutes for i in rest], cap - inst.needs[first].minutes):
            b.add(rest[x], 0)
        taken = {i for i, _ in b.entries}
        left = [i for i in left if i not in taken]
        bins.append(b)
    return [b for b in bins if b.entries]


def repair(prep: Prepared, bins: list[Bin], employee_bins: list[Bin], deadline: float | None) -> list[Bin]:
    """Make new positions viable: fill weak ones from strong ones, dissolve the rest, drop leftovers."""
    for _ in range(3):
        weak = sorted((b for b in bins if not b.viable()), key=lambda b: b.minutes)
        if not weak:
            break
        changed = False
        for b in weak:
            if deadline is not None and time.monotonic() > deadline:
                break
            changed |= _pull_into(b, bins)
        for b in sorted((b for b in bins if b.entries and not b.viable()), key=lambda b: b.minutes):
            if deadline is not None and time.monotonic() > deadline:
                break
            changed |= _dissolve(b, [x for x in bins if x is not b and x.entries])
        bins = [b for b in bins if b.entries]
        if not changed:
            break
    return [b for b in bins if b.entries and b.viable()]


def _pull_into(target: Bin, bins: list[Bin]) -> bool:
    """Move needs from other positions into ``target`` while the donors stay viable."""
    changed = False
    for donor in sorted(bins, key=lambda b: -b.minutes):
        if donor is target or target.viable():
            break
        if not donor.viable():
            continue
        for j, kept in list(donor.entries):
            k = _fitting_pattern(target, j)
            if k is None:
                continue
            donor.remove(j)
            if donor.viable() or not donor.entries:
                target.add(j, k)
                changed = True
                if target.viable():
                    break
            else:
                donor.add(j, kept)
    return changed


def _dissolve(b: Bin, others: list[Bin]) -> bool:
    """Try to move every need of ``b`` elsewhere; keep what did not move in ``b``."""
    moved = False
    for j, _ in sorted(b.entries, key=lambda e: -b.prep.instance.needs[e[0]].minutes):
        for other in sorted(others, key=lambda x: x.minutes):
            k = _fitting_pattern(other, j)
            if k is not None:
                before = other.viable()
                other.add(j, k)
                if before and not other.viable():
                    other.remove(j)
                    continue
                b.remove(j)
                moved = True
                break
    return moved


def fill_unassigned(prep: Prepared, bins: list[Bin], needs: list[int], deadline: float | None = None) -> None:
    """Insert leftover needs into existing positions when they keep every rule (incl. viability)."""
    placed = {i for b in bins for i, _ in b.entries}
    for i in _order(prep, [i for i in needs if i not in placed and prep.patterns[i]]):
        if deadline is not None and time.monotonic() > deadline:
            return
        for b in sorted(bins, key=lambda x: -x.minutes):
            k = _fitting_pattern(b, i)
            if k is None:
                continue
            b.add(i, k)
            if b.viable():
                break
            b.remove(i)


def empty_light_employees(prep: Prepared, bins: list[Bin], deadline: float | None = None) -> None:
    """Objective 3 for employees: hand every need of a lightly loaded employee to other employees
    already in use when they all fit there (fullest first); the minutes placed do not change."""
    inst = prep.instance
    used = [b for b in bins if b.employee is not None and b.entries]
    for b in sorted(used, key=lambda b: (b.minutes, b.employee)):
        if deadline is not None and time.monotonic() > deadline:
            return
        if not b.entries:
            continue
        others = sorted((o for o in used if o is not b and o.entries), key=lambda o: (-o.minutes, o.employee))
        moved: list[tuple[Bin, int]] = []
        for i, _ in sorted(b.entries, key=lambda e: (-inst.needs[e[0]].minutes, e[0])):
            target = None
            for o in others:
                if i in prep.eligible[o.employee]:
                    k = _fitting_pattern(o, i)
                    if k is not None:
                        target = (o, k)
                        break
            if target is None:
                break
            target[0].add(i, target[1])
            moved.append((target[0], i))
        if len(moved) == len(b.entries):
            for i, _ in list(b.entries):
                b.remove(i)
        else:
            for o, i in moved:
                o.remove(i)
