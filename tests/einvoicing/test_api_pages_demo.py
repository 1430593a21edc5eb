"""The API (statuses, send), the invoice page's e-invoicing box and the demo seeding."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.einvoicing import services
from mutualis.einvoicing.connector import SimulatedPA
from mutualis.einvoicing.demo import seed_einvoicing
from mutualis.einvoicing.models import Deposit, StatusEvent
from mutualis.employer_groups.models import VatRegime
from tests.billing.conftest import month_lines
from tests.billing.test_documents import OCT, issued


@pytest.fixture
def pa(tmp_path, settings):
    settings.MUTUALIS_PA_SIMULATOR_STORE = str(tmp_path / "pa.json")
    return SimulatedPA()


@pytest.fixture
def invoice(billing, hours):
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    return issued(billing, None)


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.mark.django_db(transaction=True)
def test_api_send_then_statuses(invoice, pa, billing):
    client = api(billing.director_a)
    response = client.post(f"/api/v1/invoices/{invoice.public_id}/send/")
    assert response.status_code == 202, response.content
    deposit = Deposit.objects.get(invoice=invoice)
    assert deposit.state == "deposited"  # tests run tasks immediately, after commit
    pa.advance(deposit.tracking_id, up_to=203)
    services.sweep()
    data = client.get(f"/api/v1/invoices/{invoice.public_id}/statuses/").json()
    assert data["processing_rule"] == "B2B"
    assert [s["code"] for s in data["statuses"]] == [200, 201, 202, 203]
    assert data["statuses"][-1]["label"] == "Mise à disposition"


@pytest.mark.django_db
def test_api_send_of_261b_invoice_is_refused_with_why(billing, hours, pa):
    billing.group_a.vat_regime = VatRegime.EXEMPT_261B
    billing.group_a.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    invoice = issued(billing, None)
    response = api(billing.director_a).post(f"/api/v1/invoices/{invoice.public_id}/send/")
    assert response.status_code == 400
    assert "261 B" in response.json()["non_field_errors"][0]
    assert not Deposit.objects.exists()


@pytest.mark.django_db
def test_planner_may_not_send(invoice, pa, billing):
    response = api(billing.planner_a).post(f"/api/v1/invoices/{invoice.public_id}/send/")
    assert response.status_code == 403
    assert not Deposit.objects.exists()


@pytest.mark.django_db
def test_invoice_page_shows_rule_and_timeline(client, invoice, pa, billing):
    deposit = services.deposit(services.request_send(invoice).pk)
    pa.reject(deposit.tracking_id, "Doublon de facture")
    services.sync_statuses(deposit)
    client.force_login(billing.director_a)
    html = client.get(reverse("billing:invoice_detail", args=[invoice.public_id])).content.decode()
    assert "Facturation électronique" in html
    assert "200 Déposée" in html
    assert "213 Rejetée" in html and "Doublon de facture" in html


@pytest.mark.django_db
def test_261b_invoice_page_says_why_not_sent(client, billing, hours, pa):
    billing.group_a.vat_regime = VatRegime.EXEMPT_261B
    billing.group_a.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    invoice = issued(billing, None)
    client.force_login(billing.director_a)
    html = client.get(reverse("billing:invoice_detail", args=[invoice.public_id])).content.decode()
    assert "Hors champ" in html and "261 B" in html and "Déposer sur la plateforme" not in html


@pytest.mark.django_db
def test_demo_seeding_is_idempotent(invoice, pa, billing):
    assert seed_einvoicing(billing.group_a) == 2  # the invoices of members a1 and a2
    seed_einvoicing(billing.group_a)
    assert Deposit.objects.count() == 2 and len(pa.flows()) == 2
    assert StatusEvent.objects.filter(code=213).exists()  # the demo's rejected deposit, with its reason
    assert StatusEvent.objects.get(code=213).reason


@pytest.mark.django_db
def test_demo_gives_the_ge_a_webhook_key_once_without_journal(invoice, pa, billing):
    from mutualis.core.models import AuditEvent
    from mutualis.einvoicing.models import PlatformSettings

    seed_einvoicing(billing.group_a)
    stored = PlatformSettings.objects.get(group=billing.group_a).webhook_secret_encrypted
    seed_einvoicing(billing.group_a)
    assert PlatformSettings.objects.get(group=billing.group_a).webhook_secret_encrypted == stored
    assert not AuditEvent.objects.filter(group=billing.group_a, action__startswith="einvoicing").exists()
