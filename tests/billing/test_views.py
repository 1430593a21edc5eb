"""Billing pages: who sees and does what; foreign invoices are 404; downloads are real PDFs."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from facturx import get_facturx_xml_from_pdf

from mutualis.billing import services
from mutualis.billing.models import BillingRun, CreditNote, DocumentStatus, Invoice
from tests.billing.conftest import month_lines

OCT = datetime.date(2026, 10, 1)


def issued_month(p, hours):
    hours(p.group_a, OCT, month_lines(p, OCT))
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    return BillingRun.objects.get(pk=run.pk)


@pytest.mark.django_db
def test_director_starts_a_run_and_issues_it(client, billing, hours, django_capture_on_commit_callbacks):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    client.force_login(p.director_a)
    assert client.get(reverse("billing:runs")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("billing:run_start"), {"month": "2026-10", "mode": "actual"})
    run = BillingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "billing:run_detail", args=[run.public_id]
    )
    page = client.get(reverse("billing:run_detail", args=[run.public_id]))
    body = page.content.decode()
    assert page.status_code == 200 and "Adhérent A1" in body
    # Issuing asks for confirmation, with the count and the amount.
    assert "2 factures seront émises pour un total de" in body
    client.post(reverse("billing:run_issue", args=[run.public_id]))
    assert set(Invoice.objects.values_list("status", flat=True)) == {DocumentStatus.DRAFT}
    client.post(reverse("billing:run_issue", args=[run.public_id]), {"confirm": "on"})
    assert set(Invoice.objects.values_list("status", flat=True)) == {DocumentStatus.ISSUED}


@pytest.mark.django_db
def test_bad_month_is_named(client, billing):
    client.force_login(billing.director_a)
    response = client.post(reverse("billing:run_start"), {"month": "octobre", "mode": "actual"})
    assert response.status_code == 400
    assert "Mois à facturer" in response.content.decode()
    assert not BillingRun.objects.exists()


@pytest.mark.django_db
def test_planner_reads_but_cannot_run(client, billing, hours):
    """Billing is the finance side: the planner reads it; director and accountant run it."""
    p = billing
    run = issued_month(p, hours)
    client.force_login(p.planner_a)
    assert client.get(reverse("billing:runs")).status_code == 200
    assert client.get(reverse("billing:run_detail", args=[run.public_id])).status_code == 200
    assert (
        client.post(reverse("billing:run_start"), {"month": "2026-10", "mode": "actual"}).status_code == 403
    )
    assert (
        client.post(reverse("billing:run_issue", args=[run.public_id]), {"confirm": "on"}).status_code == 403
    )
    assert client.get(reverse("billing:balances")).status_code == 200


@pytest.mark.django_db
def test_invoice_detail_pdf_facturx_and_credit_note(client, billing, hours):
    p = billing
    services.issue_run(run=issued_month(p, hours))
    invoice = Invoice.objects.get(member=p.member_a1)
    client.force_login(p.director_a)
    page = client.get(reverse("billing:invoice_detail", args=[invoice.public_id]))
    assert page.status_code == 200 and "10 h × 23,375" in page.content.decode()
    pdf = client.get(reverse("billing:invoice_pdf", args=[invoice.public_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    facturx = client.get(reverse("billing:invoice_facturx", args=[invoice.public_id]))
    assert facturx.status_code == 200
    assert get_facturx_xml_from_pdf(facturx.content, check_xsd=False)[0] == "factur-x.xml"
    listing = client.get(reverse("billing:invoices") + "?_export=csv")
    assert invoice.number in listing.content.decode()
    client.post(
        reverse("billing:credit_note_create", args=[invoice.public_id]), {"reason": "Erreur d'heures"}
    )
    note = CreditNote.objects.get()
    assert client.get(reverse("billing:credit_note_pdf", args=[note.public_id])).status_code == 200


@pytest.mark.django_db
def test_member_contact_sees_only_own_issued_invoices(client, billing, hours):
    p = billing
    run = issued_month(p, hours)
    a1 = Invoice.objects.get(member=p.member_a1)
    a2 = Invoice.objects.get(member=p.member_a2)
    client.force_login(p.contact_a1)
    assert client.get(reverse("billing:invoice_detail", args=[a1.public_id])).status_code == 404  # draft
    services.issue_run(run=run)
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert client.get(reverse("billing:invoice_detail", args=[a1.public_id])).status_code == 200
    assert client.get(reverse("billing:invoice_pdf", args=[a1.public_id])).status_code == 200
    assert client.get(reverse("billing:invoice_detail", args=[a2.public_id])).status_code == 404
    listing = client.get(reverse("billing:invoices")).content.decode()
    assert a1.number in listing and a2.number not in listing
    assert client.get(reverse("billing:runs")).status_code == 404
    assert (
        client.post(reverse("billing:credit_note_create", args=[a1.public_id]), {"reason": "x"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_other_ge_gets_404(client, billing, hours):
    p = billing
    run = issued_month(p, hours)
    services.issue_run(run=run)
    invoice = Invoice.objects.get(member=p.member_a1)
    client.force_login(p.director_b)
    for name, args in [
        ("billing:run_detail", [run.public_id]),
        ("billing:invoice_detail", [invoice.public_id]),
        ("billing:invoice_pdf", [invoice.public_id]),
        ("billing:invoice_facturx", [invoice.public_id]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("billing:run_issue", args=[run.public_id])).status_code == 404
    assert (
        client.post(
            reverse("billing:credit_note_create", args=[invoice.public_id]), {"reason": "x"}
        ).status_code
        == 404
    )
    client.force_login(p.employee_user_a)
    assert client.get(reverse("billing:invoices")).status_code == 404
    assert client.get(reverse("billing:invoice_detail", args=[invoice.public_id])).status_code == 404


@pytest.mark.django_db
def test_invoice_list_query_count(client, billing, hours, django_assert_max_num_queries):
    p = billing
    issued_month(p, hours)
    client.force_login(p.director_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("billing:invoices")).status_code == 200


@pytest.mark.django_db
def test_aids_report_and_accounting_export_pages(client, billing, hours):
    p = billing
    services.issue_run(run=issued_month(p, hours))
    client.force_login(p.accountant_a)
    assert client.get(reverse("billing:aids") + "?year=2026").status_code == 200
    assert client.get(reverse("billing:accounting_export")).status_code == 200
    today = Invoice.objects.first().issue_date.isoformat()
    response = client.get(reverse("billing:accounting_export"), {"start": today, "end": today})
    assert response.status_code == 200 and response.content.decode().startswith("JournalCode|")
    bad = client.get(reverse("billing:accounting_export"), {"start": today, "end": "2000-01-01"})
    assert bad.status_code == 400 and "La date de fin précède" in bad.content.decode()
    client.force_login(p.contact_a1)
    assert client.get(reverse("billing:aids")).status_code == 404
    assert client.get(reverse("billing:accounting_export")).status_code == 404


@pytest.mark.django_db
def test_partial_credit_note_on_chosen_hours_from_the_invoice_page(client, billing, hours):
    """10 h billed at 23.375 €; 1.5 h taken back: 35.0625 -> 35.06 € excl. tax; the invoice stays issued."""
    p = billing
    services.issue_run(run=issued_month(p, hours))
    invoice = Invoice.objects.get(member=p.member_a1)
    client.force_login(p.accountant_a)
    page = client.get(reverse("billing:invoice_detail", args=[invoice.public_id])).content.decode()
    assert "Corriger des heures par un avoir partiel" in page
    url = reverse("billing:credit_note_create", args=[invoice.public_id])
    too_many = client.post(url, {"partiel-reason": "Erreur", "partiel-hours_1": "11"}, follow=True)
    assert not CreditNote.objects.exists() and "10" in too_many.content.decode()
    client.post(url, {"partiel-reason": "Une heure et demie comptée deux fois", "partiel-hours_1": "1.5"})
    note = CreditNote.objects.get()
    (line,) = note.lines.all()
    assert line.amount == D("35.06") and line.label.startswith("Heures retirées : 1,50 h × 23,375 €")
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.ISSUED and not note.cancels_invoice
