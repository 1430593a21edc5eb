"""The independent checker finds each kind of violation (rules 1-8)."""

import copy

import pytest

from mutualis.engine import check, solve

DAY = 1440


@pytest.fixture
def case():
    needs = [
        {"id": "a", "member": "m1", "skills": ["K2204"], "slots": [{"start": 480, "end": 960}]},
        {"id": "b", "member": "m2", "slots": [{"start": DAY + 480, "end": DAY + 960}]},
        {"id": "c", "member": "m3", "slots": [{"start": 2 * DAY + 480, "end": 2 * DAY + 960}]},
    ]
    data = {"version": 1, "needs": needs, "employees": [{"id": "e1", "skills": ["K2204"]}]}
    data["params"] = {"new_positions": False}
    plan = solve(data, time_limit=2)
    assert check(data, plan) == []
    assert plan["positions"][0]["needs"] == ["a", "b", "c"]
    return data, plan


def broken(plan, change):
    plan = copy.deepcopy(plan)
    change(plan)
    return plan


def test_need_missing_and_duplicated(case):
    data, plan = case
    missing = broken(plan, lambda p: p["positions"][0]["needs"].remove("c"))
    assert any("need c is neither" in line for line in check(data, missing))
    twice = broken(plan, lambda p: p["unassigned"].append("a"))
    assert any("need a appears in" in line for line in check(data, twice))


def test_fixed_need_moved(case):
    data, plan = case
    moved = broken(plan, lambda p: p["positions"][0]["schedule"][0].update(start=470))
    assert any("rule 2: a must be scheduled exactly on its slots" in line for line in check(data, moved))


def test_overlap_detected(case):
    data, plan = case
    data = copy.deepcopy(data)
    data["needs"][1]["slots"] = [{"start": 900, "end": 1000}]

    def move(p):
        p["positions"][0]["schedule"][1].update(start=900, end=1000)
        p["positions"][0]["schedule"].sort(key=lambda x: x["start"])

    problems = check(data, broken(plan, move))
    assert any("rule 3" in line and "overlaps" in line for line in problems)


def test_daily_rest_detected(case):
    data, _ = case
    data = copy.deepcopy(data)
    data["needs"][1]["slots"] = [{"start": 1200, "end": 1400}]  # Monday evening, 4 h after a
    data["needs"][2]["slots"] = [{"start": DAY + 400, "end": DAY + 600}]  # Tuesday 06:40
    plan = {
        "version": 1,
        "status": "feasible",
        "positions": [
            {
                "id": "p1",
                "employee": "e1",
                "needs": ["a", "b", "c"],
                "schedule": [
                    {"need": "a", "start": 480, "end": 960},
                    {"need": "b", "start": 1200, "end": 1400},
                    {"need": "c", "start": DAY + 400, "end": DAY + 600},
                ],
                "weekly_minutes": 880,
                "members": ["m1", "m2", "m3"],
                "travel_minutes": 0,
            }
        ],
        "unassigned": [],
        "stats": {},
    }
    problems = check(data, plan)
    assert any("rule 4: 680 min on day 0, above 600" in line for line in problems)
    assert any("rest between day 0 and 1" in line for line in problems)
    assert any(line.startswith("rule 8: stats.") for line in problems)


def test_employee_skills_and_double_booking(case):
    data, plan = case
    data = copy.deepcopy(data)
    data["employees"][0]["skills"] = []
    assert any("rule 7: e1 lacks K2204 for a" in line for line in check(data, plan))
    data["employees"][0]["skills"] = ["K2204"]

    def split(p):
        second = copy.deepcopy(p["positions"][0])
        second.update(id="p2", needs=["c"], schedule=[s for s in second["schedule"] if s["need"] == "c"])
        p["positions"][0]["needs"].remove("c")
        p["positions"][0]["schedule"] = [s for s in p["positions"][0]["schedule"] if s["need"] != "c"]
        p["positions"].append(second)

    assert any("employee e1 holds p1 and p2" in line for line in check(data, broken(plan, split)))


def test_non_viable_new_position_and_members(case):
    data, plan = case
    data = copy.deepcopy(data)
    data["params"] = {"max_members_per_position": 2}
    plan = broken(plan, lambda p: p["positions"][0].update(employee=None))
    plan["stats"]["new_positions"] = plan["stats"]["viable_new_positions"] = 1
    plan["stats"]["employees_used"] = 0
    problems = check(data, plan)
    assert any("rule 5: position p1 has 3 members, at most 2" in line for line in problems)
    data["params"] = {"min_weekly_minutes": 1441}
    assert any("rule 6: new position p1 averages 1440 min" in line for line in check(data, plan))


def test_stats_must_agree(case):
    data, plan = case
    wrong = broken(plan, lambda p: p["stats"].update(minutes_placed=1))
    assert check(data, wrong) == ["rule 8: stats.minutes_placed is 1, positions give 1440"]
    weekly = broken(plan, lambda p: p["positions"][0].update(weekly_minutes=7))
    assert any("weekly_minutes is 7" in line for line in check(data, weekly))
