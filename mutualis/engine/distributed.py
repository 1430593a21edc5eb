"""Split one instance into independent sub-instances and merge their plans (pure, no Django).

The caller decides where each sub-instance is solved: local processes, or tasks on the task queue so
that workers on several machines share a regional run (``mutualis.jobs.pieces``). A sub-instance is
a complete instance of ENGINE.md (same params and sites, a subset of needs and employees), so it is
solved by plain :func:`mutualis.engine.solve` and checked by :func:`mutualis.engine.check`.

* ``split``: up to ``EXACT_SPLIT_LIMIT`` needs, the engine's own pieces (connected components of
  "could share a position" / "could take", large ones cut by geographic bisection, employees
  balanced); above, a cheap geographic bisection of the raw needs (no pre-processing, so that
  100,000 needs split in seconds), each employee joining the piece nearest to their home site (or,
  without one, the pieces in turn).
* ``merge``: concatenates the positions (renumbered ``p1``, ``p2``…), lists every need that no piece
  placed as unassigned, recomputes the stats from the positions, and takes the lower bound of the
  whole instance (a sum of the pieces' bounds is valid only for exact components).
"""

from __future__ import annotations

import math

from mutualis.engine.instance import parse_instance

EXACT_SPLIT_LIMIT = 3000
DEFAULT_PIECE_SIZE = 400


def split(instance: dict, piece_size: int = DEFAULT_PIECE_SIZE) -> tuple[list[dict], bool]:
    """Sub-instances of ``instance`` (a dict), each with at most about ``piece_size`` needs, and
    whether they are exact components (then optimal pieces make an optimal plan)."""
    inst = parse_instance(instance)
    raw_needs = instance.get("needs", [])
    raw_employees = instance.get("employees", []) or []
    if len(raw_needs) <= EXACT_SPLIT_LIMIT:
        from mutualis.engine.compat import Prepared
        from mutualis.engine.decompose import pieces

        prep = Prepared(inst)
        found = pieces(prep, limit=piece_size)
        parts = [(p.needs, p.employees) for p in found]
        exact = all(p.exact for p in found)
    else:
        parts = _geographic(inst, piece_size)
        exact = False
    out = []
    for needs, employees in parts:
        if not needs:
            continue
        sub = {k: v for k, v in instance.items() if k not in ("needs", "employees")}
        sub["needs"] = [raw_needs[i] for i in sorted(needs)]
        if raw_employees:
            sub["employees"] = [raw_employees[e] for e in sorted(employees)]
        out.append(sub)
    return out, exact


def _point(inst, site):
    if site is None:
        return None
    s = inst.sites[site]
    return (s.lat, s.lon * math.cos(math.radians(s.lat)))


def _geographic(inst, piece_size):
    points = [_point(inst, n.site) for n in inst.needs]
    known = [p for p in points if p is not None]
    centre = (
        (sum(p[0] for p in known) / len(known), sum(p[1] for p in known) / len(known)) if known else (0, 0)
    )
    points = [p if p is not None else centre for p in points]

    def cut(ids):
        if len(ids) <= piece_size:
            return [ids]
        spread = [max(points[i][a] for i in ids) - min(points[i][a] for i in ids) for a in (0, 1)]
        axis = 0 if spread[0] >= spread[1] else 1
        ids = sorted(ids, key=lambda i: (points[i][axis], points[i][1 - axis], i))
        half = len(ids) // 2
        return cut(ids[:half]) + cut(ids[half:])

    parts = cut(list(range(len(inst.needs))))
    centres = []
    for part in parts:
        centres.append(
            (sum(points[i][0] for i in part) / len(part), sum(points[i][1] for i in part) / len(part))
        )
    staff: list[list[int]] = [[] for _ in parts]
    for e, employee in enumerate(inst.employees):
        home = _point(inst, employee.home_site)
        if home is None:
            staff[e % len(parts)].append(e)
        else:
            p = min(
                range(len(parts)),
                key=lambda p: (centres[p][0] - home[0]) ** 2 + (centres[p][1] - home[1]) ** 2,
            )
            staff[p].append(e)
    return list(zip(parts, staff, strict=True))


def merge(
    instance: dict,
    plans: list[dict],
    exact: bool = False,
    seconds: float = 0.0,
    bound_deadline: float | None = None,
) -> dict:
    """One plan for ``instance`` from the plans of its sub-instances (see the module docstring)."""
    from mutualis.engine.bounds import bound
    from mutualis.engine.compat import Prepared

    inst = parse_instance(instance)
    positions = []
    placed: set[str] = set()
    statuses = set()
    extra_keys = ("minutes_to_employees", "minutes_in_new_positions", "members_total", "travel_minutes")
    extra = dict.fromkeys(extra_keys, 0)
    full_time = 0
    for plan in plans:
        statuses.add(plan["status"])
        for key in extra_keys:
            extra[key] += plan["stats"].get(key, 0)
        full_time += plan["stats"].get("full_time_positions", 0)
        for pos in plan["positions"]:
            positions.append({**pos, "id": f"p{len(positions) + 1}"})
            placed.update(pos["needs"])
    minutes = {n.id: n.minutes for n in inst.needs}
    new = sum(1 for p in positions if p["employee"] is None)
    status = "optimal" if exact and statuses == {"optimal"} else "feasible"
    if not positions and inst.needs:
        status = "infeasible"
    if bound_deadline is not None or len(inst.needs) <= EXACT_SPLIT_LIMIT:
        lower = bound(Prepared(inst), deadline=bound_deadline)["lower_bound_positions"]
    else:  # a cheap valid bound for huge instances: the pieces' bounds are not additive in general
        lower = max((p["stats"].get("lower_bound_positions", 0) for p in plans), default=0)
    return {
        "version": 1,
        "status": status,
        "positions": positions,
        "unassigned": [n.id for n in inst.needs if n.id not in placed],
        "stats": {
            "needs": len(inst.needs),
            "minutes_total": sum(minutes.values()),
            "minutes_placed": sum(minutes[n] for n in placed),
            "positions": len(positions),
            "new_positions": new,
            "viable_new_positions": new,
            "full_time_positions": full_time,
            "employees_used": len(positions) - new,
            "lower_bound_positions": lower,
            "solve_seconds": round(seconds, 3),
            "pieces": len(plans),
            **extra,
        },
    }
