"""The consolidation bench (`make bench-consolidation`): the GE it builds from the engine's generator
gives an instance with every generated need, and its comparison follows the engine's objective order."""

import json

import pytest

from benchmarks import consolidation as bench
from mutualis.engine import bound
from mutualis.engine.bench.generator import generate
from mutualis.needs.instance import build_instance, needs_for_instance
from mutualis.needs.models import Need


@pytest.mark.django_db
def test_generated_needs_become_application_needs_with_the_same_schedules():
    data = generate(24, seed=3)
    group, director, _splits = bench.build_group(data, log=lambda *a: None)
    instance, _ids = build_instance(needs_for_instance(Need.objects.filter(group=group)))
    assert len(instance["needs"]) == 24
    assert bound(instance)["lower_bound_positions"] == bound(data)["lower_bound_positions"]

    def shapes(needs):
        keys = ("skills", "slots", "flexible", "weeks")
        return sorted(json.dumps({k: n.get(k) for k in keys}, sort_keys=True) for n in needs)

    assert shapes(instance["needs"]) == shapes(data["needs"])


def _plan(positions, unassigned=()):
    return {
        "positions": [
            {"id": f"p{k}", "employee": e, "needs": needs, "weekly_minutes": m, "schedule": []}
            for k, (e, needs, m) in enumerate(positions, start=1)
        ],
        "unassigned": list(unassigned),
    }


def test_objective_order_minutes_to_employees_then_placed_then_fewer_positions():
    def key(employee, placed, positions):
        return bench.objective(
            {"employee_minutes": employee, "minutes_placed": placed, "positions": positions}
        )

    assert key(60, 100, 9) > key(0, 900, 1)
    assert key(0, 900, 9) > key(0, 899, 1)
    assert key(0, 900, 3) > key(0, 900, 4)


def test_same_plan_compares_positions_and_unassigned_needs():
    a = _plan([(None, ["n1", "n2"], 600)], unassigned=["n3"])
    assert bench.same_plan(a, _plan([(None, ["n1", "n2"], 600)], unassigned=["n3"]))
    assert not bench.same_plan(a, _plan([(None, ["n1"], 300)], unassigned=["n2", "n3"]))
