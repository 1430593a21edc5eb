"""Timesheets as the hours source: assignments -> generated timesheets -> validated -> billing run."""

import datetime as dt
from decimal import Decimal as D

import pytest

from mutualis.billing import providers, services
from mutualis.billing.models import BillingMode, BillingRun, Invoice, RunStatus
from mutualis.timesheets import services as timesheets
from mutualis.timesheets.models import TimeEntry, Timesheet
from tests.factories import AssignmentFactory, AssignmentSlotFactory

MARCH = dt.date(2025, 3, 1)  # no public holiday in March 2025
PROVIDER = "mutualis.billing.providers.timesheet_hours"


def membership(user):
    return user.active_memberships().first()


@pytest.fixture
def planned(billing, settings):
    """Employee a: member a1 on Mondays 8–12 (5 Mondays = 20 h), member a2 on Wednesdays 14–18 (4 = 16 h)."""
    settings.MUTUALIS_BILLABLE_HOURS_PROVIDER = PROVIDER
    p = billing
    a1 = AssignmentFactory(employee=p.employee_a, member=p.member_a1, site=p.site_a1, contract=p.contract_a)
    AssignmentSlotFactory(assignment=a1, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    a2 = AssignmentFactory(employee=p.employee_a, member=p.member_a2, site=p.site_a2, contract=p.contract_a)
    AssignmentSlotFactory(assignment=a2, weekday=2, start_time=dt.time(14), end_time=dt.time(18))
    timesheets.generate_month(group=p.group_a, month=MARCH)
    return p


def run(p, mode=BillingMode.ACTUAL):
    billing_run = BillingRun.objects.create(group=p.group_a, month=MARCH, mode=mode)
    result = services.execute_run(run_id=billing_run.pk)
    billing_run.refresh_from_db()
    return billing_run, result


@pytest.mark.django_db
def test_validated_timesheets_become_invoice_lines(planned):
    """A1: 4 Mondays × 240 min + 10 March corrected to 8:30–12:15 (225 min) = 1185 min = 19.75 h;
    19.75 × 23.375 = 461.65625 -> 461.66. A2: 4 Wednesdays × 4 h = 16 h × 23.375 = 374.00."""
    p = planned
    entry = TimeEntry.objects.get(timesheet__member=p.member_a1, date=dt.date(2025, 3, 10))
    timesheets.correct_entry(
        membership=membership(p.employee_user_a),
        entry=entry,
        actual_start=dt.time(8, 30),
        actual_end=dt.time(12, 15),
    )
    sheet_a1 = Timesheet.objects.get(member=p.member_a1, month=MARCH)
    timesheets.validate(membership=membership(p.contact_a1), timesheet=sheet_a1)

    # A2's timesheet is not validated yet: the run on actual hours stops and names the employee.
    blocked, result = run(p)
    assert blocked.status == RunStatus.BLOCKED and not Invoice.objects.exists()
    assert blocked.problems == [f"{p.employee_a.full_name} (03/2025) : heures réelles manquantes"]

    sheet_a2 = Timesheet.objects.get(member=p.member_a2, month=MARCH)
    timesheets.validate(membership=membership(p.contact_a2), timesheet=sheet_a2)
    billing_run, result = run(p)
    assert billing_run.status == RunStatus.DRAFTED and result["invoices"] == 2
    a1 = Invoice.objects.get(member=p.member_a1)
    (line,) = a1.lines.all()
    assert (line.quantity, line.unit_price, line.amount) == (D("19.75"), D("23.3750"), D("461.66"))
    assert a1.hours == D("19.75")
    a2 = Invoice.objects.get(member=p.member_a2)
    assert [(x.quantity, x.amount) for x in a2.lines.all()] == [(D("16.00"), D("374.00"))]


@pytest.mark.django_db
def test_planned_hours_bill_before_validation(planned):
    """Planned-then-actual: the month's planned hours (20 h and 16 h) are billed without validation."""
    p = planned
    billing_run, _ = run(p, BillingMode.PLANNED_THEN_ACTUAL)
    assert billing_run.status == RunStatus.DRAFTED
    assert Invoice.objects.get(member=p.member_a1).hours == D("20.00")
    assert Invoice.objects.get(member=p.member_a2).hours == D("16.00")


@pytest.mark.django_db
def test_minutes_rounded_once_per_member_and_contract(planned):
    """Minutes are summed per member × contract, then rounded once: two 20-minute rows make
    40 min = 0.67 h, where rounding each row apart would give 0.33 + 0.33 = 0.66."""
    lines = providers.timesheet_hours(group=planned.group_a, month=MARCH)
    assert {(line.member_id, line.planned_hours) for line in lines} == {
        (planned.member_a1.pk, D("20.00")),
        (planned.member_a2.pk, D("16.00")),
    }
    assert providers.minutes_to_hours(40) == D("0.67")
    assert providers.minutes_to_hours(20) == D("0.33")
    assert providers.minutes_to_hours(1185) == D("19.75")


@pytest.mark.django_db
def test_timesheet_without_contract_blocks_the_run(planned):
    p = planned
    Timesheet.objects.filter(member=p.member_a2).update(contract=None)
    billing_run, _ = run(p, BillingMode.PLANNED_THEN_ACTUAL)
    assert billing_run.status == RunStatus.BLOCKED
    assert billing_run.problems == [
        f"relevé de {p.employee_a.full_name} sans contrat (03/2025) : aucun contrat de travail à facturer"
    ]
