"""Turn positions (lists of ``(need index, pattern index)``) into the plan JSON of ENGINE.md."""

from __future__ import annotations

from mutualis.engine.instance import ALL_WEEKS

FULL_TIME_DEFAULT = 2100  # 35 h, used when max_weekly_minutes is null


def full_time_threshold(params) -> int:
    return params.max_weekly_minutes if params.max_weekly_minutes is not None else FULL_TIME_DEFAULT


def week_groups(needs) -> dict[frozenset, int]:
    """Distinct sets of active needs over the ISO weeks 1..53, with how many weeks each covers."""
    groups: dict[frozenset, int] = {}
    for w in sorted(ALL_WEEKS):
        active = frozenset(n.id for n in needs if w in n.weeks)
        if active:
            groups[active] = groups.get(active, 0) + 1
    return groups


def travel_of(intervals, home, travel) -> int:
    """Travel of one week: between consecutive intervals at different sites, plus home legs per day.

    ``intervals`` are ``(start, end, site)`` of the needs active that week.
    """
    items = sorted(intervals)
    total = sum(travel(a[2], b[2]) for a, b in zip(items, items[1:], strict=False))
    if home is not None:
        days: dict[int, list] = {}
        for s, _e, site in items:
            days.setdefault(s // 1440, []).append(site)
        for sites in days.values():
            total += travel(home, sites[0]) + travel(sites[-1], home)
    return total


def schedules(prep, positions) -> dict[int, tuple[tuple[int, int], ...]]:
    """Concrete intervals of every placed need.

    Normally the chosen pattern; for time-free (pure packing) instances the needs of a position are
    laid one after the other from Monday 00:00, grouped by site, with the travel time between sites.
    """
    out: dict[int, tuple[tuple[int, int], ...]] = {}
    needs = prep.instance.needs
    for _employee, entries in positions:
        if not prep.time_free:
            for i, k in entries:
                out[i] = prep.patterns[i][k].intervals
            continue
        cursor = 0
        previous = None
        for i, k in sorted(entries, key=lambda e: (needs[e[0]].site or "", needs[e[0]].id)):
            cursor += prep.travel(previous, needs[i].site)
            previous = needs[i].site if needs[i].site is not None else previous
            blocks = []
            for s, e in prep.patterns[i][k].intervals:
                blocks.append((cursor, cursor + e - s))
                cursor += e - s
            out[i] = tuple(blocks)
    return out


def ordered_positions(prep, positions):
    """Non-empty positions in plan order: employees (input order) first, then new positions by need id."""
    needs = prep.instance.needs
    return sorted(
        ((e, sorted(entries, key=lambda x: needs[x[0]].id)) for e, entries in positions if entries),
        key=lambda p: (p[0] is None, p[0] if p[0] is not None else 0, needs[p[1][0][0]].id),
    )


def build_plan(prep, positions, status: str, lower_bound: int, seconds: float) -> dict:
    """``positions``: list of ``(employee index or None, [(need, pattern), ...])``."""
    inst = prep.instance
    needs = inst.needs
    threshold = full_time_threshold(inst.params)
    out = []
    placed: set[int] = set()
    ordered = ordered_positions(prep, positions)
    placed_at = schedules(prep, ordered)
    stats = {
        "minutes_to_employees": 0,
        "minutes_in_new_positions": 0,
        "members_total": 0,
        "travel_minutes": 0,
    }
    full_time = 0
    for number, (employee, entries) in enumerate(ordered, start=1):
        schedule = []
        for i, _k in entries:
            placed.add(i)
            for s, e in placed_at[i]:
                schedule.append({"need": needs[i].id, "start": s, "end": e})
        schedule.sort(key=lambda x: (x["start"], x["need"]))
        pos_needs = [needs[i] for i, _ in entries]
        by_need = {needs[i].id: (needs[i], placed_at[i]) for i, k in entries}
        weekly = 0
        travel = 0
        lowest = None
        home = inst.employees[employee].home_site if employee is not None else None
        groups = week_groups(pos_needs)
        for active in groups:
            minutes = sum(by_need[n][0].minutes for n in active)
            weekly = max(weekly, minutes)
            ivs = [(s, e, by_need[n][0].site) for n in active for s, e in by_need[n][1]]
            travel = max(travel, travel_of(ivs, home, prep.travel))
        if sum(groups.values()) == len(ALL_WEEKS):
            lowest = min(sum(by_need[n][0].minutes for n in active) for active in groups)
        if lowest is not None and lowest >= threshold:
            full_time += 1
        members = sorted({n.member for n in pos_needs})
        out.append(
            {
                "id": f"p{number}",
                "employee": inst.employees[employee].id if employee is not None else None,
                "needs": [n.id for n in pos_needs],
                "schedule": schedule,
                "weekly_minutes": weekly,
                "members": members,
                "travel_minutes": travel,
            }
        )
        key = "minutes_to_employees" if employee is not None else "minutes_in_new_positions"
        stats[key] += sum(n.minutes for n in pos_needs)
        stats["members_total"] += len(members)
        stats["travel_minutes"] += travel
    unassigned = [n.id for i, n in enumerate(needs) if i not in placed]
    new = sum(1 for p in out if p["employee"] is None)
    if not out and needs:
        status = "infeasible"
    return {
        "version": 1,
        "status": status,
        "positions": out,
        "unassigned": unassigned,
        "stats": {
            "needs": len(needs),
            "minutes_total": sum(n.minutes for n in needs),
            "minutes_placed": sum(needs[i].minutes for i in placed),
            "positions": len(out),
            "new_positions": new,
            "viable_new_positions": new,
            "full_time_positions": full_time,
            "employees_used": len(out) - new,
            "lower_bound_positions": lower_bound,
            "solve_seconds": round(seconds, 3),
            **stats,
        },
    }
