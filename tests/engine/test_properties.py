"""Property-based tests on random small instances (hypothesis).

* every plan passes the independent checker;
* the engine is never worse than its own constructive heuristic on the first two objectives
  (minutes to employees, then minutes in new positions: ENGINE.md order);
* the lower bound is valid: for the needs a plan places, their bound is at most the plan's
  positions; and when every placeable need is placed, ``lower_bound_positions`` <= positions;
* the benchmark's upper bound on minutes to employees (linear relaxation) is never below a plan's.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from mutualis.engine import check, solve
from mutualis.engine.bench.upper import staffing_upper_bound
from mutualis.engine.bounds import bounds_for
from mutualis.engine.compat import Prepared
from mutualis.engine.heuristic import construct
from mutualis.engine.instance import parse_instance
from mutualis.engine.solver import objective_key

DAY = 1440
SITES = [
    {"id": "alencon", "lat": 48.4329, "lon": 0.0913},
    {"id": "sees", "lat": 48.6044, "lon": 0.1722},
    {"id": "argentan", "lat": 48.7445, "lon": -0.0203},
]
SKILLS = ["A1414", "G1603", "K2204"]


@st.composite
def fixed_need(draw, k):
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=4, unique=True))
    start = draw(st.integers(12, 40)) * 30
    length = draw(st.integers(2, 12)) * 30
    return {"slots": [{"start": d * DAY + start, "end": d * DAY + start + length} for d in days]}


@st.composite
def flexible_need(draw, k):
    days = draw(st.lists(st.integers(0, 5), min_size=1, max_size=5, unique=True))
    lo = draw(st.integers(14, 20)) * 30
    minutes = draw(st.integers(4, 24)) * 30
    return {
        "flexible": {
            "weekly_minutes": minutes,
            "windows": [{"start": d * DAY + lo, "end": d * DAY + lo + 540} for d in days],
            "min_block_minutes": 60,
            "max_block_minutes": 300,
        }
    }


@st.composite
def instances(draw):
    n = draw(st.integers(1, 14))
    needs = []
    for k in range(n):
        body = draw(st.one_of(fixed_need(k), fixed_need(k), flexible_need(k)))
        weeks = draw(st.one_of(st.none(), st.sampled_from([[1, 2, 3], [2, 3, 4, 5], [30, 31]])))
        need = {"id": f"n{k}", "member": f"m{draw(st.integers(0, 3))}", "weeks": weeks, **body}
        need["skills"] = draw(st.lists(st.sampled_from(SKILLS), max_size=2, unique=True))
        site = draw(st.sampled_from([None, "alencon", "sees", "argentan"]))
        if site:
            need["site"] = site
        needs.append(need)
    employees = []
    for e in range(draw(st.integers(0, 2))):
        employee = {"id": f"e{e}", "skills": draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))}
        if draw(st.booleans()):
            employee["availability"] = [{"start": d * DAY + 420, "end": d * DAY + 1140} for d in range(6)]
        if draw(st.booleans()):
            employee["contract_weekly_minutes"] = draw(st.sampled_from([600, 1200, 2100]))
        employees.append(employee)
    params = {
        "min_weekly_minutes": draw(st.sampled_from([0, 600, 1440])),
        "max_members_per_position": draw(st.sampled_from([1, 2, 4, None])),
        "max_daily_minutes": draw(st.sampled_from([600, 480, None])),
        "new_positions": draw(st.sampled_from([True, True, False])),
    }
    return {"version": 1, "params": params, "sites": SITES, "needs": needs, "employees": employees}


@settings(max_examples=60, deadline=None)
@given(instances())
def test_plans_are_valid_better_than_the_heuristic_and_above_the_bound(data):
    plan = solve(data, time_limit=1.0)
    assert check(data, plan) == []

    inst = parse_instance(data)
    prep = Prepared(inst)
    index = {n.id: i for i, n in enumerate(inst.needs)}
    positions = [
        (
            None if p["employee"] is None else [e.id for e in inst.employees].index(p["employee"]),
            [(index[n], 0) for n in p["needs"]],
        )
        for p in plan["positions"]
    ]
    heuristic = [(b.employee, b.entries) for b in construct(prep)]
    assert objective_key(prep, positions)[:2] >= objective_key(prep, heuristic)[:2]

    placed = [index[n] for p in plan["positions"] for n in p["needs"]]
    assert bounds_for(prep, placed)["lower_bound_positions"] <= plan["stats"]["positions"]
    placeable = {i for i in range(prep.n) if prep.placeable(i)}
    if placeable <= set(placed):
        assert plan["stats"]["lower_bound_positions"] <= plan["stats"]["positions"]
    assert staffing_upper_bound(prep) >= plan["stats"]["minutes_to_employees"]
