"""Constructive heuristics: always return valid positions, fast.

``construct`` is the engine's own start (best-fit decreasing with a viability repair);
``first_fit`` is the greedy baseline the benchmark compares against (needs in input order, first
position that fits, non-viable positions dropped).
"""

from __future__ import annotations

import time

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
    return used + bins


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


def fill_unassigned(prep: Prepared, bins: list[Bin], needs: list[int]) -> None:
    """Insert leftover needs into existing positions when they keep every rule (incl. viability)."""
    placed = {i for b in bins for i, _ in b.entries}
    for i in _order(prep, [i for i in needs if i not in placed and prep.patterns[i]]):
        for b in sorted(bins, key=lambda x: -x.minutes):
            k = _fitting_pattern(b, i)
            if k is None:
                continue
            b.add(i, k)
            if b.viable():
                break
            b.remove(i)
