"""The same document in UBL 2.1 (EN 16931 + the French rules), built from the stored document like
the Factur-X CII (`documents.facturx_xml`): same parties, notes, categories, references and totals."""

import datetime
from decimal import Decimal

from lxml import etree

from mutualis.core.spreadsheets import strip_control_characters

from . import documents

UBL_NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
# UNTDID 2005 (BT-8 in UBL): 3 = invoice issue date (VAT on debits), 432 = paid to date (on collection).
VAT_POINT_ON_DEBITS, VAT_POINT_ON_COLLECTION = "3", "432"


def _el(parent, tag, text=None, **attrs):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attrs)
    if text is not None:
        element.text = strip_control_characters(str(text))
    return element


def _money(parent, tag, value: Decimal):
    return _el(parent, tag, f"{value:.2f}", currencyID="EUR")


def _party(parent, tag, data, *, vat_subject, seller):
    party = _el(_el(parent, tag), "cac:Party")
    endpoint = data.get("einvoicing_address") or data["siren"]
    _el(party, "cbc:EndpointID", endpoint, schemeID=documents.ADDRESS_SCHEME)
    address = _el(party, "cac:PostalAddress")
    if data.get("address"):
        _el(address, "cbc:StreetName", data["address"])
    if data.get("city"):
        _el(address, "cbc:CityName", data["city"])
    if data.get("postcode"):
        _el(address, "cbc:PostalZone", data["postcode"])
    _el(_el(address, "cac:Country"), "cbc:IdentificationCode", "FR")
    if seller:
        tax = _el(party, "cac:PartyTaxScheme")
        if vat_subject:
            _el(tax, "cbc:CompanyID", data["vat_number"])
            _el(_el(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
        else:
            # A 261 B GE may have no VAT number: its SIREN as tax registration (BT-32).
            _el(tax, "cbc:CompanyID", data["siren"])
            _el(_el(tax, "cac:TaxScheme"), "cbc:ID", "FC")
    legal = _el(party, "cac:PartyLegalEntity")
    _el(legal, "cbc:RegistrationName", data["name"])
    _el(legal, "cbc:CompanyID", data["siren"], schemeID="0002")
    return party


def _tax_category(parent, tag, document, *, with_reason):
    vat_subject = document.vat_rate > 0
    category = _el(parent, tag)
    _el(category, "cbc:ID", "S" if vat_subject else "E")
    _el(category, "cbc:Percent", f"{document.vat_rate:.2f}")
    if with_reason and not vat_subject:
        _el(category, "cbc:TaxExemptionReasonCode", documents.VATEX_261B)
        _el(category, "cbc:TaxExemptionReason", document.vat_mention)
    _el(_el(category, "cac:TaxScheme"), "cbc:ID", "VAT")
    return category


def ubl_xml(document) -> bytes:
    """The EN 16931 UBL 2.1 XML of an issued invoice or credit note."""
    data = documents.parties(document)
    credit = documents.is_credit_note(document)
    vat_subject = document.vat_rate > 0
    kind = "CreditNote" if credit else "Invoice"
    root = etree.Element(f"{{{UBL_NS[kind]}}}{kind}", nsmap={None: UBL_NS[kind], **NS})
    _el(root, "cbc:CustomizationID", documents.EN16931)
    _el(root, "cbc:ProfileID", documents.BILLING_FRAME)  # BT-23 (BR-FR-08)
    _el(root, "cbc:ID", document.number)
    _el(root, "cbc:IssueDate", (document.issue_date or documents._today()).isoformat())
    if not credit and document.due_date:
        _el(root, "cbc:DueDate", document.due_date.isoformat())
    _el(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode", documents.type_code(document))
    for code, text in documents.legal_notes(document):
        _el(root, "cbc:Note", f"#{code}#{text}")  # EN 16931 UBL binding: subject code BT-21 then text
    _el(root, "cbc:DocumentCurrencyCode", "EUR")

    period = getattr(document, "period", None) or (
        document.invoice.period if credit and document.invoice else None
    )
    start = end = None
    if documents.is_true_up_credit_note(document):
        start = datetime.date(document.true_up_year, 1, 1)
        end = datetime.date(document.true_up_year, 12, 31)
    elif period:
        from .compute import month_end

        start, end = period, month_end(period)
    if start or vat_subject:
        invoice_period = _el(root, "cac:InvoicePeriod")
        if start:
            _el(invoice_period, "cbc:StartDate", start.isoformat())
            _el(invoice_period, "cbc:EndDate", end.isoformat())
        if vat_subject:
            on_debits = documents.vat_on_debits(document)
            _el(
                invoice_period,
                "cbc:DescriptionCode",
                VAT_POINT_ON_DEBITS if on_debits else VAT_POINT_ON_COLLECTION,
            )
    if credit and document.invoice:
        reference = _el(_el(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        _el(reference, "cbc:ID", document.invoice.number)
        _el(reference, "cbc:IssueDate", document.invoice.issue_date.isoformat())
    if documents.is_true_up_credit_note(document):
        _el(_el(root, "cac:ContractDocumentReference"), "cbc:ID", documents.contract_reference(document))

    _party(root, "cac:AccountingSupplierParty", data["seller"], vat_subject=vat_subject, seller=True)
    _party(root, "cac:AccountingCustomerParty", data["customer"], vat_subject=vat_subject, seller=False)
    _el(_el(root, "cac:PaymentTerms"), "cbc:Note", documents.payment_terms(document) or documents.NO_DISCOUNT)

    tax_total = _el(root, "cac:TaxTotal")
    _money(tax_total, "cbc:TaxAmount", document.vat_amount)
    subtotal = _el(tax_total, "cac:TaxSubtotal")
    _money(subtotal, "cbc:TaxableAmount", document.total_excl_tax)
    _money(subtotal, "cbc:TaxAmount", document.vat_amount)
    _tax_category(subtotal, "cac:TaxCategory", document, with_reason=True)

    lines = list(document.lines.order_by("position"))
    totals = _el(root, "cac:LegalMonetaryTotal")
    _money(totals, "cbc:LineExtensionAmount", sum((line.amount for line in lines), Decimal(0)))
    _money(totals, "cbc:TaxExclusiveAmount", document.total_excl_tax)
    _money(totals, "cbc:TaxInclusiveAmount", document.total_incl_tax)
    _money(totals, "cbc:PayableAmount", document.total_incl_tax)

    for line in lines:
        quantity, unit, price = documents._xml_line(line)
        row = _el(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
        _el(row, "cbc:ID", line.position)
        _el(
            row,
            "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity",
            f"{quantity:.2f}",
            unitCode=unit,
        )
        _money(row, "cbc:LineExtensionAmount", line.amount)
        item = _el(row, "cac:Item")
        _el(item, "cbc:Name", line.label)
        _tax_category(item, "cac:ClassifiedTaxCategory", document, with_reason=False)
        _el(_el(row, "cac:Price"), "cbc:PriceAmount", f"{price:.4f}", currencyID="EUR")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
