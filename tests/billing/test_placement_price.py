"""One source for the price of an hour (issue 11, item 1; ADR 2026-12-03-placement-price).

A placement's own coefficient or hourly rate overrides the GE's rate rules: billing bills it, the
placement agreement prints it, and the invoice line explains it with the same words.
"""

import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from mutualis.billing import compute, services
from mutualis.billing.agreements import placement_agreement_pdf
from mutualis.billing.models import BillingCoefficient, BillingRun, FixedHourlyRate, Invoice, RunStatus
from mutualis.timesheets import services as timesheets
from mutualis.timesheets.models import Timesheet
from tests.factories import AssignmentFactory, AssignmentSlotFactory

MARCH = dt.date(2025, 3, 1)  # 5 Mondays, 4 Wednesdays, no public holiday
PROVIDER = "mutualis.billing.providers.timesheet_hours"


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def placed(billing, settings):
    """Contract A (12.50 €/h gross). A1: Mondays 8–12 with its own coefficient 1.955 (20 h);
    A2: Wednesdays 14–18 with its own hourly rate 24.8765 € (16 h). The GE also has an agreed rate
    and a coefficient rule that the placements override."""
    settings.MUTUALIS_BILLABLE_HOURS_PROVIDER = PROVIDER
    p = billing
    BillingCoefficient.objects.create(group=p.group_a, coefficient=D("2.5"), valid_from=dt.date(2025, 1, 1))
    FixedHourlyRate.objects.create(
        group=p.group_a,
        member=p.member_a2,
        contract=p.contract_a,
        hourly_rate=D("40"),
        valid_from=dt.date(2025, 1, 1),
    )
    p["a1"] = AssignmentFactory(
        employee=p.employee_a,
        member=p.member_a1,
        site=p.site_a1,
        contract=p.contract_a,
        billing_coefficient=D("1.955"),
    )
    AssignmentSlotFactory(assignment=p.a1, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    p["a2"] = AssignmentFactory(
        employee=p.employee_a,
        member=p.member_a2,
        site=p.site_a2,
        contract=p.contract_a,
        hourly_rate=D("24.8765"),
    )
    AssignmentSlotFactory(assignment=p.a2, weekday=2, start_time=dt.time(14), end_time=dt.time(18))
    timesheets.generate_month(group=p.group_a, month=MARCH)
    for member, contact in ((p.member_a1, p.contact_a1), (p.member_a2, p.contact_a2)):
        sheet = Timesheet.objects.get(member=member, month=MARCH)
        timesheets.validate(membership=contact.active_memberships().first(), timesheet=sheet)
    run = BillingRun.objects.create(group=p.group_a, month=MARCH)
    services.execute_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFTED, run.problems
    return p


@pytest.mark.django_db
def test_placement_coefficient_is_billed_and_printed(placed):
    """12.50 × 1.955 = 24.4375 €/h; 20 h × 24.4375 = 488.75 € (not the GE's 2.5 rule: 625.00 €)."""
    p = placed
    (line,) = Invoice.objects.get(member=p.member_a1).lines.all()
    assert (line.quantity, line.unit_price, line.amount) == (D("20.00"), D("24.4375"), D("488.75"))
    explanation = "12,50 brut × coefficient 1,955 (mise à disposition du 06/01/2025)"
    assert line.explanation == f"20 h × 24,4375 € ({explanation})"
    text = text_of(placement_agreement_pdf(member=p.member_a1, employee=p.employee_a))
    assert f"Prix de l'heure facturée : 24,4375 € HT ({explanation})" in text


@pytest.mark.django_db
def test_placement_hourly_rate_is_billed_and_printed(placed):
    """16 h × 24.8765 = 398.024 -> 398.02 € (not the GE's agreed 40 €/h for this member)."""
    p = placed
    (line,) = Invoice.objects.get(member=p.member_a2).lines.all()
    assert (line.quantity, line.unit_price, line.amount) == (D("16.00"), D("24.8765"), D("398.02"))
    assert line.explanation == "16 h × 24,8765 € (taux horaire de la mise à disposition du 06/01/2025)"
    text = text_of(placement_agreement_pdf(member=p.member_a2, employee=p.employee_a))
    assert (
        "Prix de l'heure facturée : 24,8765 € HT (taux horaire de la mise à disposition du 06/01/2025)"
        in text
    )


@pytest.mark.django_db
def test_agreement_without_own_terms_prints_the_rule_billing_uses(billing):
    """No price on the placement: the agreement prints the GE's rule (here the 2.5 coefficient)."""
    p = billing
    BillingCoefficient.objects.create(group=p.group_a, coefficient=D("2.5"), valid_from=dt.date(2025, 1, 1))
    AssignmentFactory(employee=p.employee_a, member=p.member_a1, site=p.site_a1, contract=p.contract_a)
    text = text_of(placement_agreement_pdf(member=p.member_a1, employee=p.employee_a))
    assert (
        "Prix de l'heure facturée : 31,25 € HT (12,50 brut × coefficient 2,50 (GE, depuis le 01/01/2025))"
        in text
    )


def test_two_placements_of_one_contract_at_one_member_make_two_lines():
    """Hours under a priced placement and hours under the GE's rules stay apart, aids summed per member."""
    terms = compute.ContractTerms(1, 1, "Ana Roy", "cdi", "K2204", D("12.50"))
    own = compute.PlacementTerms(coefficient=D("2"), start_date=dt.date(2025, 2, 1))
    lines = [
        compute.HourLine("m", 1, MARCH, actual_hours=D("10"), placement=own),
        compute.HourLine("m", 1, MARCH, actual_hours=D("4")),
    ]
    rates = compute.Rates(
        default_coefficient=D("1.8"),
        cost_parameters=[compute.CostParameters(dt.date(2025, 1, 1), D("30"), D("10"))],
    )
    (draft,) = compute.compute_invoices(
        month=MARCH, lines=lines, contracts={1: terms}, rates=rates, vat_subject=False
    )
    assert [(x.label, x.amount) for x in draft.lines] == [
        ("Ana Roy (mise à disposition du 01/02/2025)", D("250.00")),
        ("Ana Roy (tarif du groupement)", D("90.00")),
    ]
    assert draft.hours == D("14")


def test_at_cost_group_bills_cost_whatever_the_placement_says():
    terms = compute.ContractTerms(1, 1, "Ana Roy", "cdi", "K2204", D("10"))
    rates = compute.Rates(
        default_coefficient=D("1.8"),
        at_cost=True,
        cost_parameters=[compute.CostParameters(dt.date(2025, 1, 1), D("30"), D("10"))],
    )
    rate, method, _ = rates.billing_rate("m", terms, MARCH, compute.PlacementTerms(hourly_rate=D("99")))
    assert (rate, method) == (D("14.3000"), compute.Method.AT_COST)
