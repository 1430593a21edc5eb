"""Invoice PDF with every legal mention; Factur-X EN 16931 files that pass the library's XSD check."""

import datetime
import io
from decimal import Decimal as D

import facturx
import pytest
from lxml import etree
from pypdf import PdfReader

from mutualis.billing import documents, services
from mutualis.billing.compute import HourLine
from mutualis.billing.models import BillingRun, Invoice
from mutualis.employer_groups.models import VatRegime
from tests.billing.conftest import aided_contract, month_lines

OCT = datetime.date(2026, 10, 1)


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def issued(p, lines):
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    services.issue_run(run=BillingRun.objects.get(pk=run.pk))
    return Invoice.objects.get(member=p.member_a1)


def assert_facturx(data):
    xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=False)[1]
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    return etree.fromstring(xml)


@pytest.mark.django_db
def test_vat_invoice_pdf_has_every_mandatory_mention(billing, hours):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    invoice = issued(p, None)
    text = pdf_text(documents.render_pdf(invoice))
    seller, customer = invoice.parties["seller"], invoice.parties["customer"]
    for mention in [
        f"Facture n° {invoice.number}",
        p.group_a.name,
        f"SIREN {seller['siren']}",
        seller["vat_number"],
        "1 rue de la Paix",
        p.member_a1.name,
        f"SIREN du client {customer['siren']}",
        f"Date d'émission {invoice.issue_date:%d/%m/%Y}",
        f"Date d'échéance {invoice.due_date:%d/%m/%Y}",
        "Période facturée octobre 2026",
        "Nature de l'opération Prestations de services",
        "233,75 €",
        "TVA 20 %",
        "46,75 €",
        "280,50 €",
        "Paiement à 30 jours",
        "Pas d'escompte pour paiement anticipé",
        "pénalités exigibles de plein droit",
        "40 €",
        "frais de recouvrement",
    ]:
        assert mention in text, mention
    assert "261 B" not in text


@pytest.mark.django_db
def test_vat_invoice_facturx_passes_xsd(billing, hours):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    invoice = issued(p, None)
    root = assert_facturx(documents.render_facturx(invoice))
    ns = documents.NS
    assert root.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=ns) == invoice.number
    assert root.findtext(".//ram:GrandTotalAmount", namespaces=ns) == "280.50"
    assert (
        root.find(".//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID", ns).get("schemeID") == "VA"
    )
    buyer = root.find(".//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", ns)
    assert buyer.text == p.member_a1.siren and buyer.get("schemeID") == "0002"
    assert facturx.get_level(root) == "en16931"


@pytest.mark.django_db
def test_exempt_invoice_with_aid_pdf_and_facturx(billing, hours):
    """A 261 B GE: no VAT, the exemption mention, an aid deduction line (quantity −1 in the XML)."""
    p = billing
    p.group_a.vat_regime = VatRegime.EXEMPT_261B
    p.group_a.save()
    pec = aided_contract(
        p.group_a,
        [p.member_a1],
        gross_hourly_wage=D("11.88"),
        aid_start_date=datetime.date(2026, 1, 1),
        aid_end_date=datetime.date(2026, 12, 31),
    )
    hours(p.group_a, OCT, [HourLine(p.member_a1.pk, pec.pk, OCT, actual_hours=D("20"))])
    invoice = issued(p, None)
    assert invoice.vat_amount == 0
    assert invoice.lines.filter(amount__lt=0).count() == 1
    text = pdf_text(documents.render_pdf(invoice))
    assert "TVA non applicable – article 261 B du CGI" in text
    assert "N° TVA intracommunautaire" not in text
    root = assert_facturx(documents.render_facturx(invoice))
    ns = documents.NS
    assert (
        root.findtext(
            ".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", namespaces=ns
        )
        == "E"
    )
    assert "261 B" in root.findtext(".//ram:ExemptionReason", namespaces=ns)
    quantities = [q.text for q in root.iterfind(".//ram:BilledQuantity", ns)]
    assert quantities[-1] == "-1.00"


@pytest.mark.django_db
def test_credit_note_pdf_and_facturx(billing, hours):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    invoice = issued(p, None)
    note = services.issue_credit_note(invoice=invoice, reason="Heures contestées")
    text = pdf_text(documents.render_pdf(note))
    assert f"Avoir n° {note.number}" in text
    assert f"Facture corrigée {invoice.number}" in text
    root = assert_facturx(documents.render_facturx(note))
    ns = documents.NS
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=ns) == "381"
    assert (
        root.findtext(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", namespaces=ns)
        == invoice.number
    )


@pytest.mark.django_db
def test_draft_pdf_says_draft(billing, hours):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    text = pdf_text(documents.render_pdf(Invoice.objects.get(member=p.member_a1)))
    assert "BROUILLON" in text
