import datetime as dt

import pytest

from mutualis.planning.models import Absence, ScheduleException
from mutualis.timesheets import services
from mutualis.timesheets.enums import EventKind, TimesheetStatus
from mutualis.timesheets.models import TimeEntry, Timesheet, TimesheetEvent

from .conftest import MARCH, membership

pytestmark = pytest.mark.django_db


def test_one_timesheet_per_employee_and_member_with_planned_equal_actual(planned):
    result = services.generate_month(group=planned.group_a, month=MARCH)
    assert result == services.GenerateResult(created=2, updated=0, kept=0)
    sheet = Timesheet.objects.get(member=planned.member_a1, month=MARCH)
    assert sheet.status == TimesheetStatus.DRAFT
    assert sheet.contract == planned.contract_a
    entries = list(sheet.entries.order_by("date"))
    # Mondays of March 2025: 3, 10, 17, 24, 31.
    assert [e.date.day for e in entries] == [3, 10, 17, 24, 31]
    assert all(e.planned_minutes == e.actual_minutes == 240 for e in entries)
    assert all(e.actual_start == e.planned_start for e in entries)
    assert TimesheetEvent.objects.filter(timesheet=sheet, kind=EventKind.GENERATED).count() == 1
    # Nothing of GE b.
    assert not Timesheet.objects.filter(group=planned.group_b).exists()


def test_regenerating_is_idempotent_and_keeps_corrections(planned):
    services.generate_month(group=planned.group_a, month=MARCH)
    entry = TimeEntry.objects.get(timesheet__member=planned.member_a1, date=dt.date(2025, 3, 10))
    services.correct_entry(
        membership=membership(planned.employee_user_a),
        entry=entry,
        actual_start=dt.time(8, 30),
        actual_end=dt.time(12, 15),
        comment="Bus en retard",
    )
    again = services.generate_month(group=planned.group_a, month=MARCH)
    assert again == services.GenerateResult(created=0, updated=0, kept=0)
    assert Timesheet.objects.count() == 2
    assert TimeEntry.objects.count() == 5 + 4  # Wednesdays: 5, 12, 19, 26
    entry.refresh_from_db()
    assert entry.actual_minutes == 225
    assert entry.comment == "Bus en retard"


def test_regenerating_follows_planning_changes_but_keeps_corrected_days(planned):
    services.generate_month(group=planned.group_a, month=MARCH)
    corrected = TimeEntry.objects.get(timesheet__member=planned.member_a1, date=dt.date(2025, 3, 17))
    services.correct_entry(
        membership=membership(planned.employee_user_a),
        entry=corrected,
        actual_start=dt.time(8),
        actual_end=dt.time(11),
    )
    for day in (10, 17):
        ScheduleException.objects.create(
            group=planned.group_a,
            assignment=planned.assignment_a1,
            kind="cancelled",
            date=dt.date(2025, 3, day),
        )
    result = services.generate_month(group=planned.group_a, month=MARCH)
    assert result.updated == 1
    sheet = Timesheet.objects.get(member=planned.member_a1)
    days = {e.date.day: e for e in sheet.entries.all()}
    assert sorted(days) == [3, 17, 24, 31]  # the 10th (never corrected) is gone
    assert days[17].planned_minutes == 0 and days[17].actual_minutes == 180
    assert TimesheetEvent.objects.filter(timesheet=sheet, kind=EventKind.REGENERATED).count() == 1


def test_absences_and_holidays_are_not_planned(planned):
    start = dt.datetime(2025, 3, 3, tzinfo=services.PARIS)
    Absence.objects.create(
        group=planned.group_a,
        employee=planned.employee_a,
        kind="paid_leave",
        start=start,
        end=start + dt.timedelta(days=1),
    )
    services.generate_month(group=planned.group_a, month=MARCH)
    services.generate_month(group=planned.group_a, month=dt.date(2025, 6, 1))  # Whit Monday: 9 June
    days = set(TimeEntry.objects.filter(timesheet__member=planned.member_a1).values_list("date", flat=True))
    assert dt.date(2025, 3, 3) not in days and dt.date(2025, 3, 10) in days
    assert dt.date(2025, 6, 9) not in days and dt.date(2025, 6, 16) in days


def test_submitted_validated_and_closed_timesheets_are_kept(planned):
    services.generate_month(group=planned.group_a, month=MARCH)
    sheet = Timesheet.objects.get(member=planned.member_a1)
    services.submit(membership=membership(planned.employee_user_a), timesheet=sheet)
    ScheduleException.objects.create(
        group=planned.group_a, assignment=planned.assignment_a1, kind="cancelled", date=dt.date(2025, 3, 3)
    )
    result = services.generate_month(group=planned.group_a, month=MARCH)
    assert result.kept == 1
    assert sheet.entries.filter(date=dt.date(2025, 3, 3)).exists()
