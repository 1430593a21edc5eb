"""Every document kind passes EN 16931 and the French reform's blocking rules (BR-FR, FNFE-MPE v1.4).

The rules run are FNFE-MPE's published XSLT (../shared/einvoicing/rules), not our reading of them;
one test per BR-FR rule that applies to a GE's documents checks what we put in the XML for it.
"""

from decimal import Decimal as D

import pytest
from lxml import etree

from mutualis.billing import documents, services
from mutualis.billing.models import YearlyCost
from tests.billing.conftest import month_lines
from tests.billing.test_documents import OCT, issued
from tests.billing.test_payments_true_up import at_cost_year
from tests.einvoicing.rules import failed_rules, needs_rules

NS = documents.NS


def xml_of(document):
    return documents.facturx_xml(document)


def root_of(document):
    return etree.fromstring(xml_of(document))


@pytest.fixture
def vat_invoice(billing, hours):
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    return issued(billing, None)


@pytest.fixture
def exempt_invoice(billing, hours):
    from mutualis.employer_groups.models import VatRegime

    billing.group_a.vat_regime = VatRegime.EXEMPT_261B
    billing.group_a.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    return issued(billing, None)


@pytest.fixture
def true_up(billing, hours):
    """(extra invoices, credit notes) of two true-ups: one above the billed cost, one below."""
    at_cost_year(billing, hours)
    YearlyCost.objects.create(
        group=billing.group_a, contract=billing.contract_a, year=2026, amount=D("4400.00")
    )
    return services.apply_true_up(group=billing.group_a, year=2026)


# --- The published rules, per document kind ------------------------------------------


@needs_rules
@pytest.mark.django_db
def test_invoice_with_vat_passes_en16931_and_br_fr(vat_invoice):
    assert failed_rules(xml_of(vat_invoice)) == []


@needs_rules
@pytest.mark.django_db
def test_invoice_exempt_261b_passes_en16931_and_br_fr(exempt_invoice):
    assert failed_rules(xml_of(exempt_invoice)) == []


@needs_rules
@pytest.mark.django_db
def test_credit_note_passes_en16931_and_br_fr(vat_invoice):
    note = services.issue_credit_note(invoice=vat_invoice, reason="Heures contestées")
    assert failed_rules(xml_of(note)) == []


@needs_rules
@pytest.mark.django_db
def test_true_up_credit_note_passes_en16931_and_br_fr(true_up):
    invoices, notes = true_up
    assert notes and not invoices
    for note in notes:
        assert failed_rules(xml_of(note)) == []


@needs_rules
@pytest.mark.django_db
def test_true_up_invoice_passes_en16931_and_br_fr(billing, hours):
    at_cost_year(billing, hours)
    YearlyCost.objects.create(
        group=billing.group_a, contract=billing.contract_a, year=2026, amount=D("4500.00")
    )
    invoices, notes = services.apply_true_up(group=billing.group_a, year=2026)
    assert invoices and not notes
    for invoice in invoices:
        assert failed_rules(xml_of(invoice)) == []


# --- One test per BR-FR rule that applies to a GE -------------------------------------


@pytest.mark.django_db
def test_br_fr_08_billing_frame_is_services_s1(vat_invoice):
    root = root_of(vat_invoice)
    assert (
        root.findtext(".//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID", namespaces=NS) == "S1"
    )


@pytest.mark.django_db
def test_br_fr_10_seller_siren_scheme_0002(vat_invoice):
    legal = root_of(vat_invoice).find(".//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", NS)
    assert legal.get("schemeID") == "0002" and legal.text == vat_invoice.group.siren


@pytest.mark.django_db
def test_br_fr_11_buyer_siren_when_b2b(vat_invoice):
    root = root_of(vat_invoice)
    assert root.findtext(".//ram:IncludedNote[ram:SubjectCode='BAR']/ram:Content", namespaces=NS) == "B2B"
    legal = root.find(".//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", NS)
    assert legal.text == vat_invoice.member.siren and len(legal.text) == 9


@pytest.mark.django_db
def test_br_fr_12_and_21_buyer_address_starts_with_its_siren_scheme_0225(vat_invoice):
    uri = root_of(vat_invoice).find(".//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID", NS)
    assert uri.get("schemeID") == "0225" and uri.text.startswith(vat_invoice.member.siren)


@pytest.mark.django_db
def test_br_fr_13_and_22_seller_address_scheme_0225(vat_invoice):
    uri = root_of(vat_invoice).find(".//ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID", NS)
    assert uri.get("schemeID") == "0225" and uri.text.startswith(vat_invoice.group.siren)


@pytest.mark.django_db
def test_br_fr_05_06_notes_pmt_pmd_aab_once_each(vat_invoice):
    codes = [c.text for c in root_of(vat_invoice).iterfind(".//ram:IncludedNote/ram:SubjectCode", NS)]
    assert [codes.count(c) for c in ("PMT", "PMD", "AAB", "BAR")] == [1, 1, 1, 1]


@pytest.mark.django_db
def test_br_fr_20_31_processing_rule_out_of_scope_for_261b(exempt_invoice):
    root = root_of(exempt_invoice)
    bar = [
        n.findtext("ram:Content", namespaces=NS)
        for n in root.iterfind(".//ram:IncludedNote", NS)
        if n.findtext("ram:SubjectCode", namespaces=NS) == "BAR"
    ]
    assert bar == ["OUTOFSCOPE"]
    assert documents.processing_rule(exempt_invoice) == "OUTOFSCOPE"


@pytest.mark.django_db
def test_vatex_fr_cgi261b_exemption_code(exempt_invoice):
    tax = root_of(exempt_invoice).find(".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", NS)
    assert tax.findtext("ram:ExemptionReasonCode", namespaces=NS) == "VATEX-FR-CGI261B"
    assert tax.findtext("ram:CategoryCode", namespaces=NS) == "E"


@pytest.mark.django_db
def test_br_fr_01_02_number_length_and_characters(vat_invoice):
    import re

    number = root_of(vat_invoice).findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS)
    assert len(number) <= 35 and re.fullmatch(r"[A-Za-z0-9+\-_/]+", number)


@pytest.mark.django_db
def test_br_fr_co_05_credit_note_references_its_invoice(vat_invoice):
    note = services.issue_credit_note(invoice=vat_invoice, reason="Heures contestées")
    root = root_of(note)
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    ref = root.find(".//ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument", NS)
    assert ref.findtext("ram:IssuerAssignedID", namespaces=NS) == vat_invoice.number


@pytest.mark.django_db
def test_br_fr_co_03_true_up_credit_note_is_262_with_contract_and_year(true_up):
    _, notes = true_up
    root = root_of(notes[0])
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "262"
    assert root.findtext(".//ram:ContractReferencedDocument/ram:IssuerAssignedID", namespaces=NS)
    period = root.find(".//ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod", NS)
    dates = [d.text for d in period.iterfind(".//udt:DateTimeString", NS)]
    assert dates == ["20260101", "20261231"]


@pytest.mark.django_db
def test_processing_rule_is_frozen_at_issue(vat_invoice):
    from mutualis.employer_groups.models import VatRegime

    group = vat_invoice.group
    group.vat_regime = VatRegime.EXEMPT_261B
    group.save()
    vat_invoice.refresh_from_db()
    assert documents.processing_rule(vat_invoice) == "B2B"
