import pytest

from mutualis.needs import consolidation
from mutualis.needs.models import Position, PositionStatus
from mutualis.planning.models import Assignment
from tests.needs.factories import NeedFactory

from .factories import next_monday

PARAMS = {"min_weekly_minutes": 0, "max_members_per_position": 4}
pytestmark = pytest.mark.django_db


def _run(personas, capture, **kwargs):
    with capture(execute=True):
        run = consolidation.start_consolidation(
            actor=personas.planner_a, group=personas.group_a, params=PARAMS, time_limit_seconds=1, **kwargs
        )
    run.refresh_from_db()
    return run


def test_accept_positions_through_the_api(personas, api, django_capture_on_commit_callbacks):
    NeedFactory(member=personas.member_a1, site=personas.site_a1, slots=[(480, 720)])
    NeedFactory(member=personas.member_a2, site=personas.site_a2, slots=[(1440 + 480, 1440 + 720)])
    run = _run(personas, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        answer = api("planner_a").post(
            "/api/v1/positions/accept/", {"run": str(run.public_id), "positions": ["p1"]}, format="json"
        )
    assert answer.status_code == 201, answer.json()
    (row,) = answer.json()
    assert row["status"] == "open" and row["weekly_minutes"] == 480
    again = api("planner_a").post(
        "/api/v1/positions/accept/", {"run": str(run.public_id), "positions": ["p1"]}, format="json"
    )
    assert again.status_code == 400 and "positions" in again.json()
    assert (
        api("planner_b")
        .post("/api/v1/positions/accept/", {"run": str(run.public_id), "positions": ["p1"]}, format="json")
        .status_code
        == 400
    )  # another GE's run is unknown


def test_accepting_a_position_for_an_existing_employee_creates_its_assignments(
    personas, api, django_capture_on_commit_callbacks
):
    need = NeedFactory(
        member=personas.member_a1, site=personas.site_a1, slots=[(480, 720), (1440 + 480, 1440 + 720)]
    )
    personas.employee_a.skills.set(need.skills.all())
    run = _run(personas, django_capture_on_commit_callbacks, include_employees=True)
    proposals = run.plan["positions"]
    assert proposals and proposals[0].get("employee"), run.plan
    with django_capture_on_commit_callbacks(execute=True):
        answer = api("planner_a").post(
            "/api/v1/positions/accept/",
            {"run": str(run.public_id), "positions": ["p1"], "start_date": next_monday().isoformat()},
            format="json",
        )
    assert answer.status_code == 201, answer.json()
    position = Position.objects.get(public_id=answer.json()[0]["id"])
    assert position.status == PositionStatus.FILLED and position.employee == personas.employee_a
    assert Assignment.objects.filter(employee=personas.employee_a, member=personas.member_a1).count() == 1
