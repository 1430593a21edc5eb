"""One test per rule of ENGINE.md, each with the boundary where it starts to bind.

``min_weekly_minutes`` is 0 unless viability is the subject, so that the engine, which minimises
positions, puts two needs together exactly when the rule allows it.
"""

FREE = {"min_weekly_minutes": 0}


def test_daily_cap_exactly_ten_hours_fits(h):
    data = h.instance([h.fixed("a", [(360, 660)]), h.fixed("b", [(700, 1000)])], **FREE)
    assert h.together(h.solved(data), "a", "b")


def test_daily_cap_ten_hours_one_minute_does_not(h):
    data = h.instance([h.fixed("a", [(360, 661)]), h.fixed("b", [(700, 1000)])], **FREE)
    plan = h.solved(data)
    assert not h.together(plan, "a", "b")
    assert plan["stats"]["positions"] == 2


def test_daily_rest_exactly_eleven_hours(h):
    # a ends Monday 20:00, b starts Tuesday 07:00: exactly 660 minutes of rest.
    data = h.instance([h.fixed("a", [(960, 1200)]), h.fixed("b", [(1860, 2100)])], **FREE)
    assert h.together(h.solved(data), "a", "b")


def test_daily_rest_one_minute_short(h):
    data = h.instance([h.fixed("a", [(960, 1200)]), h.fixed("b", [(1859, 2100)])], **FREE)
    assert not h.together(h.solved(data), "a", "b")


def _two_sites():
    from mutualis.engine.geo import travel_minutes
    from mutualis.engine.instance import Site

    sites = [{"id": "alencon", "lat": 48.4329, "lon": 0.0913}, {"id": "sees", "lat": 48.6044, "lon": 0.1722}]
    minutes = travel_minutes(Site("alencon", 48.4329, 0.0913), Site("sees", 48.6044, 0.1722), 40, 1.3)
    return sites, minutes


def test_travel_equal_to_gap_fits(h):
    sites, t = _two_sites()
    assert t > 0
    needs = [h.fixed("a", [(480, 600)], site="alencon"), h.fixed("b", [(600 + t, 720 + t)], site="sees")]
    assert h.together(h.solved(h.instance(needs, sites=sites, **FREE)), "a", "b")


def test_travel_one_minute_longer_than_gap(h):
    sites, t = _two_sites()
    needs = [h.fixed("a", [(480, 600)], site="alencon"), h.fixed("b", [(599 + t, 720 + t)], site="sees")]
    assert not h.together(h.solved(h.instance(needs, sites=sites, **FREE)), "a", "b")


def test_touching_slots_share_overlapping_do_not(h):
    ok = h.instance([h.fixed("a", [(480, 600)]), h.fixed("b", [(600, 720)])], **FREE)
    assert h.together(h.solved(ok), "a", "b")
    bad = h.instance([h.fixed("a", [(480, 601)]), h.fixed("b", [(600, 720)])], **FREE)
    assert not h.together(h.solved(bad), "a", "b")


def test_weekly_cap_exact(h):
    week = [(d * h.DAY + 480, d * h.DAY + 900) for d in range(5)]  # 5 x 7 h = 2100
    a = h.fixed("a", week[:3])
    ok = h.instance([a, h.fixed("b", week[3:])], **FREE)
    assert h.together(h.solved(ok), "a", "b")
    over = h.instance([a, h.fixed("b", [*week[3:4], (4 * h.DAY + 480, 4 * h.DAY + 901)])], **FREE)
    assert not h.together(h.solved(over), "a", "b")


def test_members_cap(h):
    needs = [h.fixed(f"n{d}", [(d * h.DAY + 480, d * h.DAY + 600)], member=f"m{d}") for d in range(3)]
    capped = h.solved(h.instance(needs, max_members_per_position=2, **FREE))
    assert capped["stats"]["positions"] == 2
    assert all(len(p["members"]) <= 2 for p in capped["positions"])
    free = h.solved(h.instance(needs, max_members_per_position=3, **FREE))
    assert free["stats"]["positions"] == 1


def test_viability_exactly_24_hours(h):
    slots = [(d * h.DAY + 480, d * h.DAY + 960) for d in range(3)]  # 3 x 8 h = 1440
    plan = h.solved(h.instance([h.fixed("a", slots)]))
    assert plan["unassigned"] == []
    assert plan["stats"]["viable_new_positions"] == 1


def test_viability_one_minute_short_is_unassigned_with_reason(h):
    slots = [(480, 960), (h.DAY + 480, h.DAY + 960), (2 * h.DAY + 480, 2 * h.DAY + 959)]
    plan = h.solved(h.instance([h.fixed("a", slots)]))
    assert plan["unassigned"] == ["a"]
    assert "minimum de 24 h" in plan["explanations"]["unassigned"]["a"]


def test_viability_is_an_average_over_worked_weeks(h):
    # 30 h in weeks 1-10 and 10 h in weeks 11-20: average 20 h < 24 h, so not viable together;
    # but 30 h over weeks 1-10 alone is viable.
    long = [(d * h.DAY + 480, d * h.DAY + 840) for d in range(5)]
    short = [(5 * h.DAY + 480, 5 * h.DAY + 1080)]
    plan = h.solved(
        h.instance(
            [h.fixed("a", long, weeks=list(range(1, 11))), h.fixed("b", short, weeks=list(range(11, 21)))]
        )
    )
    assert plan["unassigned"] == ["b"]


def test_seasonal_needs_without_common_week_share_a_position(h):
    same_hours = [(480, 960), (h.DAY + 480, h.DAY + 960), (2 * h.DAY + 480, 2 * h.DAY + 960)]
    summer = h.fixed("summer", same_hours, weeks=[26, 27, 28])
    winter = h.fixed("winter", same_hours, weeks=[2, 3, 4])
    assert h.together(h.solved(h.instance([summer, winter], **FREE)), "summer", "winter")
    spring = h.fixed("winter", same_hours, weeks=[2, 3, 28])
    assert not h.together(h.solved(h.instance([summer, spring], **FREE)), "summer", "winter")


def test_employee_needs_every_skill(h):
    emp = {"id": "e1", "skills": ["A1414"]}
    ok = h.solved(h.instance([h.fixed("a", [(480, 720)], skills=["A1414"])], [emp], new_positions=False))
    assert ok["positions"][0]["employee"] == "e1"
    both = h.fixed("a", [(480, 720)], skills=["A1414", "G1603"])
    plan = h.solved(h.instance([both], [emp], new_positions=False))
    assert plan["unassigned"] == ["a"]


def test_employee_availability_containment(h):
    emp = {"id": "e1", "availability": [{"start": 480, "end": 600}, {"start": 600, "end": 720}]}
    ok = h.solved(h.instance([h.fixed("a", [(480, 720)])], [emp], new_positions=False))
    assert ok["positions"][0]["needs"] == ["a"]
    late = h.solved(h.instance([h.fixed("a", [(480, 721)])], [emp], new_positions=False))
    assert late["unassigned"] == ["a"]


def test_employee_contract_cap(h):
    emp = {"id": "e1", "contract_weekly_minutes": 600}
    needs = [h.fixed("a", [(480, 780)]), h.fixed("b", [(h.DAY + 480, h.DAY + 780)])]
    ok = h.solved(h.instance(needs, [emp], new_positions=False))
    assert ok["unassigned"] == []
    needs[1] = h.fixed("b", [(h.DAY + 480, h.DAY + 781)])
    over = h.solved(h.instance(needs, [emp], new_positions=False))
    assert len(over["unassigned"]) == 1


def test_new_positions_false_opens_nothing(h):
    slots = [(d * h.DAY + 480, d * h.DAY + 960) for d in range(4)]
    plan = h.solved(h.instance([h.fixed("a", slots)], [], new_positions=False))
    assert plan["positions"] == [] and plan["unassigned"] == ["a"]
    assert plan["status"] == "infeasible"


def test_employees_come_first(h):
    slots = [(d * h.DAY + 480, d * h.DAY + 960) for d in range(4)]
    plan = h.solved(h.instance([h.fixed("a", slots)], [{"id": "e1"}]))
    assert plan["positions"][0]["employee"] == "e1"
    assert plan["stats"]["minutes_to_employees"] == 4 * 480


def test_flexible_blocks_respect_windows_and_sizes(h):
    windows = [(d * h.DAY + 480, d * h.DAY + 1080) for d in range(5)]
    need = h.flexible("f", 1500, windows=windows, low=180, high=300)
    plan = h.solved(h.instance([need]))
    blocks = [(s["start"], s["end"]) for s in plan["positions"][0]["schedule"]]
    assert sum(e - s for s, e in blocks) == 1500
    assert all(180 <= e - s <= 300 for s, e in blocks)


def test_flexible_need_fills_around_a_fixed_one(h):
    windows = [(d * h.DAY + 480, d * h.DAY + 1080) for d in range(5)]
    fixed = h.fixed("a", [(d * h.DAY + 480, d * h.DAY + 720) for d in range(5)])  # mornings, 20 h
    plan = h.solved(h.instance([fixed, h.flexible("f", 600, windows=windows, low=120, high=240)]))
    assert h.together(plan, "a", "f")
