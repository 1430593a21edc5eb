"""Invoice and credit-note documents: the PDF (WeasyPrint, PDF/A-3b) and Factur-X EN 16931.

The CII XML is built here with lxml from the stored document (never recomputed), then
embedded into the PDF/A-3 by the `factur-x` library, which also checks it against the XSD.
"""

import gc
import warnings
from decimal import Decimal

import facturx
from django.template.loader import render_to_string
from django.utils import translation
from lxml import etree

from mutualis.core.spreadsheets import strip_control_characters

from . import services
from .models import CreditNote, DocumentStatus, LineKind

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
EN16931 = "urn:cen.eu:en16931:2017"
INVOICE_TYPE, CREDIT_NOTE_TYPE = "380", "381"
# UNTDID 1001 262 « avoir remise globale »: a credit note that corrects no single invoice, with the
# contract (BT-12) and the period (BG-14) it covers (BR-FR-CO-03): the annual true-up.
TRUE_UP_CREDIT_NOTE_TYPE = "262"
# BT-23 « cadre de facturation » (BR-FR-08): S1 = services, not already paid. A GE provides staff.
BILLING_FRAME = "S1"
# BT-34 / BT-49 electronic address scheme of the French directory (BR-FR-21, BR-FR-22).
ADDRESS_SCHEME = "0225"
# BT-121 exemption reason code of a GE billing at cost under art. 261 B CGI (FNFE code list).
VATEX_261B = "VATEX-FR-CGI261B"
PROCESSING_RULE_LABELS = {
    "B2B": "B2B — facture électronique transmise par plateforme agréée",
    "B2G": "B2G — facture électronique à une personne publique, transmise à Chorus Pro par la plateforme agréée",
    "B2C": "B2C — hors facture électronique, données transmises en e-reporting",
    "OUTOFSCOPE": "Hors champ — opération exonérée (art. 261 B du CGI), ni facture électronique ni e-reporting",
}

# Legal mentions (Code de commerce L441-9, L441-10, D441-5; CGI 242 nonies A; decree 2022-1299).
OPERATION_TYPE = "Prestations de services"
PAYMENT_TERMS = "Paiement à {days} jours à compter de la date d'émission, au plus tard le {due}."
NO_DISCOUNT = "Pas d'escompte pour paiement anticipé."
LATE_PENALTIES = (
    "En cas de retard de paiement, pénalités exigibles de plein droit au taux directeur de la Banque "
    "centrale européenne majoré de 10 points (art. L441-10 du Code de commerce)."
)
# Decree 2022-1299: the fourth new mention, for a GE that opted to pay VAT on debits (invoicing).
VAT_ON_DEBITS = "Option pour le paiement de la taxe d'après les débits"
RECOVERY_INDEMNITY = (
    "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : 40 € "
    "(art. D441-5 du Code de commerce)."
)


def is_credit_note(document):
    return isinstance(document, CreditNote)


def parties(document):
    """The frozen identities of an issued document; for a draft, the current ones."""
    if document.parties:
        return document.parties
    return services._parties(document.group, document.member)


def vat_on_debits(document) -> bool:
    """The GE opted for VAT on debits (frozen in the parties at issue); only where VAT applies."""
    return document.vat_rate > 0 and bool(parties(document)["seller"].get("vat_on_debits"))


def processing_rule(document) -> str:
    """B2B / B2G / B2C / OUTOFSCOPE, frozen in the parties at issue (see `bar_note` for BR-FR-20).

    Documents issued before this was recorded get the same rule from their frozen identities.
    """
    data = parties(document)
    if data.get("processing_rule"):
        return data["processing_rule"]
    if data["seller"].get("vat_regime") != "subject" and document.vat_rate == 0:
        return "OUTOFSCOPE"
    return "B2B" if data["customer"].get("siren") else "B2C"


def bar_note(document) -> str:
    """The BAR note (BT-21, BR-FR-20): its list has no B2G; an invoice to a public body is an
    e-invoice like B2B, routed to Chorus Pro by the flow's processing rule (B2G) at the PA."""
    rule = processing_rule(document)
    return "B2B" if rule == "B2G" else rule


def is_e_invoice(document) -> bool:
    """Deposited with the PA: B2B and B2G documents."""
    return processing_rule(document) in ("B2B", "B2G")


def is_true_up_credit_note(document) -> bool:
    return is_credit_note(document) and document.invoice_id is None and bool(document.true_up_year)


def type_code(document) -> str:
    if is_true_up_credit_note(document):
        return TRUE_UP_CREDIT_NOTE_TYPE
    return CREDIT_NOTE_TYPE if is_credit_note(document) else INVOICE_TYPE


def contract_reference(document) -> str:
    """BT-12 for a true-up: the member's membership agreement with the GE (SIREN of both)."""
    data = parties(document)
    return f"ADHESION-{data['seller']['siren']}-{data['customer']['siren']}"


def payment_terms(document):
    if is_credit_note(document) or not document.due_date:
        return ""
    days = (
        (document.due_date - document.issue_date).days if document.issue_date else services.PAYMENT_TERMS_DAYS
    )
    return PAYMENT_TERMS.format(days=days, due=document.due_date.strftime("%d/%m/%Y"))


def legal_notes(document):
    """(UNTDID 4451 subject code, text): the mentions French invoices must carry, in the XML notes.

    AAB: discount terms, PMD: late-payment penalties, PMT: the fixed recovery indemnity.
    """
    notes = [("AAI", OPERATION_TYPE)]
    if vat_on_debits(document):
        notes.append(("TXD", VAT_ON_DEBITS))
    notes.append(("BAR", bar_note(document)))
    if is_credit_note(document):
        about = (
            f"la facture {document.invoice.number}"
            if document.invoice
            else f"l'année {document.true_up_year}"
        )
        notes.append(("AAI", f"Avoir sur {about} : {document.reason}"))
    notes += [("AAB", NO_DISCOUNT), ("PMD", LATE_PENALTIES), ("PMT", RECOVERY_INDEMNITY)]
    return notes


# --- PDF ------------------------------------------------------------------------------


def render_html(document):
    lines = list(document.lines.order_by("position"))
    context = {
        "document": document,
        "credit_note": is_credit_note(document),
        "draft": document.status == DocumentStatus.DRAFT,
        "seller": parties(document)["seller"],
        "customer": parties(document)["customer"],
        "lines": lines,
        "operation_type": OPERATION_TYPE,
        "payment_terms": payment_terms(document),
        "notes": [text for code, text in legal_notes(document)[1:] if code != "BAR"],
        "processing_rule": PROCESSING_RULE_LABELS[processing_rule(document)],
        "period": getattr(document, "period", None),
        "invoice": document.invoice if is_credit_note(document) else None,
        "hour_kinds": {LineKind.HOURS, LineKind.SETTLEMENT},
    }
    with translation.override("fr"):
        return render_to_string("pdf/invoice.html", context)


def render_pdf(document) -> bytes:
    """The document as PDF/A-3b (the base Factur-X needs)."""
    from weasyprint import HTML

    html = render_html(document)
    # WeasyPrint opens its sRGB profile for PDF/A without closing it (upstream leak): collect the
    # rendered document here, with that ResourceWarning silenced, rather than later at random.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        rendered = HTML(string=html).render()
        data = rendered.write_pdf(pdf_variant="pdf/a-3b")
        del rendered
        gc.collect()
    return data


def render_facturx(document) -> bytes:
    """PDF/A-3b with the EN 16931 CII XML embedded; the library checks the XML against its XSD."""
    xml = facturx_xml(document)
    return facturx.generate_from_binary(
        render_pdf(document),
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        lang="fr-FR",
        pdf_metadata={
            "author": parties(document)["seller"]["name"],
            "keywords": "Factur-X, facture",
            "title": f"{parties(document)['seller']['name']} : {document.number or 'brouillon'}",
            "subject": f"{'Avoir' if is_credit_note(document) else 'Facture'} {document.number}",
        },
    )


# --- Factur-X CII XML -----------------------------------------------------------------


def _el(parent, tag, text=None, **attrs):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attrs)
    if text is not None:
        # Old rows may hold control characters, which XML cannot: drop them rather than fail.
        element.text = strip_control_characters(str(text))
    return element


def _date(parent, tag, value, qualified=False):
    wrapper = _el(parent, tag)
    _el(
        wrapper,
        "qdt:DateTimeString" if qualified else "udt:DateTimeString",
        value.strftime("%Y%m%d"),
        format="102",
    )


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _party(parent, tag, data, *, vat_subject, seller):
    party = _el(parent, tag)
    _el(party, "ram:Name", data["name"])
    legal = _el(party, "ram:SpecifiedLegalOrganization")
    _el(legal, "ram:ID", data["siren"], schemeID="0002")  # 0002 = SIREN (ISO 6523)
    address = _el(party, "ram:PostalTradeAddress")
    if data.get("postcode"):
        _el(address, "ram:PostcodeCode", data["postcode"])
    if data.get("address"):
        _el(address, "ram:LineOne", data["address"])
    if data.get("city"):
        _el(address, "ram:CityName", data["city"])
    _el(address, "ram:CountryID", "FR")
    endpoint = data.get("einvoicing_address") or data["siren"]
    _el(_el(party, "ram:URIUniversalCommunication"), "ram:URIID", endpoint, schemeID=ADDRESS_SCHEME)
    if seller:
        registration = _el(party, "ram:SpecifiedTaxRegistration")
        if vat_subject:
            _el(registration, "ram:ID", data["vat_number"], schemeID="VA")
        else:
            # A 261 B GE may have no VAT number: its SIREN as tax registration (BT-32, scheme FC).
            _el(registration, "ram:ID", data["siren"], schemeID="FC")
    return party


def _xml_line(line):
    """(quantity, unit code, net price) for a line. The net price may not be negative (BR-27): a
    deduction is quantity −1 × its amount; hours keep hours × hourly rate (unit HUR)."""
    if line.kind in {LineKind.HOURS, LineKind.SETTLEMENT} and line.unit_price > 0 and line.quantity != 0:
        return line.quantity, "HUR", line.unit_price
    sign = Decimal(-1) if line.amount < 0 else Decimal(1)
    return sign, "C62", abs(line.amount)


def facturx_xml(document) -> bytes:
    """The EN 16931 CII XML of an invoice or credit note, from its stored lines and totals."""
    data = parties(document)
    credit = is_credit_note(document)
    vat_subject = document.vat_rate > 0
    category = "S" if vat_subject else "E"
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"), "ram:ID", BILLING_FRAME)
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931)

    header = _el(root, "rsm:ExchangedDocument")
    _el(header, "ram:ID", document.number or f"BROUILLON-{document.public_id}")
    _el(header, "ram:TypeCode", type_code(document))
    _date(header, "ram:IssueDateTime", document.issue_date or _today())
    for code, text in legal_notes(document):
        note = _el(header, "ram:IncludedNote")
        _el(note, "ram:Content", text)
        _el(note, "ram:SubjectCode", code)

    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in document.lines.order_by("position"):
        quantity, unit, price = _xml_line(line)
        item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", line.position)
        _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.label)
        agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
        _el(_el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", f"{price:.4f}")
        _el(
            _el(item, "ram:SpecifiedLineTradeDelivery"),
            "ram:BilledQuantity",
            f"{quantity:.2f}",
            unitCode=unit,
        )
        settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:TypeCode", "VAT")
        _el(tax, "ram:CategoryCode", category)
        _el(tax, "ram:RateApplicablePercent", _money(document.vat_rate))
        summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        _el(summation, "ram:LineTotalAmount", _money(line.amount))

    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _party(agreement, "ram:SellerTradeParty", data["seller"], vat_subject=vat_subject, seller=True)
    _party(agreement, "ram:BuyerTradeParty", data["customer"], vat_subject=vat_subject, seller=False)
    if is_true_up_credit_note(document):
        _el(
            _el(agreement, "ram:ContractReferencedDocument"),
            "ram:IssuerAssignedID",
            contract_reference(document),
        )
    _el(transaction, "ram:ApplicableHeaderTradeDelivery")

    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:InvoiceCurrencyCode", "EUR")
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:CalculatedAmount", _money(document.vat_amount))
    _el(tax, "ram:TypeCode", "VAT")
    if not vat_subject:
        _el(tax, "ram:ExemptionReason", document.vat_mention)
    _el(tax, "ram:BasisAmount", _money(document.total_excl_tax))
    _el(tax, "ram:CategoryCode", category)
    if not vat_subject:
        _el(tax, "ram:ExemptionReasonCode", VATEX_261B)
    if vat_subject:
        # UNTDID 2475 (BT-8 in CII): 5 = VAT due at invoicing (option "d'après les débits"), 72 = on payment
        # (encaissements, the rule for services).
        _el(tax, "ram:DueDateTypeCode", "5" if vat_on_debits(document) else "72")
    _el(tax, "ram:RateApplicablePercent", _money(document.vat_rate))
    period = getattr(document, "period", None) or (
        document.invoice.period if credit and document.invoice else None
    )
    if is_true_up_credit_note(document):
        import datetime

        billing_period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(billing_period, "ram:StartDateTime", datetime.date(document.true_up_year, 1, 1))
        _date(billing_period, "ram:EndDateTime", datetime.date(document.true_up_year, 12, 31))
    elif period:
        from .compute import month_end

        billing_period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(billing_period, "ram:StartDateTime", period)
        _date(billing_period, "ram:EndDateTime", month_end(period))
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", payment_terms(document) or NO_DISCOUNT)
    if not credit and document.due_date:
        _date(terms, "ram:DueDateDateTime", document.due_date)
    totals = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(
        totals, "ram:LineTotalAmount", _money(sum((line.amount for line in document.lines.all()), Decimal(0)))
    )
    _el(totals, "ram:TaxBasisTotalAmount", _money(document.total_excl_tax))
    _el(totals, "ram:TaxTotalAmount", _money(document.vat_amount), currencyID="EUR")
    _el(totals, "ram:GrandTotalAmount", _money(document.total_incl_tax))
    _el(totals, "ram:DuePayableAmount", _money(document.total_incl_tax))
    if credit and document.invoice:
        reference = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(reference, "ram:IssuerAssignedID", document.invoice.number)
        _date(reference, "ram:FormattedIssueDateTime", document.invoice.issue_date, qualified=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _today():
    from django.utils import timezone

    return timezone.localdate()
