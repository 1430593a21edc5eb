"""The "option pour le paiement de la taxe d'après les débits" mention, driven by the GE's settings."""

import datetime

import facturx
import pytest
from lxml import etree

from mutualis.billing import documents
from mutualis.billing.models import BillingSettings, Invoice
from mutualis.employer_groups.models import VatRegime
from tests.billing.helpers import bill
from tests.billing.test_documents import pdf_text

OCT = datetime.date(2026, 10, 1)
MENTION = "Option pour le paiement de la taxe d'après les débits"


def due_date_code(invoice):
    xml = etree.fromstring(documents.facturx_xml(invoice))
    return xml.findtext(".//{*}ApplicableHeaderTradeSettlement/{*}ApplicableTradeTax/{*}DueDateTypeCode")


@pytest.mark.django_db
def test_mention_on_pdf_and_facturx_when_opted(billing, hours):
    p = billing
    BillingSettings.objects.create(group=p.group_a, vat_on_debits=True)
    bill(p, OCT, hours)
    invoice = Invoice.objects.get(member=p.member_a1)
    assert invoice.parties["seller"]["vat_on_debits"] is True
    assert MENTION in pdf_text(documents.render_pdf(invoice))
    data = documents.render_facturx(invoice)
    xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=False)[1]
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert MENTION in xml.decode() and due_date_code(invoice) == "5"
    # The option is frozen at issue: turning it off later changes no issued invoice.
    BillingSettings.objects.filter(group=p.group_a).update(vat_on_debits=False)
    assert MENTION in pdf_text(documents.render_pdf(invoice))


@pytest.mark.django_db
def test_no_mention_by_default_nor_for_an_exempt_ge(billing, hours):
    p = billing
    bill(p, OCT, hours)
    invoice = Invoice.objects.get(member=p.member_a1)
    assert MENTION not in pdf_text(documents.render_pdf(invoice)) and due_date_code(invoice) == "72"
    p.group_a.vat_regime = VatRegime.EXEMPT_261B
    p.group_a.save()
    BillingSettings.objects.create(group=p.group_a, vat_on_debits=True)
    bill(p, datetime.date(2026, 11, 1), hours)
    exempt = Invoice.objects.get(member=p.member_a1, period=datetime.date(2026, 11, 1))
    assert MENTION not in pdf_text(documents.render_pdf(exempt))
