"""Independent validator of a plan against rules 1-8 of ENGINE.md.

Written apart from the solver on purpose: it re-derives every rule from the contract text and shares
nothing with ``compat``/``cpsat``/``heuristic`` except the instance parser. It lists every violation.
"""

from __future__ import annotations

import math

from mutualis.engine.instance import ALL_WEEKS, Instance, families_compatible, parse_instance

PLAN_KEYS = {"version", "status", "positions", "unassigned", "stats", "explanations"}
POSITION_KEYS = {"id", "employee", "needs", "schedule", "weekly_minutes", "members", "travel_minutes"}
STATUSES = {"optimal", "feasible", "infeasible"}


def _travel(instance: Instance, a: str | None, b: str | None) -> int:
    if a is None or b is None or a == b:
        return 0
    sa, sb = instance.sites[a], instance.sites[b]
    phi1, phi2 = math.radians(sa.lat), math.radians(sb.lat)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(sb.lon - sa.lon) / 2) ** 2
    )
    km = 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h))) * instance.params.travel_detour
    return math.ceil(km / instance.params.travel_speed_kmh * 60 - 1e-9)


def _inside(start: int, end: int, ranges) -> bool:
    """Whether [start, end) lies inside the union of ``ranges`` (touching ranges join)."""
    merged: list[list[int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return any(s <= start and end <= e for s, e in merged)


def _hm(minutes: int) -> str:
    day = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim", "lun+"][min(minutes // 1440, 7)]
    return f"{day} {minutes % 1440 // 60:02d}:{minutes % 60:02d}"


def check(instance, plan) -> list[str]:
    """Every violation of the plan, as one line each; an empty list means the plan is valid."""
    if not isinstance(instance, Instance):
        instance = parse_instance(instance)
    problems: list[str] = []
    if not isinstance(plan, dict):
        return ["plan: must be an object"]
    for key in plan:
        if key not in PLAN_KEYS:
            problems.append(f"plan.{key}: unknown key")
    for key in ("version", "status", "positions", "unassigned", "stats"):
        if key not in plan:
            problems.append(f"plan.{key}: missing")
    if problems:
        return problems
    if plan["version"] != 1:
        problems.append("plan.version: must be 1")
    if plan["status"] not in STATUSES:
        problems.append(f"plan.status: {plan['status']!r} is not one of optimal, feasible, infeasible")
    positions = plan["positions"]
    if not isinstance(positions, list) or not isinstance(plan["unassigned"], list):
        return problems + ["plan.positions and plan.unassigned must be lists"]
    needs = {n.id: n for n in instance.needs}
    employees = {e.id: e for e in instance.employees}
    params = instance.params

    # Rule 1: each need exactly once.
    seen: dict[str, str] = {}
    for where, ids in [(p.get("id", "?"), p.get("needs", [])) for p in positions if isinstance(p, dict)] + [
        ("unassigned", plan["unassigned"])
    ]:
        for need_id in ids if isinstance(ids, list) else []:
            if need_id not in needs:
                problems.append(f"rule 1: {where} lists unknown need {need_id!r}")
            elif need_id in seen:
                problems.append(f"rule 1: need {need_id} appears in {seen[need_id]} and in {where}")
            else:
                seen[need_id] = where
    for need_id in needs:
        if need_id not in seen:
            problems.append(f"rule 1: need {need_id} is neither in a position nor unassigned")

    used_employees: dict[str, str] = {}
    totals = {"minutes_placed": 0, "positions": 0, "new_positions": 0, "employees_used": 0, "full_time": 0}
    ids = set()
    for pos in positions:
        problems += _check_position(instance, pos, needs, employees, used_employees, totals, ids)

    # Rule 8: stats.
    stats = plan["stats"]
    if not isinstance(stats, dict):
        return problems + ["rule 8: stats must be an object"]
    expected = {
        "needs": len(needs),
        "minutes_total": sum(n.minutes for n in instance.needs),
        "minutes_placed": totals["minutes_placed"],
        "positions": totals["positions"],
        "new_positions": totals["new_positions"],
        "viable_new_positions": totals["new_positions"],
        "employees_used": totals["employees_used"],
        "full_time_positions": totals["full_time"],
    }
    for key, value in expected.items():
        if stats.get(key) != value:
            problems.append(f"rule 8: stats.{key} is {stats.get(key)!r}, positions give {value}")
    if plan["status"] == "infeasible" and positions:
        problems.append("rule 8: status infeasible but some needs are placed")
    if positions and not params.new_positions and totals["new_positions"]:
        problems.append("rule 6: new_positions is false but the plan opens new positions")
    return problems


def _check_position(instance, pos, needs, employees, used_employees, totals, ids) -> list[str]:
    params = instance.params
    if not isinstance(pos, dict):
        return ["plan.positions: every position must be an object"]
    pid = pos.get("id", "?")
    out = [f"position {pid}: unknown key {k!r}" for k in pos if k not in POSITION_KEYS]
    missing = [k for k in POSITION_KEYS if k not in pos]
    if missing:
        return out + [f"position {pid}: missing {', '.join(sorted(missing))}"]
    if pid in ids:
        out.append(f"position {pid}: duplicate position id")
    ids.add(pid)
    need_ids = [n for n in pos["needs"] if n in needs]
    if not need_ids:
        out.append(f"position {pid}: has no need")
    emp = None
    if pos["employee"] is not None:
        emp = employees.get(pos["employee"])
        if emp is None:
            out.append(f"rule 7: position {pid} names unknown employee {pos['employee']!r}")
        elif emp.id in used_employees:
            out.append(f"rule 7: employee {emp.id} holds {used_employees[emp.id]} and {pid}")
        else:
            used_employees[emp.id] = pid

    # Rule 2: schedules.
    blocks: dict[str, list[tuple[int, int]]] = {n: [] for n in need_ids}
    for item in pos["schedule"] if isinstance(pos["schedule"], list) else []:
        try:
            nid, s, e = item["need"], item["start"], item["end"]
        except (TypeError, KeyError):
            out.append(f"rule 2: position {pid}: malformed schedule entry {item!r}")
            continue
        if nid not in blocks:
            out.append(f"rule 2: position {pid}: schedule names {nid!r}, not a need of this position")
            continue
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= 11520):
            out.append(f"rule 2: position {pid}: bad interval {s}-{e} for {nid}")
            continue
        blocks[nid].append((s, e))
    for nid, got in blocks.items():
        need = needs[nid]
        if need.slots is not None:
            if sorted(got) != sorted(need.slots):
                out.append(f"rule 2: {nid} must be scheduled exactly on its slots")
            continue
        flex = need.flexible
        if sum(e - s for s, e in got) != flex.weekly_minutes:
            out.append(
                f"rule 2: {nid} scheduled {sum(e - s for s, e in got)} min, needs {flex.weekly_minutes}"
            )
        for s, e in got:
            if not _inside(s, e, flex.windows):
                out.append(f"rule 2: {nid} block {_hm(s)}-{_hm(e)} is outside its windows")
            if flex.min_block_minutes is not None and e - s < flex.min_block_minutes:
                out.append(f"rule 2: {nid} block {_hm(s)} shorter than {flex.min_block_minutes} min")
            if flex.max_block_minutes is not None and e - s > flex.max_block_minutes:
                out.append(f"rule 2: {nid} block {_hm(s)} longer than {flex.max_block_minutes} min")

    # Rule 7: employee skills and availability.
    if emp is not None:
        for nid in need_ids:
            missing_skills = needs[nid].skills - emp.skills
            if missing_skills:
                out.append(f"rule 7: {emp.id} lacks {', '.join(sorted(missing_skills))} for {nid}")
            if emp.availability is not None:
                for s, e in blocks[nid]:
                    if not _inside(s, e, emp.availability):
                        out.append(f"rule 7: {nid} at {_hm(s)}-{_hm(e)} is outside {emp.id}'s availability")

    # Rule 5: members.
    members = {needs[n].member for n in need_ids}
    limit = params.max_members_per_position
    if limit is not None and len(members) > limit:
        out.append(f"rule 5: position {pid} has {len(members)} members, at most {limit}")
    if sorted(pos["members"]) != sorted(members):
        out.append(f"rule 8: position {pid} members field disagrees with its needs")
    if pos["employee"] is None:
        ids = [n for n in need_ids if n in needs]
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                if not families_compatible(params, needs[a].skills, needs[b].skills):
                    out.append(f"job families: new position {pid} mixes {a} and {b} (params.job_families)")
                    break
            else:
                continue
            break

    # Rules 3, 4, 6 per ISO week.
    cap = params.max_weekly_minutes
    if emp is not None and emp.contract_weekly_minutes is not None:
        cap = emp.contract_weekly_minutes
    busiest = worked = total = travel_max = 0
    lowest = None
    reported: set[str] = set()
    home = emp.home_site if emp is not None else None
    for week in sorted(ALL_WEEKS):
        active = [n for n in need_ids if week in needs[n].weeks]
        if not active:
            lowest = 0
            continue
        items = sorted((s, e, n) for n in active for s, e in blocks[n])
        minutes = sum(e - s for s, e, _ in items)
        worked += 1
        total += minutes
        busiest = max(busiest, minutes)
        lowest = minutes if lowest is None else min(lowest, minutes)
        for line in _week_rules(instance, items, cap, minutes, needs):
            if line not in reported:
                reported.add(line)
                out.append(f"position {pid}, week {week}: {line}")
        travel = sum(
            _travel(instance, needs[a[2]].site, needs[b[2]].site)
            for a, b in zip(items, items[1:], strict=False)
        )
        if home is not None:
            days: dict[int, list[str]] = {}
            for s, _e, n in items:
                days.setdefault(s // 1440, []).append(needs[n].site)
            travel += sum(
                _travel(instance, home, v[0]) + _travel(instance, v[-1], home) for v in days.values()
            )
        travel_max = max(travel_max, travel)
    if pos["employee"] is None and need_ids and total < params.min_weekly_minutes * worked:
        out.append(
            f"rule 6: new position {pid} averages {total / worked:.0f} min over its {worked} weeks, "
            f"below {params.min_weekly_minutes}"
        )
    if pos["weekly_minutes"] != busiest:
        out.append(
            f"rule 8: position {pid} weekly_minutes is {pos['weekly_minutes']}, busiest week has {busiest}"
        )
    if pos["travel_minutes"] != travel_max:
        out.append(f"rule 8: position {pid} travel_minutes is {pos['travel_minutes']}, expected {travel_max}")
    if need_ids:
        totals["positions"] += 1
        totals["minutes_placed"] += sum(needs[n].minutes for n in need_ids)
        totals["new_positions" if pos["employee"] is None else "employees_used"] += 1
        threshold = params.max_weekly_minutes if params.max_weekly_minutes is not None else 2100
        if lowest is not None and lowest >= threshold:
            totals["full_time"] += 1
    return out


def _week_rules(instance, items, cap, minutes, needs) -> list[str]:
    """Rules 3 and 4 for one week of one position; ``items`` are sorted (start, end, need)."""
    params = instance.params
    out = []
    for a, b in zip(items, items[1:], strict=False):
        if b[0] < a[1]:
            out.append(f"rule 3: {a[2]} {_hm(a[0])}-{_hm(a[1])} overlaps {b[2]} {_hm(b[0])}-{_hm(b[1])}")
        else:
            need = _travel(instance, needs[a[2]].site, needs[b[2]].site)
            if b[0] - a[1] < need:
                out.append(f"rule 3: {b[0] - a[1]} min between {a[2]} and {b[2]}, travel needs {need}")
    if cap is not None and minutes > cap:
        out.append(f"rule 4: {minutes} min in the week, above {cap}")
    days: dict[int, list[int]] = {}
    for s, e, _ in items:
        day = days.setdefault(s // 1440, [0, s, e])
        day[0] += e - s
        day[2] = max(day[2], e)
    if params.max_daily_minutes is not None:
        for d, (m, _, _) in sorted(days.items()):
            if m > params.max_daily_minutes:
                out.append(f"rule 4: {m} min on day {d}, above {params.max_daily_minutes}")
    if params.min_daily_rest_minutes is not None:
        for d, (_, _, last_end) in sorted(days.items()):
            if d + 1 in days and days[d + 1][1] - last_end < params.min_daily_rest_minutes:
                out.append(
                    f"rule 4: only {days[d + 1][1] - last_end} min of rest between day {d} and {d + 1}, "
                    f"at least {params.min_daily_rest_minutes}"
                )
    return out
