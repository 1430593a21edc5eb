"""An assignment ended in the past keeps its weeks up to the end date in the planning."""

import datetime

from mutualis.accounts.tenancy import resolve_membership
from mutualis.planning import selectors, services
from mutualis.planning.enums import AssignmentStatus
from tests.factories import AssignmentFactory, AssignmentSlotFactory


def test_ended_assignment_keeps_its_past_weeks(personas):
    monday = datetime.date(2025, 1, 6)
    assignment = AssignmentFactory(
        group=personas.group_a,
        employee=personas.employee_a,
        member=personas.member_a1,
        site=personas.site_a1,
        start_date=monday,
    )
    AssignmentSlotFactory(assignment=assignment)
    services.end_assignment(
        membership=resolve_membership(personas.planner_a),
        assignment=assignment,
        end_date=monday + datetime.timedelta(days=13),
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ENDED
    before = selectors.expand(group=personas.group_a, start=monday, end=monday + datetime.timedelta(days=6))
    after = selectors.expand(
        group=personas.group_a,
        start=monday + datetime.timedelta(days=14),
        end=monday + datetime.timedelta(days=20),
    )
    mine = personas.employee_a.pk
    assert [b for b in before.blocks[mine] if b.assignment_id == assignment.pk]
    assert not [b for b in after.blocks[mine] if b.assignment_id == assignment.pk]
