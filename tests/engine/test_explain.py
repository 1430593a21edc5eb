"""Explanations in French for unassigned needs, and each position's week as drawable data."""

DAY = 1440


def test_rest_reason_names_the_other_need(h):
    a = h.fixed("a", [(d * DAY + 480, d * DAY + 960) for d in range(4)])  # 32 h, Monday to Thursday
    b = h.fixed("b", [(1200, 1380)])  # Monday 20:00-23:00, 9 h before Tuesday 08:00
    c = h.fixed("c", [(5 * DAY + 480, 5 * DAY + 780)])  # Saturday 5 h: a + c > 35 h, b + c < 24 h
    plan = h.solved(h.instance([a, b, c]))
    assert plan["unassigned"] == ["b", "c"]
    reason = plan["explanations"]["unassigned"]["b"]
    assert "seul, il reste sous le minimum de 24 h" in reason
    assert "ne peut rejoindre le poste le plus proche : casserait le repos quotidien de 11 h avec a" in reason


def test_no_compatible_partner(h):
    a = h.fixed("a", [(d * DAY + 480, d * DAY + 960) for d in range(4)])
    b = h.fixed("b", [(480, 720)])  # overlaps a on Monday morning, and a is the only other need
    plan = h.solved(h.instance([a, b]))
    assert plan["explanations"]["unassigned"]["b"].startswith("aucun besoin compatible (chevauche a)")


def test_alone_over_daily_cap(h):
    plan = h.solved(h.instance([h.fixed("a", [(360, 1020)])]))
    assert (
        plan["explanations"]["unassigned"]["a"] == "ses créneaux dépassent à eux seuls 10 h dans une journée"
    )


def test_week_of_a_position_is_drawable(h):
    a = h.fixed("a", [(480, 720), (DAY + 480, DAY + 720)], member="mairie")
    b = h.fixed("b", [(780, 1020), (DAY + 780, DAY + 1020), (2 * DAY + 480, 2 * DAY + 960)], member="ehpad")
    plan = h.solved(h.instance([a, b]))
    week = plan["explanations"]["weeks"]["p1"]
    assert [d["label"] for d in week] == ["lundi", "mardi", "mercredi"]
    monday = week[0]["blocks"]
    assert [(x["need"], x["member"], x["start"], x["end"]) for x in monday] == [
        ("a", "mairie", "08:00", "12:00"),
        ("b", "ehpad", "13:00", "17:00"),
    ]
