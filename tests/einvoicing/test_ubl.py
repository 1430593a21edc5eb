"""The UBL 2.1 export passes the same published rules as the Factur-X: EN 16931 (UBL binding) and the
French blocking rules (BR-FR, FNFE-MPE v1.4), for every document kind; and it is downloadable."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from lxml import etree
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.billing import services
from mutualis.billing.models import YearlyCost
from mutualis.billing.ubl import NS, ubl_xml
from mutualis.employer_groups.models import VatRegime
from mutualis.members.models import MemberKind
from tests.billing.conftest import month_lines
from tests.billing.test_documents import OCT, issued
from tests.billing.test_payments_true_up import at_cost_year
from tests.einvoicing.rules import failed_rules, needs_rules


@pytest.fixture
def vat_invoice(billing, hours):
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    return issued(billing, None)


@needs_rules
@pytest.mark.django_db
def test_ubl_invoice_with_vat_passes_en16931_and_br_fr(vat_invoice):
    assert failed_rules(ubl_xml(vat_invoice), kind="ubl") == []


@needs_rules
@pytest.mark.django_db
def test_ubl_261b_invoice_passes_en16931_and_br_fr(billing, hours):
    billing.group_a.vat_regime = VatRegime.EXEMPT_261B
    billing.group_a.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    xml = ubl_xml(issued(billing, None))
    assert failed_rules(xml, kind="ubl") == []
    assert b"VATEX-FR-CGI261B" in xml and b"#BAR#OUTOFSCOPE" in xml


@needs_rules
@pytest.mark.django_db
def test_ubl_b2g_invoice_passes_en16931_and_br_fr(billing, hours):
    billing.member_a1.kind = MemberKind.PUBLIC_BODY
    billing.member_a1.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    xml = ubl_xml(issued(billing, None))
    assert failed_rules(xml, kind="ubl") == [] and b"#BAR#B2B" in xml


@needs_rules
@pytest.mark.django_db
def test_ubl_credit_note_references_its_invoice_and_passes(vat_invoice):
    note = services.issue_credit_note(invoice=vat_invoice, reason="Heures contestées")
    xml = ubl_xml(note)
    assert failed_rules(xml, kind="ubl") == []
    root = etree.fromstring(xml)
    assert root.findtext(".//cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=NS) == (
        vat_invoice.number
    )


@needs_rules
@pytest.mark.django_db
def test_ubl_true_up_documents_pass(billing, hours):
    at_cost_year(billing, hours)
    YearlyCost.objects.create(
        group=billing.group_a, contract=billing.contract_a, year=2026, amount=D("4400.00")
    )
    invoices, notes = services.apply_true_up(group=billing.group_a, year=2026)
    for document in [*invoices, *notes]:
        xml = ubl_xml(document)
        assert failed_rules(xml, kind="ubl") == [], document
        if document in notes:
            root = etree.fromstring(xml)
            assert root.findtext("cbc:CreditNoteTypeCode", namespaces=NS) == "262"
            assert root.findtext("cac:ContractDocumentReference/cbc:ID", namespaces=NS)


@pytest.mark.django_db
def test_ubl_download_page_and_api(client, vat_invoice, billing):
    client.force_login(billing.contact_a1)
    response = client.get(reverse("billing:invoice_ubl", args=[vat_invoice.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert vat_invoice.number.encode() in response.content
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=billing.accountant_a)[0].key}"
    )
    response = api.get(f"/api/v1/invoices/{vat_invoice.public_id}/ubl/")
    assert response.status_code == 200 and b"<Invoice" in response.content
