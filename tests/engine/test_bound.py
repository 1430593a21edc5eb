"""Lower bounds: known values on small cases, and never above a solution (property in test_properties)."""

from mutualis.engine import bound

DAY = 1440


def need(i, slots, **extra):
    return {"id": f"n{i}", "member": f"m{i}", "slots": [{"start": s, "end": e} for s, e in slots], **extra}


def test_overlapping_needs_count_one_position_each():
    needs = [need(i, [(480, 600)]) for i in range(5)]
    result = bound({"version": 1, "needs": needs})
    assert result["lower_bound_positions"] == 5
    assert result["bounds"]["pairwise_incompatible"] == 5


def test_weekly_volume():
    # 7 needs of 10 h on distinct days/times: 70 h of work needs at least two 35 h positions.
    needs = [need(i, [(i * DAY + 480, i * DAY + 1080)]) for i in range(7)]
    assert bound({"version": 1, "needs": needs})["bounds"]["weekly_volume"] == 2


def test_unplaceable_needs_are_not_counted():
    needs = [need(0, [(480, 1200)])]  # 12 h in a day: can never be placed
    result = bound({"version": 1, "needs": needs})
    assert result["placeable_needs"] == 0
    assert result["lower_bound_positions"] == 0


def test_rest_makes_needs_incompatible():
    needs = [need(0, [(1200, 1380)]), need(1, [(DAY + 300, DAY + 480)])]  # 4 h of rest only
    assert bound({"version": 1, "needs": needs})["lower_bound_positions"] == 2


def test_packing_l2_bound():
    # Six needs of 1100 minutes: no two fit together in 2100.
    needs = [{"id": f"n{i}", "member": "m", "flexible": {"weekly_minutes": 1100}} for i in range(6)]
    result = bound({"version": 1, "needs": needs, "params": {"max_daily_minutes": None}})
    assert result["lower_bound_positions"] == 6


def test_staffing_upper_bound_counts_what_one_person_can_do():
    from mutualis.engine.bench.upper import staffing_upper_bound
    from mutualis.engine.compat import Prepared
    from mutualis.engine.instance import parse_instance

    # Three needs overlap on Monday morning (one at most), two more on Tuesday; one 35 h employee.
    needs = [need(i, [(480, 600 + 30 * i)]) for i in range(3)]
    needs += [need(3, [(DAY + 480, DAY + 720)]), need(4, [(DAY + 780, DAY + 1020)])]
    data = {"version": 1, "needs": needs, "employees": [{"id": "e1"}], "params": {"new_positions": False}}
    # Best: the longest Monday need (180 min) + both Tuesday needs (240 + 240).
    assert staffing_upper_bound(Prepared(parse_instance(data))) == 660
