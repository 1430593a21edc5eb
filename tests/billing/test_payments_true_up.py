"""Payments, balances and the yearly true-up, computed by hand."""

import datetime
from decimal import Decimal as D

import facturx
import pytest

from mutualis.billing import documents, selectors, services
from mutualis.billing.models import (
    BillingRun,
    CreditNote,
    DocumentStatus,
    Invoice,
    InvoiceKind,
    PaymentMethod,
    YearlyCost,
)
from mutualis.employer_groups.models import VatRegime
from tests.billing.conftest import month_lines

OCT = datetime.date(2026, 10, 1)


def bill(p, month, a1, a2, hours):
    hours(p.group_a, month, month_lines(p, month, a1=a1, a2=a2))
    run = BillingRun.objects.create(group=p.group_a, month=month)
    services.execute_run(run_id=run.pk)
    services.issue_run(run=BillingRun.objects.get(pk=run.pk))


@pytest.mark.django_db
def test_payments_balances_and_unpaid(billing, hours):
    """Oct: A1 10 h × 23.375 = 233.75 HT, 280.50 TTC; A2 5 h -> 116.88 HT, 140.26 TTC.

    A1 pays 200.00: remaining 80.50; deposit 50.00 -> exposure 30.50.
    A2 gets a partial credit note 20.00 HT + 4.00 VAT = 24.00: balance 140.26 − 24.00 = 116.26.
    Usage share of hours: 10 / 15 = 66.67 %, 5 / 15 = 33.33 %.
    """
    p = billing
    p.member_a1.deposit = D("50.00")
    p.member_a1.save()
    bill(p, OCT, "10", "5", hours)
    a1 = Invoice.objects.get(member=p.member_a1)
    a2 = Invoice.objects.get(member=p.member_a2)
    services.record_payment(invoice=a1, amount="200.00", received_on=OCT, method=PaymentMethod.TRANSFER)
    with pytest.raises(services.BillingRefused, match="dépasse le reste dû"):
        services.record_payment(invoice=a1, amount="100.00", received_on=OCT, method=PaymentMethod.TRANSFER)
    services.issue_credit_note(invoice=a2, reason="Geste", lines=[("Remise", "20.00")])
    rows = {row["member"]: row for row in selectors.member_balances(p.group_a)}
    r1, r2 = rows[p.member_a1], rows[p.member_a2]
    assert (r1["invoiced"], r1["paid"], r1["balance"], r1["exposure"]) == (
        D("280.50"),
        D("200.00"),
        D("80.50"),
        D("30.50"),
    )
    assert (r2["invoiced"], r2["credited"], r2["balance"], r2["exposure"]) == (
        D("140.26"),
        D("24.00"),
        D("116.26"),
        D("116.26"),
    )
    assert (r1["usage_share"], r2["usage_share"]) == (D("66.67"), D("33.33"))
    late = selectors.unpaid_invoices(p.group_a, a1.due_date + datetime.timedelta(days=10))
    assert [(u["invoice"], u["remaining"], u["days_late"]) for u in late] == [
        (a1, D("80.50"), 10),
        (a2, D("116.26"), 10),
    ]
    # The dashboard's figures: the same invoices, counted without building them.
    assert selectors.unpaid_summary(p.group_a, a1.due_date + datetime.timedelta(days=10)) == {
        "count": 2,
        "late": 2,
        "remaining": D("196.76"),
    }
    assert selectors.unpaid_summary(p.group_a, a1.due_date, member_ids=[p.member_a1.pk]) == {
        "count": 1,
        "late": 0,
        "remaining": D("80.50"),
    }


def at_cost_year(p, hours):
    """At cost: 12.50 × 1.1 × 1.3 = 17.875 €/h.
    Jan: A1 100 h = 1787.50, A2 50 h = 893.75. Feb: A1 60 h = 1072.50, A2 40 h = 715.00.
    Billed for the year: A1 160 h, 2860.00; A2 90 h, 1608.75 (4468.75 for 250 h).
    """
    p.group_a.vat_regime = VatRegime.EXEMPT_261B
    p.group_a.save()
    bill(p, datetime.date(2026, 1, 1), "100", "50", hours)
    bill(p, datetime.date(2026, 2, 1), "60", "40", hours)


@pytest.mark.django_db
def test_true_up_extra_invoices_close_the_year(billing, hours):
    """Actual cost 4500.00: A1 160/250 = 2880.00 − 2860.00 = +20.00; A2 90/250 = 1620.00 − 1608.75 =
    +11.25. Two extra invoices, no VAT; billed + true-up = 4500.00."""
    p = billing
    at_cost_year(p, hours)
    YearlyCost.objects.create(group=p.group_a, contract=p.contract_a, year=2026, amount=D("4500.00"))
    invoices, notes = services.apply_true_up(group=p.group_a, year=2026)
    assert notes == []
    totals = {i.member: i.total_incl_tax for i in invoices}
    assert totals == {p.member_a1: D("20.00"), p.member_a2: D("11.25")}
    assert all(i.kind == InvoiceKind.TRUE_UP and i.status == DocumentStatus.ISSUED for i in invoices)
    assert all(i.vat_mention.endswith("261 B du CGI") for i in invoices)
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6]
    all_billed = sum(Invoice.objects.values_list("total_excl_tax", flat=True))
    assert all_billed == D("4500.00")
    with pytest.raises(services.BillingRefused, match="déjà été régularisée"):
        services.apply_true_up(group=p.group_a, year=2026)


@pytest.mark.django_db
def test_true_up_credit_notes_when_costs_were_lower(billing, hours):
    """Actual cost 4400.00: A1 160/250 = 2816.00 − 2860.00 = −44.00; A2 90/250 = 1584.00 − 1608.75 =
    −24.75: two credit notes of 44.00 and 24.75; billed − credited = 4400.00."""
    p = billing
    at_cost_year(p, hours)
    YearlyCost.objects.create(group=p.group_a, contract=p.contract_a, year=2026, amount=D("4400.00"))
    invoices, notes = services.apply_true_up(group=p.group_a, year=2026)
    assert invoices == []
    assert {n.member: n.total_incl_tax for n in notes} == {p.member_a1: D("44.00"), p.member_a2: D("24.75")}
    assert all(n.true_up_year == 2026 and n.invoice is None for n in notes)
    billed = sum(Invoice.objects.values_list("total_excl_tax", flat=True))
    credited = sum(CreditNote.objects.values_list("total_excl_tax", flat=True))
    assert billed - credited == D("4400.00")
    data = documents.render_facturx(notes[0])
    xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=False)[1]
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")


@pytest.mark.django_db
def test_true_up_needs_an_at_cost_ge_and_every_cost(billing, hours):
    p = billing
    with pytest.raises(services.BillingRefused):
        services.apply_true_up(group=p.group_a, year=2026)
    at_cost_year(p, hours)
    from mutualis.billing.compute import MissingParameterError

    with pytest.raises(MissingParameterError, match="coût réel de l'année manquant"):
        services.apply_true_up(group=p.group_a, year=2026)


@pytest.mark.django_db
def test_dashboard_shows_the_unpaid_invoices(billing, hours, client):
    """The home page's figures (to-do, director's task and exposure) are those of `unpaid_invoices`."""
    from django.utils import timezone

    p = billing
    bill(p, OCT, "10", "5", hours)
    a1 = Invoice.objects.get(member=p.member_a1)
    services.record_payment(invoice=a1, amount="200.00", received_on=OCT, method=PaymentMethod.TRANSFER)
    unpaid = selectors.unpaid_invoices(p.group_a, timezone.localdate())
    late = sum(1 for row in unpaid if row["days_late"] > 0)
    client.force_login(p.director_a)
    response = client.get("/")
    assert response.context["todo"]["unpaid_count"] == len(unpaid) == 2
    assert response.context["todo"]["unpaid_late"] == late
    assert response.context["indicators"]["exposure"] == sum(row["remaining"] for row in unpaid)
    tasks = [task["text"] for task in response.context["tasks"]]
    assert any("en retard de paiement" in text for text in tasks) == bool(late)
