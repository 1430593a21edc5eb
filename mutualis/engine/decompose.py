"""Split an instance into independent pieces, and pieces into neighbourhoods for CP-SAT.

1. ``pieces``: connected components of the graph "need i and need j could share a position" plus
   "employee e could take need i". The need-need edges are computed exactly up to
   ``EXACT_LIMIT`` placeable needs; above, that graph is dense in practice (any two needs with
   disjoint hours are compatible) and all placeable needs are taken as linked, which can only cost
   optimality, never validity. Components larger than ``PIECE_LIMIT`` are cut by recursive
   geographic bisection; each employee goes to one piece, balancing eligible work against capacity.
2. ``neighbourhoods``: each improvement round groups the current positions of a piece (by a random
   direction on the map) into sub-problems of about ``size`` needs, with the unassigned needs and
   idle employees spread among them. Positions and employees are disjoint between sub-problems, so
   their results merge without conflict.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from mutualis.engine.compat import Prepared

EXACT_LIMIT = 800
PIECE_LIMIT = 400
TIME_FREE_PIECE_LIMIT = 2500


@dataclass
class Piece:
    needs: list[int]
    employees: list[int]
    exact: bool  # an exact connected component (independent of everything else)
    positions: list = field(default_factory=list)  # current solution: (employee | None, [(i, k)])
    proven: bool = False


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(prep: Prepared) -> tuple[list[tuple[list[int], list[int]]], bool]:
    """Connected components (needs, employees); the flag says whether they are exact."""
    n = prep.n
    uf = _UnionFind(n + len(prep.eligible))
    for e, allowed in enumerate(prep.eligible):
        for i in allowed:
            uf.union(i, n + e)
    placeable = [i for i in range(n) if prep.placeable(i)]
    exact = True
    if prep.params.new_positions:
        if len(placeable) <= EXACT_LIMIT:
            for x, i in enumerate(placeable):
                for j in placeable[x + 1 :]:
                    if uf.find(i) != uf.find(j) and prep.compatible(i, j, new_position=True):
                        uf.union(i, j)
        else:
            exact = False
            for i in placeable[1:]:
                uf.union(placeable[0], i)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in placeable:
        groups.setdefault(uf.find(i), ([], []))[0].append(i)
    for e in range(len(prep.eligible)):
        root = uf.find(n + e)
        if root in groups:
            groups[root][1].append(e)
    return list(groups.values()), exact


def _coords(prep: Prepared, i: int) -> tuple[float, float] | None:
    site = prep.instance.needs[i].site
    if site is None:
        return None
    s = prep.instance.sites[site]
    return (s.lat, s.lon * math.cos(math.radians(s.lat)))


def _bisect(prep: Prepared, needs: list[int], limit: int) -> list[list[int]]:
    if len(needs) <= limit:
        return [needs]
    pts = {i: _coords(prep, i) for i in needs}
    known = [p for p in pts.values() if p is not None]
    centre = (
        (sum(p[0] for p in known) / len(known), sum(p[1] for p in known) / len(known))
        if known
        else (0.0, 0.0)
    )
    pts = {i: p if p is not None else centre for i, p in pts.items()}
    spread = [max(p[a] for p in pts.values()) - min(p[a] for p in pts.values()) for a in (0, 1)]
    axis = 0 if spread[0] >= spread[1] else 1
    order = sorted(needs, key=lambda i: (pts[i][axis], pts[i][1 - axis], i))
    if spread[axis] == 0:
        order = sorted(needs, key=lambda i: (prep.instance.needs[i].member, i))
    half = len(order) // 2
    return _bisect(prep, order[:half], limit) + _bisect(prep, order[half:], limit)


def pieces(prep: Prepared, limit: int = PIECE_LIMIT) -> list[Piece]:
    if prep.time_free:
        # Pure packing: insertion checks are cheap, and every cut wastes up to one position of slack.
        limit = max(limit, TIME_FREE_PIECE_LIMIT)
    comps, exact = components(prep)
    out: list[Piece] = []
    for needs, employees in comps:
        if len(needs) <= limit:
            out.append(Piece(sorted(needs), sorted(employees), exact))
            continue
        parts = _bisect(prep, sorted(needs), limit)
        where = {i: p for p, part in enumerate(parts) for i in part}
        demand = [sum(prep.instance.needs[i].minutes for i in part) for part in parts]
        given = [0] * len(parts)
        staff: list[list[int]] = [[] for _ in parts]
        for e in sorted(employees, key=lambda e: -len(prep.eligible[e])):
            eligible = [0] * len(parts)
            for i in prep.eligible[e]:
                if i in where:
                    eligible[where[i]] += prep.instance.needs[i].minutes
            cap = prep.instance.employee_cap(prep.instance.employees[e]) or 2100
            p = max(range(len(parts)), key=lambda p: (min(eligible[p], demand[p] - given[p]), -p))
            staff[p].append(e)
            given[p] += cap
        for part, emps in zip(parts, staff, strict=True):
            out.append(Piece(sorted(part), sorted(emps), False))
    return out


def neighbourhoods(prep: Prepared, piece: Piece, size: int, rng: random.Random, by_slack: bool = False):
    """Disjoint sub-problems ``(needs, employees, hint positions)`` covering the piece.

    Positions are ordered along a random direction on the map, or, with ``by_slack``, from the
    emptiest to the fullest (so that positions with room end up together and can be merged);
    unassigned needs go with the first positions in that order.
    """
    placed = {i for _, entries in piece.positions for i, _ in entries}
    free_needs = [i for i in piece.needs if i not in placed]
    busy = {e for e, entries in piece.positions if e is not None and entries}
    idle = [e for e in piece.employees if e not in busy]
    if len(piece.needs) <= size * 1.5:
        return [(list(piece.needs), list(piece.employees), list(piece.positions))]
    angle = rng.uniform(0, math.pi)
    direction = (math.cos(angle), math.sin(angle))

    def key_of(needs):
        if by_slack:
            minutes = sum(prep.instance.needs[i].minutes for i in needs)
            return minutes if len(needs) > 1 or needs[0] in placed else -1
        pts = [p for p in (_coords(prep, i) for i in needs) if p is not None]
        if not pts:
            return rng.random()
        return sum(p[0] * direction[0] + p[1] * direction[1] for p in pts) / len(pts)

    items = [
        (key_of([i for i, _ in entries]), rng.random(), "p", pos)
        for pos in piece.positions
        for entries in [pos[1]]
    ]
    items += [(key_of([i]), rng.random(), "n", i) for i in free_needs]
    items.sort(key=lambda t: (t[0], t[1]))
    groups: list[list] = [[]]
    count = 0
    for item in items:
        weight = len(item[3][1]) if item[2] == "p" else 1
        if count + weight > size and groups[-1]:
            groups.append([])
            count = 0
        groups[-1].append(item)
        count += weight
    out = []
    rng.shuffle(idle)
    for g, group in enumerate(groups):
        needs = [i for t in group if t[2] == "n" for i in [t[3]]]
        hint = [t[3] for t in group if t[2] == "p"]
        needs += [i for _, entries in hint for i, _ in entries]
        employees = [e for e, _ in hint if e is not None]
        employees += [e for x, e in enumerate(idle) if x % len(groups) == g]
        out.append((needs, employees, hint))
    return out


def staffing_neighbourhoods(prep: Prepared, piece: Piece, size: int, rng: random.Random, by_slack=False):
    """Sub-problems for staffing (needs go to existing employees only): eligibility, not the map.

    Employees with the same skills are interchangeable for many needs, so a sub-problem gathers
    employees of related skill sets (signatures chained by overlap from a random start), their
    current needs, and the unassigned needs that the most of its employees could take. An unassigned
    need thus meets the people who could work it, and the needs they would have to give up. With
    ``by_slack``, employees of one skill set come from the least to the most loaded, so that light
    loads meet and one employee can hand over all their needs (fewer employees, objective 3).
    """
    inst = prep.instance
    if len(piece.needs) <= size * 1.5:
        return [(list(piece.needs), list(piece.employees), list(piece.positions))]
    entries_of = {e: entries for e, entries in piece.positions if e is not None and entries}
    placed = {i for _, entries in piece.positions for i, _ in entries}
    free = [i for i in piece.needs if i not in placed]
    by_sig: dict[tuple[str, ...], list[int]] = {}
    for e in piece.employees:
        by_sig.setdefault(tuple(sorted(inst.employees[e].skills)), []).append(e)
    sigs = sorted(by_sig)
    chain = [sigs.pop(rng.randrange(len(sigs)))]
    while sigs:
        last = set(chain[-1])
        best = max(len(last & set(s)) / len(last | set(s)) for s in sigs)
        near = [s for s in sigs if len(last & set(s)) / len(last | set(s)) == best]
        chain.append(near[rng.randrange(len(near))])
        sigs.remove(chain[-1])
    order = []
    for sig in chain:
        members = list(by_sig[sig])
        rng.shuffle(members)
        if by_slack:
            members.sort(key=lambda e: sum(inst.needs[i].minutes for i, _ in entries_of.get(e, ())))
        order.extend(members)
    # Employees in groups holding about two thirds of ``size`` placed needs; the rest is for free needs.
    groups: list[list[int]] = [[]]
    load = [0]
    for e in order:
        weight = max(1, len(entries_of.get(e, ())))
        if load[-1] + weight > size * 2 // 3 and groups[-1]:
            groups.append([])
            load.append(0)
        groups[-1].append(e)
        load[-1] += weight
    where = {e: g for g, emps in enumerate(groups) for e in emps}
    takers: dict[int, list[int]] = {}
    for e in piece.employees:
        for i in prep.eligible[e]:
            takers.setdefault(i, []).append(where[e])
    extra: list[list[int]] = [[] for _ in groups]
    rng.shuffle(free)
    for i in free:
        counts: dict[int, int] = {}
        for g in takers.get(i, ()):
            counts[g] = counts.get(g, 0) + 1
        room = [g for g in counts if load[g] + len(extra[g]) < size]
        if room:
            top = max(counts[g] for g in room)
            best_groups = [g for g in room if counts[g] == top]
            extra[best_groups[rng.randrange(len(best_groups))]].append(i)
    out = []
    for g, emps in enumerate(groups):
        hint = [(e, entries_of[e]) for e in emps if e in entries_of]
        needs = [i for _, entries in hint for i, _ in entries] + extra[g]
        out.append((needs, list(emps), hint))
    return out
