"""Billing API: runs, invoices (lines, totals, PDF, Factur-X), credit notes, payments; same rights as pages."""

# The `billing` and `hours` fixtures are imported from tests/billing/conftest.py; test parameters
# naming them are not redefinitions.
# ruff: noqa: F811

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from facturx import get_facturx_xml_from_pdf

from mutualis.billing import services
from mutualis.billing.models import BillingRun, Invoice, Payment
from tests.billing.conftest import billing, hours, month_lines  # noqa: F401 (fixtures shared with tests/billing)
from tests.billing.helpers import bill

OCT = datetime.date(2026, 10, 1)
RUNS = reverse("api:billing-run-list")
INVOICES = reverse("api:invoice-list")
PAYMENTS = reverse("api:payment-list")
CREDIT_NOTES = reverse("api:credit-note-list")


def detail(name, obj, action=None):
    return reverse(f"api:{name}-{action or 'detail'}", kwargs={"public_id": obj.public_id})


@pytest.mark.django_db
def test_writers_start_a_run_and_follow_it(billing, hours, api, django_capture_on_commit_callbacks):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    assert api("planner_a").post(RUNS, {"month": "2026-10"}, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api("accountant_a").post(RUNS, {"month": "2026-10", "mode": "actual"}, format="json")
    assert response.status_code == 201
    run = BillingRun.objects.get(public_id=response.json()["id"])
    body = api("accountant_a").get(detail("billing-run", run)).json()
    assert (body["status"], body["progress"], body["month"]) == ("drafted", 100, "2026-10-01")
    assert len(body["invoices"]) == 2
    assert api("planner_a").post(detail("billing-run", run, "issue")).status_code == 403
    issued = api("director_a").post(detail("billing-run", run, "issue"))
    assert issued.status_code == 200 and len(issued.json()["issued"]) == 2
    again = api("director_a").post(detail("billing-run", run, "issue"))
    assert again.status_code == 400 and "pas de brouillons" in again.json()["non_field_errors"][0]
    assert api("director_b").get(detail("billing-run", run)).status_code == 404
    assert api("contact_a1").get(RUNS).json()["results"] == []
    bad = api("director_a").post(RUNS, {"month": "octobre"}, format="json")
    assert bad.status_code == 400 and "month" in bad.json()


@pytest.mark.django_db
def test_invoice_json_has_lines_and_totals(billing, hours, api):
    """A1: 10 h × 23.3750 = 233.75 HT, VAT 46.75, 280.50 TTC."""
    p = billing
    bill(p, OCT, hours)
    invoice = Invoice.objects.get(member=p.member_a1)
    body = api("accountant_a").get(detail("invoice", invoice)).json()
    assert (body["number"], body["total_excl_tax"], body["vat_amount"], body["total_incl_tax"]) == (
        invoice.number,
        "233.75",
        "46.75",
        "280.50",
    )
    (line,) = body["lines"]
    assert (line["quantity"], line["unit_price"], line["amount"]) == ("10.00", "23.3750", "233.75")
    assert line["explanation"].startswith("10 h × 23,375 €")
    pdf = api("contact_a1").get(detail("invoice", invoice, "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    facturx = api("director_a").get(detail("invoice", invoice, "facturx"))
    assert get_facturx_xml_from_pdf(facturx.content, check_xsd=False)[0] == "factur-x.xml"


@pytest.mark.django_db
def test_invoice_visibility_follows_the_pages(billing, hours, api):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    a1 = Invoice.objects.get(member=p.member_a1)
    a2 = Invoice.objects.get(member=p.member_a2)
    contact = api("contact_a1")
    assert contact.get(INVOICES).json()["results"] == []  # drafts stay with the GE
    assert contact.get(detail("invoice", a1)).status_code == 404
    assert api("director_a").get(detail("invoice", a1, "facturx")).status_code == 404  # no Factur-X draft
    services.issue_run(run=BillingRun.objects.get(pk=run.pk))
    assert [row["id"] for row in contact.get(INVOICES).json()["results"]] == [str(a1.public_id)]
    assert contact.get(detail("invoice", a2)).status_code == 404
    for name in ("director_b", "employee_user_a", "partner_a", "outsider"):
        assert api(name).get(detail("invoice", a1)).status_code == 404, name
        assert api(name).get(detail("invoice", a1, "pdf")).status_code == 404, name
    assert api("director_a").post(INVOICES, {}, format="json").status_code == 405


@pytest.mark.django_db
def test_credit_notes_listed_with_their_invoice(billing, hours, api):
    p = billing
    bill(p, OCT, hours)
    invoice = Invoice.objects.get(member=p.member_a1)
    note = services.issue_credit_note(invoice=invoice, reason="Erreur d'heures")
    rows = api("contact_a1").get(CREDIT_NOTES).json()["results"]
    assert [(r["number"], r["invoice_number"], r["total_incl_tax"]) for r in rows] == [
        (note.number, invoice.number, "280.50")
    ]
    assert api("contact_a2").get(detail("credit-note", note)).status_code == 404
    assert api("accountant_a").get(detail("credit-note", note, "facturx")).status_code == 200


@pytest.mark.django_db
def test_finance_roles_record_payments(billing, hours, api):
    p = billing
    bill(p, OCT, hours)
    invoice = Invoice.objects.get(member=p.member_a1)
    data = {
        "invoice": str(invoice.public_id),
        "amount": "200.00",
        "received_on": "2026-11-05",
        "method": "cheque",
    }
    assert api("planner_a").post(PAYMENTS, data, format="json").status_code == 403
    assert api("contact_a1").post(PAYMENTS, data, format="json").status_code == 403
    foreign = api("director_b").post(PAYMENTS, data, format="json")
    assert foreign.status_code == 400 and "invoice" in foreign.json()
    response = api("accountant_a").post(PAYMENTS, data, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "200.00"
    too_much = api("director_a").post(PAYMENTS, {**data, "amount": "100.00"}, format="json")
    assert too_much.status_code == 400 and "dépasse le reste dû" in too_much.json()["amount"][0]
    assert Payment.objects.get().amount == D("200.00")
    assert len(api("contact_a1").get(PAYMENTS).json()["results"]) == 1
    assert api("contact_a2").get(PAYMENTS).json()["results"] == []


@pytest.mark.django_db
def test_invoice_list_query_count(billing, hours, api, django_assert_max_num_queries):
    p = billing
    bill(p, OCT, hours)
    bill(p, datetime.date(2026, 11, 1), hours)
    client = api("accountant_a")
    with django_assert_max_num_queries(10):
        assert len(client.get(INVOICES).json()["results"]) == 4
