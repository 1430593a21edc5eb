"""Degenerate shapes: pure bin packing and pure staffing."""

import random
import time

from mutualis.engine import check, solve

DAY = 1440
PACKING = {
    "min_weekly_minutes": 0,
    "max_daily_minutes": None,
    "min_daily_rest_minutes": None,
    "max_members_per_position": None,
}


def packing(sizes):
    needs = [
        {"id": f"n{k}", "member": f"m{k}", "flexible": {"weekly_minutes": s}} for k, s in enumerate(sizes)
    ]
    return {"version": 1, "params": PACKING, "needs": needs}


def test_packing_reaches_the_known_optimum():
    # 5 x (1200 + 900) and 6 x 700 fill exactly 7 positions of 35 h; first-fit in this order needs more.
    sizes = [700, 700, 1200, 900] * 3 + [1200, 900] * 2
    data = packing(sizes)
    plan = solve(data, time_limit=5)
    assert check(data, plan) == []
    assert plan["unassigned"] == []
    assert plan["stats"]["positions"] == 7 == plan["stats"]["lower_bound_positions"]


def test_packing_500_items_is_fast_and_close_to_the_bound():
    rng = random.Random(5)
    data = packing([rng.randint(120, 1500) for _ in range(500)])
    started = time.monotonic()
    plan = solve(data, time_limit=10, workers=2)
    assert time.monotonic() - started < 10.5
    assert check(data, plan) == []
    assert plan["unassigned"] == []
    lower = plan["stats"]["lower_bound_positions"]
    assert plan["stats"]["positions"] <= lower * 1.03 + 1


def test_staffing_every_need_with_fewest_employees():
    # 15 needs of 7 h on weekdays, 5 per skill; 6 employees, two per skill: each skill fits one 35 h
    # contract exactly, so 3 employees suffice and none is needed beyond.
    skills = ["A1414", "G1603", "K2204"]
    needs = []
    for s, skill in enumerate(skills):
        for d in range(5):
            start = d * DAY + 480 + 60 * s
            needs.append(
                {
                    "id": f"n{s}{d}",
                    "member": f"m{s}",
                    "skills": [skill],
                    "slots": [{"start": start, "end": start + 420}],
                }
            )
    employees = [
        {
            "id": f"e{s}{k}",
            "skills": [skill],
            "availability": [{"start": d * DAY + 420, "end": d * DAY + 1200} for d in range(5)],
        }
        for s, skill in enumerate(skills)
        for k in range(2)
    ]
    data = {"version": 1, "params": {"new_positions": False}, "needs": needs, "employees": employees}
    plan = solve(data, time_limit=5)
    assert check(data, plan) == []
    assert plan["unassigned"] == []
    assert plan["stats"]["employees_used"] == 3
    assert plan["stats"]["new_positions"] == 0


def test_staffing_leaves_out_what_nobody_can_do():
    needs = [{"id": "n1", "member": "m1", "skills": ["M1607"], "slots": [{"start": 480, "end": 600}]}]
    data = {"version": 1, "params": {"new_positions": False}, "needs": needs, "employees": [{"id": "e1"}]}
    plan = solve(data, time_limit=2)
    assert check(data, plan) == []
    assert plan["unassigned"] == ["n1"]
    assert "compétences" in plan["explanations"]["unassigned"]["n1"]


def test_light_employees_hand_their_needs_over():
    from mutualis.engine.compat import Bin, Prepared
    from mutualis.engine.heuristic import empty_light_employees
    from mutualis.engine.instance import parse_instance

    # Four 5 h needs on four weekdays, spread over two 35 h employees: one employee can do them all.
    needs = [
        {"id": f"n{d}", "member": "m1", "slots": [{"start": d * DAY + 480, "end": d * DAY + 780}]}
        for d in range(4)
    ]
    data = {
        "version": 1,
        "params": {"new_positions": False},
        "needs": needs,
        "employees": [{"id": "e1"}, {"id": "e2"}],
    }
    prep = Prepared(parse_instance(data))
    first, second = Bin(prep, 0), Bin(prep, 1)
    for i in range(4):
        (first if i < 3 else second).add(i, 0)
    empty_light_employees(prep, [first, second])
    assert sorted(i for i, _ in first.entries) == [0, 1, 2, 3]
    assert second.entries == []
