"""The billing run on the database: drafts, guards, once per member and month, issuing."""

import datetime
from decimal import Decimal as D

import pytest

from mutualis.billing import services
from mutualis.billing.models import (
    BillingCoefficient,
    BillingMode,
    BillingRun,
    DocumentStatus,
    Invoice,
    MembershipFee,
    RunStatus,
    Subsidy,
)
from mutualis.jobs.models import Job, JobStatus
from tests.billing.conftest import month_lines

OCT = datetime.date(2026, 10, 1)
NOV = datetime.date(2026, 11, 1)


@pytest.mark.django_db
def test_run_as_job_creates_drafts_per_member(billing, hours, django_capture_on_commit_callbacks):
    """12.50 €/h × 1.87 = 23.375 -> 23.3750 €/h. A1: 10 h -> 233.75 + fee 50.00 = 283.75, VAT 56.75.
    A2: 5 h -> 116.875 -> 116.88, VAT 23.376 -> 23.38; TTC 140.26.
    """
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    MembershipFee.objects.create(group=p.group_a, member=p.member_a1, year=2026, amount=D("50"))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(group=p.group_a, month=datetime.date(2026, 10, 17), user=p.director_a)
    run.refresh_from_db()
    assert run.month == OCT and run.status == RunStatus.DRAFTED
    job = Job.objects.get(pk=run.job_id)
    assert job.status == JobStatus.SUCCEEDED and job.result["invoices"] == 2
    a1 = Invoice.objects.get(member=p.member_a1)
    assert [line.amount for line in a1.lines.all()] == [D("233.75"), D("50.00")]
    assert (a1.total_excl_tax, a1.vat_amount, a1.total_incl_tax) == (D("283.75"), D("56.75"), D("340.50"))
    a2 = Invoice.objects.get(member=p.member_a2)
    assert (a2.total_excl_tax, a2.vat_amount, a2.total_incl_tax) == (D("116.88"), D("23.38"), D("140.26"))
    assert a1.status == DocumentStatus.DRAFT and a1.number == ""


@pytest.mark.django_db
def test_month_billed_once_per_member(billing, hours):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    first = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=first.pk)
    second = BillingRun.objects.create(group=p.group_a, month=OCT)
    result = services.execute_run(run_id=second.pk)
    assert result["invoices"] == 0 and result["skipped"] == 2
    assert Invoice.objects.filter(period=OCT).count() == 2
    second.refresh_from_db()
    assert second.problems == ["Adhérent A1 : mois déjà facturé", "Adhérent A2 : mois déjà facturé"]


@pytest.mark.django_db
def test_below_cost_blocks_the_run_and_lists_lines(billing, hours):
    """Coefficient 1.30 × 12.50 = 16.25 €/h < cost 12.50 × 1.1 × 1.3 = 17.875 €/h: nothing is saved."""
    p = billing
    BillingCoefficient.objects.create(
        group=p.group_a, coefficient=D("1.30"), valid_from=OCT, contract_kind="cdi"
    )
    hours(p.group_a, OCT, month_lines(p, OCT))
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    result = services.execute_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.BLOCKED and result["blocked"] == "below_cost"
    assert len(run.problems) == 2
    assert "taux 16,25 € < coût horaire 17,875 €" in run.problems[0]
    assert not Invoice.objects.exists()


@pytest.mark.django_db
def test_subsidy_redistributed_pro_rata(billing, hours):
    """Subsidy 100.00 € over all hours: A1 10 h -> 66.666… A2 5 h -> 33.333…; cents: 6666.67 / 3333.33
    floors 6666 / 3333, the cent left to the larger fraction (.67): 66.67 and 33.33.
    """
    p = billing
    Subsidy.objects.create(group=p.group_a, label="Subvention région", month=OCT, amount=D("100"))
    hours(p.group_a, OCT, month_lines(p, OCT))
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    a1 = Invoice.objects.get(member=p.member_a1)
    a2 = Invoice.objects.get(member=p.member_a2)
    assert [line.amount for line in a1.lines.all()] == [D("233.75"), D("-66.67")]
    assert [line.amount for line in a2.lines.all()] == [D("116.88"), D("-33.33")]


@pytest.mark.django_db
def test_planned_then_actual_across_two_runs(billing, hours):
    """October on planned hours (A1 10 h -> 233.75); November settles October's actual 12 h:
    12 × 23.375 = 280.50 − 233.75 = +46.75; November planned 8 h -> 187.00. Total 233.75.
    """
    p = billing
    from mutualis.billing.compute import HourLine

    c = p.contract_a.pk
    hours(p.group_a, OCT, [HourLine(p.member_a1.pk, c, OCT, planned_hours=D("10"))])
    october = BillingRun.objects.create(group=p.group_a, month=OCT, mode=BillingMode.PLANNED_THEN_ACTUAL)
    services.execute_run(run_id=october.pk)
    assert Invoice.objects.get(period=OCT).total_excl_tax == D("233.75")
    hours(p.group_a, OCT, [HourLine(p.member_a1.pk, c, OCT, planned_hours=D("10"), actual_hours=D("12"))])
    hours(p.group_a, NOV, [HourLine(p.member_a1.pk, c, NOV, planned_hours=D("8"))])
    november = BillingRun.objects.create(group=p.group_a, month=NOV, mode=BillingMode.PLANNED_THEN_ACTUAL)
    services.execute_run(run_id=november.pk)
    invoice = Invoice.objects.get(period=NOV)
    assert [line.amount for line in invoice.lines.all()] == [D("187.00"), D("46.75")]
    assert invoice.total_excl_tax == D("233.75")
