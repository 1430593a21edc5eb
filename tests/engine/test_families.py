"""Engine v2 on the standard families: pure packing (bin packing) and pure staffing (SMPTSP)."""

import random
import threading
import time

from mutualis.engine import bound, check, solve
from mutualis.engine.bench.families import scholl2, smptsp, triplets, uniform
from mutualis.engine.packing import exact_fill, l2, lp_bound, squeeze


def test_l2_bound_beats_the_continuous_bound():
    # Three items over half the capacity need three bins although their volume fits in two.
    assert l2([60, 60, 60], 100) == 3
    assert l2([50, 50, 30, 30, 40], 100) == 2


def test_lp_bound_is_valid_and_can_beat_l2():
    # Five items of 40 in bins of 100: L2 says 2, but at most two items fit a bin, so 3 are needed.
    sizes = [40] * 5
    assert l2(sizes, 100) == 2
    assert lp_bound(sizes, 100, time.monotonic() + 5) == 3
    instance, _ = scholl2(100, seed=2)
    sizes = [n["flexible"]["weekly_minutes"] for n in instance["needs"]]
    assert lp_bound(sizes, 1000, time.monotonic() + 5) >= l2(sizes, 1000)


def test_set_partitioning_and_squeeze_pack_at_the_known_optimum():
    instance, optimum = triplets(60, seed=2)
    sizes = [n["flexible"]["weekly_minutes"] for n in instance["needs"]]
    for bins in (
        exact_fill(sizes, 1000, optimum, time.monotonic() + 10),
        squeeze(sizes, 1000, None, [[i] for i in range(len(sizes))], optimum + 1, time.monotonic() + 10,
                random.Random(1)),
    ):  # fmt: skip
        assert bins is not None
        assert sorted(i for b in bins for i in b) == list(range(len(sizes)))
        assert all(sum(sizes[i] for i in b) <= 1000 for b in bins)
    assert len(exact_fill(sizes, 1000, optimum, time.monotonic() + 10)) == optimum


def test_seeded_packing_is_reproducible():
    instance, _ = uniform(120, seed=1)
    first = solve(instance, time_limit=6, seed=3)
    second = solve(instance, time_limit=6, seed=3)
    assert first["positions"] == second["positions"]


def test_packing_stops_at_a_proof_and_says_optimal():
    instance, optimum = triplets(30, seed=1)
    plan = solve(instance, time_limit=8)
    assert check(instance, plan) == []
    assert plan["unassigned"] == []
    stats = plan["stats"]
    assert stats["algorithm"] == "packing" and stats["objective_bound_of"] == "positions"
    assert stats["objective_bound"] <= optimum <= stats["positions"]
    if stats["positions"] == stats["objective_bound"]:
        assert plan["status"] == "optimal"
        assert stats["solve_seconds"] < 8


def test_easy_packing_is_proved_at_once():
    instance, _ = uniform(60, seed=3)
    plan = solve(instance, time_limit=10)
    assert check(instance, plan) == []
    assert plan["status"] == "optimal"
    assert plan["stats"]["positions"] == plan["stats"]["objective_bound"]
    assert plan["stats"]["solve_seconds"] < 5


def test_staffing_covers_every_coverable_need_and_reports_its_bound():
    instance, optimum = smptsp(6, seed=2, tightness=0.75)
    plan = solve(instance, time_limit=6, seed=1)
    assert check(instance, plan) == []
    assert plan["unassigned"] == []  # every need can be covered (planted solution)
    stats = plan["stats"]
    assert stats["algorithm"] == "staffing" and stats["objective_bound_of"] == "employees"
    assert stats["objective_bound"] <= optimum <= stats["employees_used"] <= len(instance["employees"])
    assert plan["status"] == (
        "optimal" if stats["employees_used"] == stats["objective_bound"] else "feasible"
    )


def test_staffing_leaves_out_only_needs_nobody_can_take():
    instance, _ = smptsp(4, seed=5, tightness=0.8)
    instance["needs"].append(
        {"id": "orphan", "member": "m1", "skills": ["nobody"], "slots": [{"start": 60, "end": 120}]}
    )
    plan = solve(instance, time_limit=4, seed=1)
    assert check(instance, plan) == []
    assert plan["unassigned"] == ["orphan"]


def test_seeded_staffing_is_reproducible():
    instance, _ = smptsp(5, seed=7, tightness=0.8)
    first = solve(instance, time_limit=4, seed=3)
    second = solve(instance, time_limit=4, seed=3)
    assert first["positions"] == second["positions"]


def test_general_instances_keep_the_general_pipeline():
    instance = {
        "version": 1,
        "needs": [
            {"id": "a", "member": "m1", "slots": [{"start": 480, "end": 720}]},
            {"id": "b", "member": "m2", "slots": [{"start": 780, "end": 1080}]},
        ],
        "params": {"min_weekly_minutes": 0},
    }
    plan = solve(instance, time_limit=2)
    assert check(instance, plan) == []
    assert "algorithm" not in plan["stats"] or plan["stats"]["algorithm"] == "general"
    assert bound(instance)["lower_bound_positions"] == 1


def _two_jobs(job_families=None):
    params = {"min_weekly_minutes": 0}
    if job_families is not None:
        params["job_families"] = job_families
    return {
        "version": 1,
        "params": params,
        "needs": [
            {"id": "cook", "member": "m1", "skills": ["G1602"], "slots": [{"start": 480, "end": 720}]},
            {"id": "clerk", "member": "m2", "skills": ["M1607"], "slots": [{"start": 1920, "end": 2160}]},
            {"id": "cook2", "member": "m3", "skills": ["G1603"], "slots": [{"start": 3360, "end": 3600}]},
        ],
    }


def _together(plan, a, b):
    return any(a in p["needs"] and b in p["needs"] for p in plan["positions"])


def test_new_positions_keep_to_one_job_family_by_default():
    instance = _two_jobs()
    plan = solve(instance, time_limit=3)
    assert check(instance, plan) == []
    assert not _together(plan, "cook", "clerk")
    assert _together(plan, "cook", "cook2")  # G1602 and G1603: both in family G16
    families = plan["explanations"]["families"]
    assert sorted(map(tuple, families.values())) == [("G16",), ("M16",)]


def test_job_families_any_or_declared_groups_allow_the_mix():
    for rule in ("any", [["G16", "M16"]]):
        instance = _two_jobs(rule)
        plan = solve(instance, time_limit=3)
        assert check(instance, plan) == []
        assert _together(plan, "cook", "clerk") and plan["stats"]["positions"] == 1


def test_job_families_are_validated():
    import pytest

    from mutualis.engine import InstanceError

    with pytest.raises(InstanceError, match=r"params.job_families\[0\]\[0\]"):
        solve(_two_jobs([["kitchen"]]), time_limit=1)
    with pytest.raises(InstanceError, match="params.job_families"):
        solve(_two_jobs("mixed"), time_limit=1)


def test_checker_refuses_a_new_position_mixing_job_families():
    instance = _two_jobs()
    plan = solve(_two_jobs("any"), time_limit=3)
    assert any("job families" in p for p in check(instance, plan))


def _staffing_data(instance):
    from mutualis.engine import staffing
    from mutualis.engine.compat import Prepared
    from mutualis.engine.instance import parse_instance

    return staffing._Data(Prepared(parse_instance(instance)))


def _valid(data, assign) -> bool:
    """Every need on an employee qualified for it, no two overlapping needs on one employee."""
    from mutualis.engine import staffing

    by_emp: dict[int, list[int]] = {}
    for i, e in assign.items():
        if e not in data.elig_of_need[i]:
            return False
        by_emp.setdefault(e, []).append(i)
    return not any(
        staffing._clash(data, i, j) for needs in by_emp.values() for i in needs for j in needs if i < j
    )


def test_probe_and_windows_keep_every_need_on_a_qualified_free_employee():
    from mutualis.engine import staffing

    instance, optimum = smptsp(20, seed=11, tightness=0.85, skilling=0.3)
    data = _staffing_data(instance)
    start = staffing.repair_coverage(
        data, staffing.construct(data, time.monotonic() + 5), time.monotonic() + 5
    )
    assert len(start) == len(data.coverable) and _valid(data, start)
    set_ids = {i: [k for k, g in enumerate(data.week_sets) if i in g] for i in data.coverable}
    lower = staffing.depth_bound(data, data.coverable)
    rng = random.Random(2)
    probed = staffing._probe(data, dict(start), time.monotonic() + 2, rng, None, lower, set_ids, moves=500)
    assert len(probed) == len(data.coverable) and _valid(data, probed)
    assert lower <= len(set(probed.values())) <= len(set(start.values()))
    # The windows with a fixed set of employees never put a need on someone busy or unqualified.
    keep = set(probed.values())
    partial = {i: e for i, e in probed.items() if i % 5}
    crit = [set(c) for c in staffing.cliques(data, data.coverable) if len(c) == len(keep)]
    repaired = staffing.repair_windows(data, partial, keep, time.monotonic() + 2, rng, None, True, crit)
    assert _valid(data, repaired) and set(repaired.values()) <= keep
    assert sum(data.minutes[i] for i in repaired) >= sum(data.minutes[i] for i in partial)


def test_critical_window_rematches_the_needs_at_the_instant_of_full_depth():
    from mutualis.engine import staffing

    # Depth 2 at 10:00 (A and B run), two employees kept: each must take one of A, B. A sits on w2,
    # the only one who can take B, so B is left out; the window moves A to w1 and B to w2. C (after
    # A, w1 only) stays where it is, outside the window.
    def need(code, start, end):
        return {"id": code, "member": "m1", "skills": [code], "slots": [{"start": start, "end": end}]}

    instance = {
        "version": 1,
        "params": {"new_positions": False, "max_weekly_minutes": None},
        "needs": [need("A", 480, 720), need("B", 540, 660), need("C", 800, 900)],
        "employees": [
            {"id": "w1", "skills": ["A", "C"]},
            {"id": "w2", "skills": ["A", "B"]},
            {"id": "w3", "skills": ["C"]},
        ],
    }
    data = _staffing_data(instance)
    cur = {0: 1, 2: 0}
    found = staffing.critical_window(data, cur, {0, 1}, time.monotonic() + 5, random.Random(1), None, True)
    assert found == {0: 0, 1: 1, 2: 0} and _valid(data, found)
    # More employees kept than the depth: no instant where all are busy, nothing to do.
    assert (
        staffing.critical_window(data, cur, {0, 1, 2}, time.monotonic() + 5, random.Random(1), None, True)
        == cur
    )


def test_staffing_portfolio_on_two_workers_gives_a_valid_plan_at_the_bound():
    # Above 250 needs the two workers run two variants of the search (forked) and keep the best.
    instance, optimum = smptsp(60, seed=1, tightness=0.85, skilling=0.5)
    plan = solve(instance, time_limit=8, workers=2)
    assert check(instance, plan) == []
    assert plan["unassigned"] == []
    assert plan["stats"]["objective_bound"] <= optimum <= plan["stats"]["employees_used"]
    assert plan["status"] == ("optimal" if plan["stats"]["employees_used"] == optimum else "feasible")


def test_lp_dive_over_chains_covers_what_the_construction_missed_with_valid_chains():
    from mutualis.engine import chains, staffing

    instance, optimum = smptsp(12, seed=5, tightness=0.8, skilling=0.3)
    data = _staffing_data(instance)
    assert chains.chain_ready(data)
    # From nothing at all: the LP's slack keeps it feasible, its chains place every need.
    found = chains.dive(data, {}, time.monotonic() + 20)
    assert found is not None and len(found) == len(data.coverable) and _valid(data, found)
    assert all(e in data.elig_of_need[i] for i, e in found.items())
    assert optimum <= len(set(found.values())) <= len(data.caps)
    # Weighted interval scheduling: the heaviest chain of non-overlapping needs of one employee.
    value, chain = chains.best_chain(data, 0, dict.fromkeys(data.coverable, 1.0))
    assert value == len(chain) and not any(staffing._clash(data, i, j) for i in chain for j in chain if i < j)
    # Out of time: the chains fixed so far (here none); stopped: None.
    assert chains.dive(data, {}, time.monotonic() - 1) == {}
    stop = threading.Event()
    stop.set()
    assert chains.dive(data, {}, time.monotonic() + 20, stop) is None
    # A partial plan is completed around the chains it fixed.
    partial = {i: e for i, e in found.items() if i % 3}
    completed = staffing.construct(data, time.monotonic() + 5, partial)
    assert len(completed) == len(data.coverable) and _valid(data, completed)


def test_the_second_variant_dives_first_on_mid_sized_instances(monkeypatch):
    from mutualis.engine import chains, staffing
    from mutualis.engine.compat import Prepared
    from mutualis.engine.instance import parse_instance

    instance, optimum = smptsp(50, seed=3, tightness=0.95, skilling=0.3)
    prep = Prepared(parse_instance(instance))
    assert staffing.AT_BOUND_NEEDS < prep.n <= staffing.PORTFOLIO_DIVE_NEEDS
    dives = []
    real_dive = chains.dive

    def recorded(data, assign, *args, **kwargs):
        dives.append(kwargs.get("needs"))
        return real_dive(data, assign, *args, **kwargs)

    monkeypatch.setattr(chains, "dive", recorded)
    result = staffing.solve(prep, time.monotonic() + 8, seed=1, variant=1)
    assert dives and dives[0] is None  # the first dive is over the whole instance
    dives.clear()
    staffing.solve(prep, time.monotonic() + 3, seed=1, variant=0)
    assert dives == []  # the first variant keeps the fourth round's search at this size
    placed = {i for _e, entries in result.positions for i, _p in entries}
    assert len(placed) == prep.n
    assert optimum <= len(result.positions) <= optimum + 2


def test_group_dives_drop_employees_and_keep_every_need_placed():
    from mutualis.engine import chains, staffing

    instance, optimum = smptsp(30, seed=4, tightness=0.8, skilling=0.3)
    data = _staffing_data(instance)
    start = staffing.repair_coverage(
        data, staffing.construct(data, time.monotonic() + 5), time.monotonic() + 5
    )
    assert len(start) == len(data.coverable) and len(set(start.values())) > optimum
    better = chains.reduce_by_groups(data, start, time.monotonic() + 4, random.Random(3), None, optimum, 12)
    assert len(better) == len(data.coverable) and _valid(data, better)
    assert all(e in data.elig_of_need[i] for i, e in better.items())
    assert optimum <= len(set(better.values())) < len(set(start.values()))
    # The LP proves at once that these needs take ``optimum`` employees: asked for fewer, None.
    assert chains._all_busy(data, data.coverable, optimum) is not None
    assert chains.dive(data, better, time.monotonic() + 5, target=optimum - 1) is None
