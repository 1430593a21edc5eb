"""Expanding assignments into dated blocks: pattern, parity, exceptions, absences, public holidays."""

import datetime as dt

import pytest

from mutualis.employer_groups.models import LegalForm
from mutualis.planning import selectors
from mutualis.planning.models import ScheduleException
from mutualis.planning.rules import PARIS
from tests.factories import (
    AbsenceFactory,
    AssignmentFactory,
    AssignmentSlotFactory,
    EmployeeFactory,
    EmployerGroupFactory,
    SiteFactory,
)

MONDAY = dt.date(2025, 1, 6)


def paris(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def blocks_of(group, employee, start, end):
    return [
        (b.start, b.end, b.source)
        for b in selectors.expand(group=group, start=start, end=end, employee_ids=[employee.pk]).blocks[
            employee.pk
        ]
    ]


@pytest.fixture
def assignment(db):
    assignment = AssignmentFactory()
    AssignmentSlotFactory(assignment=assignment, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    return assignment


@pytest.mark.django_db
def test_pattern_repeats_each_week_within_the_period(assignment):
    assignment.end_date = MONDAY + dt.timedelta(days=8)
    assignment.save()
    blocks = blocks_of(
        assignment.group, assignment.employee, MONDAY - dt.timedelta(days=7), MONDAY + dt.timedelta(days=20)
    )
    assert blocks == [
        (paris(MONDAY, 8), paris(MONDAY, 12), "pattern"),
        (paris(MONDAY + dt.timedelta(days=7), 8), paris(MONDAY + dt.timedelta(days=7), 12), "pattern"),
    ]


@pytest.mark.django_db
def test_week_parity_and_night_slot(assignment):
    AssignmentSlotFactory(
        assignment=assignment, weekday=2, start_time=dt.time(22), end_time=dt.time(6), week_parity="odd"
    )
    blocks = blocks_of(assignment.group, assignment.employee, MONDAY, MONDAY + dt.timedelta(days=13))
    wednesday = MONDAY + dt.timedelta(days=9)  # ISO week 3 (odd); week 2 is even
    assert (paris(wednesday, 22), paris(wednesday + dt.timedelta(days=1), 6), "pattern") in blocks
    assert len(blocks) == 3


@pytest.mark.django_db
def test_exceptions_cancel_move_and_add_days(assignment):
    group = assignment.group
    tuesday = MONDAY + dt.timedelta(days=1)
    ScheduleException.objects.create(group=group, assignment=assignment, kind="cancelled", date=MONDAY)
    ScheduleException.objects.create(
        group=group,
        assignment=assignment,
        kind="moved",
        date=MONDAY + dt.timedelta(days=7),
        new_date=tuesday + dt.timedelta(days=7),
        start_time=dt.time(14),
        end_time=dt.time(18),
    )
    ScheduleException.objects.create(
        group=group,
        assignment=assignment,
        kind="added",
        date=tuesday,
        start_time=dt.time(9),
        end_time=dt.time(10),
    )
    blocks = blocks_of(group, assignment.employee, MONDAY, MONDAY + dt.timedelta(days=13))
    assert blocks == [
        (paris(tuesday, 9), paris(tuesday, 10), "added"),
        (paris(tuesday + dt.timedelta(days=7), 14), paris(tuesday + dt.timedelta(days=7), 18), "moved"),
    ]


@pytest.mark.django_db
def test_absences_cut_the_planned_blocks_and_are_credited(assignment):
    AbsenceFactory(
        employee=assignment.employee, start=paris(MONDAY, 10), end=paris(MONDAY, 11), kind="training"
    )
    expansion = selectors.expand(group=assignment.group, start=MONDAY, end=MONDAY, employee_ids=None)
    blocks = [(b.start, b.end) for b in expansion.blocks[assignment.employee_id]]
    assert blocks == [(paris(MONDAY, 8), paris(MONDAY, 10)), (paris(MONDAY, 11), paris(MONDAY, 12))]
    assert expansion.credited_minutes(assignment.employee_id) == {MONDAY: 60}
    assert expansion.removed[assignment.employee_id][0].reason == "training"


@pytest.mark.django_db
def test_public_holidays_remove_the_pattern():
    # Friday 18 April 2025 is Good Friday: a holiday only in Alsace-Moselle.
    good_friday = dt.date(2025, 4, 18)
    inland = AssignmentFactory()
    AssignmentSlotFactory(assignment=inland, weekday=4, start_time=dt.time(8), end_time=dt.time(12))
    assert len(blocks_of(inland.group, inland.employee, good_friday, good_friday)) == 1
    moselle_site = SiteFactory(member=inland.member, postcode="57000", city="Metz")
    in_moselle = AssignmentFactory(employee=inland.employee, member=inland.member, site=moselle_site)
    AssignmentSlotFactory(assignment=in_moselle, weekday=4, start_time=dt.time(14), end_time=dt.time(16))
    assert blocks_of(inland.group, inland.employee, good_friday, good_friday) == [
        (paris(good_friday, 8), paris(good_friday, 12), "pattern")
    ]
    local_law = EmployerGroupFactory(legal_form=LegalForm.ALSACE_MOSELLE)
    local = AssignmentFactory(employee=EmployeeFactory(group=local_law))
    AssignmentSlotFactory(assignment=local, weekday=4, start_time=dt.time(8), end_time=dt.time(12))
    assert blocks_of(local_law, local.employee, good_friday, good_friday) == []
    # 1 May is a holiday everywhere.
    may_day = dt.date(2025, 5, 1)
    AssignmentSlotFactory(assignment=inland, weekday=3, start_time=dt.time(8), end_time=dt.time(12))
    assert blocks_of(inland.group, inland.employee, may_day, may_day) == []


@pytest.mark.django_db
def test_dst_sunday_block_lasts_real_time():
    assignment = AssignmentFactory()
    AssignmentSlotFactory(assignment=assignment, weekday=6, start_time=dt.time(1), end_time=dt.time(5))
    sunday = dt.date(2025, 3, 30)
    [block] = selectors.expand(group=assignment.group, start=sunday, end=sunday).blocks[
        assignment.employee_id
    ]
    assert block.minutes == 180


@pytest.mark.django_db
def test_expansion_queries_do_not_grow_with_employees(django_assert_max_num_queries):
    group = EmployerGroupFactory()
    for _ in range(2):
        a = AssignmentFactory(employee=EmployeeFactory(group=group))
        AssignmentSlotFactory(assignment=a)
    with django_assert_max_num_queries(6):
        small = selectors.expand(group=group, start=MONDAY, end=MONDAY + dt.timedelta(days=6))
    for _ in range(8):
        a = AssignmentFactory(employee=EmployeeFactory(group=group))
        AssignmentSlotFactory(assignment=a)
        AbsenceFactory(employee=a.employee)
    with django_assert_max_num_queries(6):
        large = selectors.expand(group=group, start=MONDAY, end=MONDAY + dt.timedelta(days=6))
    assert len(small.blocks) == 2 and len(large.blocks) == 10
