import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from mutualis.accounts.tenancy import scoped
from mutualis.billing.providers import timesheet_hours
from mutualis.timesheets import selectors, services
from mutualis.timesheets.enums import EventKind
from mutualis.timesheets.models import TimeEntry, Timesheet, TimesheetEvent

from .conftest import MARCH, membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(planned):
    services.generate_month(group=planned.group_a, month=MARCH)
    return planned


def test_reminders_go_to_the_contacts_of_members_with_unvalidated_timesheets(month):
    sheet_a2 = Timesheet.objects.get(member=month.member_a2)
    services.validate(membership=membership(month.contact_a2), timesheet=sheet_a2)
    reminders = services.send_reminders(group=month.group_a, month=MARCH, base_url="https://ge.example")
    assert [r.to for r in reminders] == ["contact_a1@example.org"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Relevés d'heures de mars 2025 à valider"
    assert month.employee_a.full_name in message.body
    assert "https://ge.example/releves/adherents/" in message.body
    assert TimesheetEvent.objects.filter(kind=EventKind.REMINDED).count() == 1
    assert Timesheet.objects.get(member=month.member_a1).last_reminder_at is not None


def test_employees_are_reminded_of_disputed_timesheets(month):
    sheet = Timesheet.objects.get(member=month.member_a1)
    services.dispute(
        membership=membership(month.contact_a1), timesheet=sheet, day=dt.date(2025, 3, 3), comment="?"
    )
    reminders = services.plan_reminders(group=month.group_a, month=MARCH)
    assert {r.to for r in reminders} == {"contact_a2@example.org", "salarie_a@example.org"}
    to_employee = next(r for r in reminders if r.to == "salarie_a@example.org")
    assert "contesté" in to_employee.subject


def test_command_dry_run_sends_and_logs_nothing(month):
    out = StringIO()
    call_command("send_timesheet_reminders", "--month", "2025-03", "--group", "ge-a", "--dry-run", stdout=out)
    assert "[essai] ge-a → contact_a1@example.org" in out.getvalue()
    assert "2 relance(s) à envoyer pour mars 2025." in out.getvalue()
    assert mail.outbox == []
    assert not TimesheetEvent.objects.filter(kind=EventKind.REMINDED).exists()
    call_command("send_timesheet_reminders", "--month", "2025-03", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_command_refuses_a_bad_month():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("send_timesheet_reminders", "--month", "mars", stdout=StringIO())


def test_billable_hours_per_employee_member_contract_and_site(month):
    entry = TimeEntry.objects.get(timesheet__member=month.member_a1, date=dt.date(2025, 3, 3))
    services.correct_entry(
        membership=membership(month.employee_user_a),
        entry=entry,
        actual_start=dt.time(8),
        actual_end=dt.time(13),
    )
    rows = {r.member_id: r for r in selectors.billable_hours(month.group_a, MARCH)}
    a1 = rows[month.member_a1.pk]
    assert (a1.employee_id, a1.contract_id, a1.site_id) == (
        month.employee_a.pk,
        month.contract_a.pk,
        month.site_a1.pk,
    )
    assert (a1.planned_minutes, a1.actual_minutes) == (5 * 240, 5 * 240 + 60)
    assert not a1.is_validated
    assert rows[month.member_a2.pk].planned_minutes == 4 * 240
    assert selectors.billable_hours(month.group_b, MARCH) == []
    lines = {line.member_id: line for line in timesheet_hours(group=month.group_a, month=MARCH)}
    assert lines[month.member_a1.pk].planned_hours == Decimal("20.00")
    assert lines[month.member_a1.pk].actual_hours is None  # not validated yet
    services.validate(membership=membership(month.contact_a1), timesheet=entry.timesheet)
    lines = {line.member_id: line for line in timesheet_hours(group=month.group_a, month=MARCH)}
    assert lines[month.member_a1.pk].actual_hours == Decimal("21.00")


@pytest.mark.parametrize(
    ("user", "members"),
    [
        ("director_a", {"member_a1", "member_a2"}),
        ("accountant_a", {"member_a1", "member_a2"}),
        ("contact_a1", {"member_a1"}),
        ("contact_a2", {"member_a2"}),
        ("employee_user_a", {"member_a1", "member_a2"}),
        ("employee_user_b", set()),
        ("director_b", set()),
        ("partner_a", set()),
    ],
)
def test_scoping(month, user, members):
    m = membership(month[user])
    expected = {month[key].pk for key in members}
    assert set(scoped(Timesheet, m).values_list("member_id", flat=True)) == expected
    assert set(scoped(TimeEntry, m).values_list("timesheet__member_id", flat=True)) == expected
    assert set(scoped(TimesheetEvent, m).values_list("timesheet__member_id", flat=True)) == expected


def test_export_rows_by_grouping(month):
    qs = Timesheet.objects.filter(group=month.group_a, month=MARCH)
    detail = selectors.export_rows(qs, "detail")
    assert [(r["member"], r["planned"]) for r in detail] == [("Adhérent A1", 1200), ("Adhérent A2", 960)]
    per_employee = selectors.export_rows(qs, "salarie")
    assert per_employee == [
        {"employee": month.employee_a.full_name, "member": "", "planned": 2160, "actual": 2160, "status": ""}
    ]
    assert [r["member"] for r in selectors.export_rows(qs, "adherent")] == ["Adhérent A1", "Adhérent A2"]
