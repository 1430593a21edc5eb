"""Equal-treatment check, the GE's economic model, payroll variables and accounting CSV, by hand."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from mutualis.billing import reports
from mutualis.billing.compute import HourLine
from mutualis.billing.models import Invoice, MembershipFee, ReferencePay, Subsidy, YearlyCost
from tests.billing.conftest import month_lines
from tests.billing.helpers import bill

OCT = datetime.date(2026, 10, 1)
NOV = datetime.date(2026, 11, 1)


def reference(p, member, pay, valid_from, **kwargs):
    kwargs.setdefault("job_title", "Agent d'entretien")
    return ReferencePay.objects.create(
        group=p.group_a, member=member, hourly_pay=D(pay), valid_from=valid_from, **kwargs
    )


@pytest.mark.django_db
def test_equal_treatment_bonus_pro_rata_of_time_at_each_member(billing, hours):
    """GE pay 12.50 €/h. A1 (ROME K2204): 14.00 from January, 15.00 from November.
    Oct 10 h × (14.00 − 12.50) = 15.00; Nov 4 h × (15.00 − 12.50) = 10.00.
    A2 (same job title, no ROME): 12.00 < 12.50 -> no bonus on its 5 h. Total due 25.00."""
    p = billing
    reference(p, p.member_a1, "14.00", datetime.date(2026, 1, 1), rome_code="K2204")
    reference(p, p.member_a1, "15.00", NOV, rome_code="K2204")
    reference(p, p.member_a2, "12.00", datetime.date(2026, 1, 1))
    bill(p, OCT, hours)
    bill(p, NOV, hours, lines=[HourLine(p.member_a1.pk, p.contract_a.pk, NOV, actual_hours=D("4"))])
    rows = reports.equal_treatment(p.group_a, 2026)
    summary = [(r.member, r.hours, r.reference_hourly_pay, r.gap_per_hour, r.bonus_due) for r in rows]
    assert summary == [
        ("Adhérent A1", D("10"), D("14.0000"), D("1.5000"), D("15.00")),
        ("Adhérent A1", D("4"), D("15.0000"), D("2.5000"), D("10.00")),
        ("Adhérent A2", D("5"), D("12.0000"), D("0"), D("0.00")),
    ]
    assert reports.equal_treatment_totals(rows)["bonus_due"] == D("25.00")


@pytest.mark.django_db
def test_equal_treatment_page_shows_missing_references(client, billing, hours):
    p = billing
    bill(p, OCT, hours)
    client.force_login(p.planner_a)
    page = client.get(reverse("billing:equal_treatment"), {"year": "2026"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "référence non saisie" in body and "Adhérent A2" in body
    client.force_login(p.contact_a1)
    assert client.get(reverse("billing:equal_treatment")).status_code == 404


@pytest.mark.django_db
def test_economic_model_revenue_costs_and_break_even(billing, hours):
    """Oct: A1 10 h = 233.75 + fee 50.00; A2 5 h = 116.88; subsidy 100.00 shared 66.67 / 33.33.
    Revenue: hours 233.75 + 116.88 − 100.00 = 250.63; subsidies 100.00; fees 50.00; total 400.63.
    Wage mass 15 h × 12.50 = 187.50. Payroll estimated 15 h × 17.875 = 268.125 -> 268.13; overheads 60.
    Costs 328.13; result 72.50. Average coefficient (250.63 + 100) / 187.50 = 1.870;
    break-even (328.13 − 50.00) / 187.50 = 1.48336 -> 1.483."""
    p = billing
    MembershipFee.objects.create(group=p.group_a, member=p.member_a1, year=2026, amount=D("50"))
    Subsidy.objects.create(group=p.group_a, label="Subvention région", month=OCT, amount=D("100"))
    bill(p, OCT, hours)
    model = reports.economic_model(p.group_a, 2026, overheads=D("60"))
    assert model.revenue == {
        "hours": D("250.63"),
        "aids": D("0.00"),
        "subsidies": D("100.00"),
        "fees": D("50.00"),
    }
    assert (model.total_revenue, model.wage_mass, model.costs["payroll"]) == (
        D("400.63"),
        D("187.50"),
        D("268.13"),
    )
    assert (model.total_costs, model.result) == (D("328.13"), D("72.50"))
    assert (model.average_coefficient, model.break_even_coefficient) == (D("1.870"), D("1.483"))
    assert model.estimated_contracts == 1
    assert model.monthly_revenue[9] == (OCT, D("300.63"))  # invoiced net of deductions
    YearlyCost.objects.create(group=p.group_a, contract=p.contract_a, year=2026, amount=D("300"))
    actual = reports.economic_model(p.group_a, 2026)
    assert (actual.costs["payroll"], actual.estimated_contracts) == (D("300"), 0)


@pytest.mark.django_db
def test_economic_model_page_draws_accessible_charts(client, billing, hours):
    p = billing
    bill(p, OCT, hours)
    client.force_login(p.accountant_a)
    page = client.get(reverse("billing:economic_model"), {"year": "2026", "overheads": "100"})
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("<svg") == 3 and body.count('role="img"') == 3
    assert 'aria-labelledby="chart-revenue-title chart-revenue-desc"' in body
    assert "coefficient du point mort" in body and "<script" not in body.split("<main")[1]
    bad = client.get(reverse("billing:economic_model"), {"year": "2026", "overheads": "-5"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_payroll_variables_per_employee_with_bonus(client, billing, hours):
    """Oct: 10 h at A1 + 5 h at A2 = 15 h actual. A1's reference 14.00: 10 × 1.50 = 15.00 bonus."""
    p = billing
    reference(p, p.member_a1, "14.00", datetime.date(2026, 1, 1), rome_code="K2204")
    hours(p.group_a, OCT, month_lines(p, OCT))
    (row,) = reports.payroll_variables(p.group_a, OCT)
    assert (row.hours, row.actual, row.members, row.equal_treatment_bonus) == (
        D("15"),
        True,
        "Adhérent A1, Adhérent A2",
        D("15.00"),
    )
    hours(p.group_a, OCT, [HourLine(p.member_a1.pk, p.contract_a.pk, OCT, planned_hours=D("12"))])
    (planned,) = reports.payroll_variables(p.group_a, OCT)
    assert (planned.hours, planned.actual) == (D("12"), False)
    client.force_login(p.accountant_a)
    csv = client.get(reverse("billing:payroll_export"), {"month": "2026-10", "_export": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Salarié;Contrat;Mois;Heures")
    assert "2026-10" in text and "non (heures prévues)" in text
    xlsx = client.get(reverse("billing:payroll_export"), {"month": "2026-10", "_export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("billing:payroll_export"), {"month": "octobre"}).status_code == 400


@pytest.mark.django_db
def test_accounting_entries_as_csv(client, billing, hours):
    p = billing
    bill(p, OCT, hours)
    day = Invoice.objects.first().issue_date.isoformat()
    client.force_login(p.accountant_a)
    response = client.get(reverse("billing:accounting_export"), {"start": day, "end": day, "layout": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("JournalCode;JournalLib;EcritureNum")
    assert len(lines) == 1 + 2 * 3  # two invoices, three rows each (customer, revenue, VAT)
    assert "280,50" in lines[1]


@pytest.mark.django_db
def test_report_pages_query_counts(client, billing, hours, django_assert_max_num_queries):
    p = billing
    reference(p, p.member_a1, "14.00", datetime.date(2026, 1, 1), rome_code="K2204")
    for month in (1, 2, 3):
        bill(p, datetime.date(2026, month, 1), hours)
    client.force_login(p.director_a)
    for name in ("billing:equal_treatment", "billing:economic_model"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name), {"year": "2026"}).status_code == 200, name
