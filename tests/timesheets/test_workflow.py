import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mutualis.timesheets import services
from mutualis.timesheets.enums import EventKind, TimesheetStatus
from mutualis.timesheets.models import TimeEntry, Timesheet, TimesheetEvent, TimesheetLocked

from .conftest import MARCH, membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(planned):
    services.generate_month(group=planned.group_a, month=MARCH)
    return Timesheet.objects.get(member=planned.member_a1, month=MARCH)


def entry_on(sheet, day):
    return TimeEntry.objects.get(timesheet=sheet, date=dt.date(2025, 3, day))


# --- corrections ------------------------------------------------------------------------------------


def test_employee_corrects_a_day_and_the_log_keeps_before_and_after(planned, sheet):
    result = services.correct_entry(
        membership=membership(planned.employee_user_a),
        entry=entry_on(sheet, 3),
        actual_start=dt.time(7, 45),
        actual_end=dt.time(12, 30),
        comment="Inventaire",
    )
    entry = result.entry
    assert entry.actual_minutes == 285 and entry.planned_minutes == 240
    assert entry.difference_minutes == 45
    assert entry.corrected_by == planned.employee_user_a
    event = TimesheetEvent.objects.get(timesheet=sheet, kind=EventKind.CORRECTED)
    assert event.day == dt.date(2025, 3, 3)
    assert event.data["before"]["minutes"] == 240 and event.data["after"]["minutes"] == 285


def test_an_end_before_the_start_ends_the_next_day(planned, sheet):
    entry = services.correct_entry(
        membership=membership(planned.employee_user_a),
        entry=entry_on(sheet, 3),
        actual_start=dt.time(22),
        actual_end=dt.time(2),
        comment="Remplacement de nuit",  # unplanned night hours need a reason
    ).entry
    assert entry.actual_minutes == 240
    assert entry.actual_end.date() == dt.date(2025, 3, 4)


def test_not_worked_day(planned, sheet):
    entry = services.correct_entry(
        membership=membership(planned.employee_user_a), entry=entry_on(sheet, 3), not_worked=True
    ).entry
    assert entry.actual_minutes == 0 and entry.actual_start is None


def test_missing_or_equal_times_name_the_field(planned, sheet):
    employee = membership(planned.employee_user_a)
    with pytest.raises(ValidationError) as error:
        services.correct_entry(membership=employee, entry=entry_on(sheet, 3), actual_start=dt.time(8))
    assert "actual_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.correct_entry(
            membership=employee, entry=entry_on(sheet, 3), actual_start=dt.time(8), actual_end=dt.time(8)
        )
    assert "actual_end" in error.value.message_dict
    assert entry_on(sheet, 3).corrected_at is None  # nothing half-saved


def test_rule_violations_on_actual_hours_are_recorded_not_blocking(planned, sheet):
    result = services.correct_entry(
        membership=membership(planned.employee_user_a),
        entry=entry_on(sheet, 3),
        actual_start=dt.time(6),
        actual_end=dt.time(17, 30),  # 11 h 30: over the 10 h daily maximum, and no break
        comment="Livraison tardive",  # over the cap: a reason is required
    )
    codes = {v.rule_code for v in result.violations}
    assert "max_daily_minutes" in codes
    entry = entry_on(sheet, 3)
    assert entry.actual_minutes == 690
    assert "max_daily_minutes" in {v["rule"] for v in entry.violations}
    assert "max_daily_minutes" in TimesheetEvent.objects.get(kind=EventKind.CORRECTED).data["violations"]


def test_exactly_ten_hours_is_no_violation(planned, sheet):
    result = services.correct_entry(
        membership=membership(planned.employee_user_a),
        entry=entry_on(sheet, 3),
        actual_start=dt.time(8),
        actual_end=dt.time(18),
        comment="Journée d'inventaire",  # 6 h more than planned: a reason is required
    )
    assert "max_daily_minutes" not in {v.rule_code for v in result.violations}


@pytest.mark.parametrize("user", ["contact_a1", "accountant_a", "employee_user_b", "director_b"])
def test_others_may_not_correct(planned, sheet, user):
    with pytest.raises(PermissionDenied):
        services.correct_entry(
            membership=membership(planned[user]),
            entry=entry_on(sheet, 3),
            actual_start=dt.time(8),
            actual_end=dt.time(9),
        )


def test_planner_corrects_on_the_employees_behalf(planned, sheet):
    entry = services.correct_entry(
        membership=membership(planned.planner_a), entry=entry_on(sheet, 3), not_worked=True
    ).entry
    assert entry.corrected_by == planned.planner_a


# --- submit, validate, dispute ----------------------------------------------------------------------


def test_submit_then_validate(planned, sheet):
    services.submit(membership=membership(planned.employee_user_a), timesheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.SUBMITTED and sheet.submitted_at
    with pytest.raises(ValidationError):
        services.submit(membership=membership(planned.employee_user_a), timesheet=sheet)
    services.validate(membership=membership(planned.contact_a1), timesheet=sheet, comment="RAS")
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED and sheet.validated_at
    kinds = list(TimesheetEvent.objects.filter(timesheet=sheet).values_list("kind", flat=True))
    assert kinds == [EventKind.GENERATED, EventKind.SUBMITTED, EventKind.VALIDATED]


def test_no_correction_after_validation(planned, sheet):
    services.validate(membership=membership(planned.contact_a1), timesheet=sheet)
    with pytest.raises(ValidationError):
        services.correct_entry(
            membership=membership(planned.employee_user_a), entry=entry_on(sheet, 3), not_worked=True
        )


@pytest.mark.parametrize("user", ["contact_a2", "contact_b1", "director_a", "employee_user_a"])
def test_only_the_members_contact_validates(planned, sheet, user):
    with pytest.raises(PermissionDenied):
        services.validate(membership=membership(planned[user]), timesheet=sheet)
    with pytest.raises(PermissionDenied):
        services.dispute(
            membership=membership(planned[user]), timesheet=sheet, day=dt.date(2025, 3, 3), comment="x"
        )


def test_dispute_a_day_then_correct_and_resubmit(planned, sheet):
    contact = membership(planned.contact_a1)
    services.submit(membership=membership(planned.employee_user_a), timesheet=sheet)
    services.dispute(
        membership=contact, timesheet=sheet, day=dt.date(2025, 3, 10), comment="Absent ce jour-là"
    )
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.DISPUTED
    event = TimesheetEvent.objects.get(kind=EventKind.DISPUTED)
    assert event.day == dt.date(2025, 3, 10) and event.comment == "Absent ce jour-là"
    assert event.actor == planned.contact_a1
    with pytest.raises(ValidationError):
        services.validate(membership=contact, timesheet=sheet)  # must be corrected and resent first
    services.correct_entry(
        membership=membership(planned.employee_user_a), entry=entry_on(sheet, 10), not_worked=True
    )
    services.submit(membership=membership(planned.employee_user_a), timesheet=sheet)
    services.validate(membership=contact, timesheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED


def test_dispute_needs_a_day_of_the_month_and_a_comment(planned, sheet):
    contact = membership(planned.contact_a1)
    with pytest.raises(ValidationError) as error:
        services.dispute(membership=contact, timesheet=sheet, day=dt.date(2025, 4, 1), comment="")
    assert set(error.value.message_dict) == {"day", "comment"}
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.DRAFT


# --- closing ----------------------------------------------------------------------------------------


def test_closing_needs_validation_or_force(planned, sheet):
    director = membership(planned.director_a)
    with pytest.raises(ValidationError):
        services.close_month(membership=director, month=MARCH)
    assert not Timesheet.objects.filter(status=TimesheetStatus.CLOSED).exists()
    services.validate(membership=membership(planned.contact_a1), timesheet=sheet)
    assert services.close_month(membership=director, month=MARCH, force=True) == 2
    assert set(Timesheet.objects.values_list("status", flat=True)) == {TimesheetStatus.CLOSED}
    assert TimesheetEvent.objects.filter(kind=EventKind.CLOSED).count() == 2


@pytest.mark.parametrize("user", ["accountant_a", "contact_a1", "employee_user_a"])
def test_only_writers_close(planned, sheet, user):
    with pytest.raises(PermissionDenied):
        services.close_month(membership=membership(planned[user]), month=MARCH, force=True)


def test_another_ges_director_closes_only_their_own_month(planned, sheet):
    assert services.close_month(membership=membership(planned.director_b), month=MARCH, force=True) == 0
    assert not Timesheet.objects.filter(status=TimesheetStatus.CLOSED).exists()


def test_a_closed_timesheet_refuses_every_change(planned, sheet):
    services.close_month(membership=membership(planned.director_a), month=MARCH, force=True)
    sheet.refresh_from_db()
    entry = entry_on(sheet, 3)
    with pytest.raises(ValidationError):
        services.correct_entry(membership=membership(planned.employee_user_a), entry=entry, not_worked=True)
    with pytest.raises(ValidationError):
        services.validate(membership=membership(planned.contact_a1), timesheet=sheet)
    entry.actual_minutes = 1
    with pytest.raises(TimesheetLocked):
        entry.save()
    with pytest.raises(TimesheetLocked):
        entry.delete()
    with pytest.raises(TimesheetLocked):
        TimeEntry.objects.filter(timesheet=sheet).update(actual_minutes=0)
    with pytest.raises(TimesheetLocked):
        TimeEntry.objects.filter(timesheet=sheet).delete()
    sheet.status = TimesheetStatus.DRAFT
    with pytest.raises(TimesheetLocked):
        sheet.save()
    with pytest.raises(TimesheetLocked):
        Timesheet.objects.filter(pk=sheet.pk).update(status=TimesheetStatus.DRAFT)
    with pytest.raises(TimesheetLocked):
        Timesheet.objects.filter(pk=sheet.pk).delete()
    assert services.generate_month(group=planned.group_a, month=MARCH).kept == 2


def test_the_log_is_append_only(planned, sheet):
    event = TimesheetEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        TimesheetEvent.objects.all().update(comment="x")
    with pytest.raises(PermissionError):
        TimesheetEvent.objects.all().delete()
