"""The lifecycle message (CDAR, UN/CEFACT Cross Domain Acknowledgement And Response) that we write
and read: only the fields we use, read by element name so that a PA's fuller message still parses.

We write the seller's « encaissée » (212: amount received and its VAT rate, `MEN`) and read the
statuses the PA sends back: code (ProcessConditionCode), the referenced invoice number, reason,
amount. The full D22B message and its BR-FR-CDV rules are not checked here (their schematron is not
in the rule files we have); see docs/einvoicing.md.
"""

from lxml import etree

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def _el(parent, tag, text=None):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}")
    if text is not None:
        element.text = str(text)
    return element


def build(*, message_id, code, at, document_number, reason="", amount=None, vat_rate=None) -> bytes:
    root = etree.Element(f"{{{NS['rsm']}}}CrossDomainAcknowledgementAndResponse", nsmap=NS)
    exchanged = _el(root, "rsm:ExchangedDocument")
    _el(exchanged, "ram:ID", message_id)
    _el(exchanged, "ram:IssueDateTime", at)
    ack = _el(root, "rsm:AcknowledgementDocument")
    referenced = _el(ack, "ram:ReferenceReferencedDocument")
    _el(referenced, "ram:IssuerAssignedID", document_number)
    _el(referenced, "ram:ProcessConditionCode", code)
    if reason:
        status = _el(referenced, "ram:SpecifiedDocumentStatus")
        _el(status, "ram:Reason", reason)
    if amount is not None:
        characteristic = _el(referenced, "ram:SpecifiedDocumentCharacteristic")
        _el(characteristic, "ram:TypeCode", "MEN")
        _el(characteristic, "ram:ValueAmount", amount)
        if vat_rate is not None:
            _el(characteristic, "ram:ValuePercent", vat_rate)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _first(root, name):
    found = root.xpath(f"//*[local-name()='{name}']")
    return (found[0].text or "").strip() if found else ""


def parse(content: bytes) -> dict:
    """{message_id, code, at, document_number, reason, amount, vat_rate}; ValueError if unreadable."""
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ValueError("CDAR illisible") from exc
    code = _first(root, "ProcessConditionCode")
    if not code.isdigit():
        raise ValueError("CDAR sans code de statut")
    return {
        "message_id": _first(root, "ID"),
        "code": int(code),
        "at": _first(root, "IssueDateTime"),
        "document_number": _first(root, "IssuerAssignedID"),
        "reason": _first(root, "Reason"),
        "amount": _first(root, "ValueAmount") or None,
        "vat_rate": _first(root, "ValuePercent") or None,
    }
