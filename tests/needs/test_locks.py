import pytest
from django.core.exceptions import ValidationError

from mutualis.engine.instance import parse_instance
from mutualis.needs import consolidation, engine_api
from mutualis.needs.instance import build_instance, needs_for_instance, plan_to_public
from mutualis.needs.models import ConsolidationRun, Need, RunStatus
from mutualis.needs.timeline import to_minutes
from tests.factories import MemberFactory, SiteFactory
from tests.needs.factories import NeedFactory

PARAMS = {"min_weekly_minutes": 0, "max_members_per_position": 2}


def block(day, start, end):
    return (to_minutes(day, start), to_minutes(day, end))


@pytest.fixture
def trio(personas):
    """A on Monday morning; B and C on Monday afternoon (they cannot share a position)."""
    third = SiteFactory(member=MemberFactory(group=personas.group_a))
    return {
        "A": NeedFactory(member=personas.member_a1, site=personas.site_a1, slots=[block(0, 8, 12)]),
        "B": NeedFactory(member=personas.member_a2, site=personas.site_a2, slots=[block(0, 13, 17)]),
        "C": NeedFactory(member=third.member, site=third, slots=[block(0, 13, 17)]),
    }


def public_ids(*needs):
    return sorted(str(n.public_id) for n in needs)


@pytest.mark.django_db
def test_a_lock_becomes_a_placeholder_employee_and_keeps_its_needs_together(trio):
    locks = [public_ids(trio["A"], trio["C"])]
    instance, id_map = build_instance(needs_for_instance(Need.objects.all()), params=PARAMS, locks=locks)
    parse_instance(instance)
    assert instance["employees"] == [{"id": "L1", "skills": ["lock:1"], "contract_weekly_minutes": 2100}]
    plan = engine_api.solve(instance, time_limit=1, seed=0)
    assert engine_api.check(instance, plan) == []
    public = plan_to_public(plan, id_map)
    (locked,) = [p for p in public["positions"] if p["locked"]]
    assert sorted(locked["needs"]) == public_ids(trio["A"], trio["C"])
    assert locked["employee"] is None


@pytest.mark.django_db
def test_moves_and_locked_positions_make_lock_groups(personas, trio, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = consolidation.start_consolidation(
            actor=personas.planner_a, group=personas.group_a, params=PARAMS, time_limit_seconds=1
        )
    run.refresh_from_db()
    public = plan_to_public(run.plan, run.id_map)
    with_a = next(p for p in public["positions"] if str(trio["A"].public_id) in p["needs"])
    other = next(p for p in public["positions"] if p["id"] != with_a["id"])
    moved = str(trio["A"].public_id)  # A fits with B or with C: move it to the other position
    locks = consolidation.locks_from_decisions(run, moves={moved: other["id"]})
    assert locks == [sorted([*other["needs"], moved])]
    assert consolidation.locks_from_decisions(run, lock_positions=[with_a["id"]]) == [sorted(with_a["needs"])]
    with pytest.raises(ValidationError, match="inconnu"):
        consolidation.locks_from_decisions(run, lock_positions=["p99"])
    with pytest.raises(ValidationError, match="Verrouillez"):
        consolidation.rerun(run=run, actor=personas.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        again = consolidation.rerun(run=run, actor=personas.planner_a, moves={moved: other["id"]})
    again.refresh_from_db()
    assert again.parent == run and again.locks == locks and again.status == RunStatus.SUCCEEDED
    again_public = plan_to_public(again.plan, again.id_map)
    (locked,) = [p for p in again_public["positions"] if p["locked"]]
    assert sorted(locked["needs"]) == locks[0]
    # A locked position is accepted like any new one.
    (position,) = consolidation.accept_positions(
        run=again, position_ids=[locked["id"]], actor=personas.planner_a
    )
    assert position.employee is None and position.needs.count() == len(locks[0])
    assert ConsolidationRun.objects.count() == 2
