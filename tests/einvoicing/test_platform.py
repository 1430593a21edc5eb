"""Issue 19: member e-invoicing profiles, the GE's PA settings (encrypted secret, « tester la
connexion »), the HTTP connector against the simulator running as a real HTTP server, the webhook and
the dashboard."""

import datetime
import json
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.billing import documents
from mutualis.billing.models import Payment, PaymentMethod
from mutualis.core.models import AuditEvent
from mutualis.einvoicing import secrets, services
from mutualis.einvoicing.afnor import HttpPA
from mutualis.einvoicing.connector import PAError, SimulatedPA, connector_for
from mutualis.einvoicing.models import Deposit, DepositState, PlatformSettings, StatusEvent
from mutualis.einvoicing.simulator_http import SimulatorServer
from mutualis.members.models import MemberKind, MemberVatStatus
from tests.billing.conftest import month_lines
from tests.billing.test_documents import OCT, issued

SECRET = "s3cret-du-client-OAuth2"


@pytest.fixture
def pa(tmp_path, settings):
    settings.MUTUALIS_PA_SIMULATOR_STORE = str(tmp_path / "pa.json")
    return SimulatedPA()


@pytest.fixture
def invoice(billing, hours):
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    return issued(billing, None)


@pytest.fixture
def server(pa):
    """The simulator as a separate HTTP server on a free port, sharing the test's store."""
    srv = SimulatorServer(("127.0.0.1", 0), store_path=pa.path, client_id="ge-a", client_secret=SECRET)
    thread = srv.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=1)


@pytest.fixture
def http_ge(billing, server):
    services.save_platform_settings(
        billing.group_a, data={"base_url": server.url, "client_id": "ge-a", "client_secret": SECRET}
    )
    return billing.group_a


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def codes(dep):
    return list(StatusEvent.objects.filter(deposit=dep).values_list("code", flat=True))


def pay(invoice):
    return Payment.objects.create(
        group=invoice.group,
        member=invoice.member,
        invoice=invoice,
        amount=invoice.total_incl_tax,
        received_on=datetime.date(2026, 11, 20),
        method=PaymentMethod.TRANSFER,
    )


# --- the member's e-invoicing profile -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "vat_status", "rule"),
    [
        (MemberKind.COMPANY, MemberVatStatus.SUBJECT, "B2B"),
        (MemberKind.ASSOCIATION, MemberVatStatus.EXEMPT, "B2B"),  # exempt activity: still liable
        (MemberKind.ASSOCIATION, MemberVatStatus.NOT_SUBJECT, "B2C"),
        (MemberKind.PUBLIC_BODY, MemberVatStatus.NOT_SUBJECT, "B2G"),
    ],
)
def test_member_profile_decides_the_processing_rule_at_issue(billing, hours, pa, kind, vat_status, rule):
    member = billing.member_a1
    member.kind, member.vat_status = kind, vat_status
    member.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    invoice = issued(billing, None)
    assert documents.processing_rule(invoice) == rule
    # The BAR note's list has no B2G: a public body's invoice is an e-invoice (B2B) routed to Chorus Pro.
    assert documents.bar_note(invoice) == ("B2B" if rule == "B2G" else rule)
    # Frozen: changing the member afterwards changes no issued invoice.
    member.kind, member.vat_status = MemberKind.COMPANY, MemberVatStatus.SUBJECT
    member.save()
    invoice.refresh_from_db()
    assert documents.processing_rule(invoice) == rule


@pytest.mark.django_db
def test_public_body_invoice_is_deposited_as_b2g(billing, hours, pa):
    billing.member_a1.kind = MemberKind.PUBLIC_BODY
    billing.member_a1.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    invoice = issued(billing, None)
    dep = services.deposit(services.request_send(invoice).pk)
    assert dep.state == DepositState.DEPOSITED
    assert "Chorus Pro" in services.scope_explanation(invoice)


@pytest.mark.django_db
def test_non_liable_member_is_not_sent(billing, hours, pa):
    billing.member_a1.vat_status = MemberVatStatus.NOT_SUBJECT
    billing.member_a1.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    with pytest.raises(services.EInvoicingRefused, match="e-reporting"):
        services.request_send(issued(billing, None))


@pytest.mark.django_db
def test_directory_address_must_start_with_the_siren_and_goes_into_the_invoice(billing, hours, pa):
    member = billing.member_a1
    member.einvoicing_address = "123456789_FACTURES"
    with pytest.raises(ValidationError, match="commencer par le SIREN"):
        member.full_clean()
    member.einvoicing_address = "bad address"
    with pytest.raises(ValidationError, match="Adresse de l'annuaire invalide"):
        member.full_clean()
    member.einvoicing_address = f"{member.siren}_FACTURES"
    member.full_clean()
    member.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    invoice = issued(billing, None)
    assert documents.parties(invoice)["customer"]["einvoicing_address"] == f"{member.siren}_FACTURES"
    assert f"{member.siren}_FACTURES".encode() in documents.facturx_xml(invoice)


@pytest.mark.django_db
def test_member_api_edits_the_directory_address_and_shows_the_profile(billing):
    client = api(billing.director_a)
    url = f"/api/v1/members/{billing.member_a1.public_id}/"
    response = client.patch(url, {"einvoicing_address": "999999999"}, format="json")
    assert response.status_code == 400 and "SIREN" in json.dumps(response.json(), ensure_ascii=False)
    address = f"{billing.member_a1.siren}_{billing.member_a1.siret}"
    response = client.patch(url, {"einvoicing_address": address}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["einvoicing_profile"] == "B2B"
    assert response.json()["directory_address"] == address


@pytest.mark.django_db
def test_member_page_shows_the_profile(client, billing):
    client.force_login(billing.director_a)
    html = client.get(reverse("members:detail", args=[billing.member_a1.public_id])).content.decode()
    assert "Assujetti à la TVA : facture électronique (B2B)" in html


# --- the GE's platform settings ----------------------------------------------------------------


@pytest.mark.django_db
def test_secret_is_stored_encrypted_and_never_shown(billing):
    platform = services.save_platform_settings(
        billing.group_a,
        data={"base_url": "https://pa.example.org/flow", "client_id": "x", "client_secret": SECRET},
    )
    assert SECRET not in platform.client_secret_encrypted
    assert secrets.decrypt(platform.client_secret_encrypted) == SECRET
    # An empty secret keeps the stored one.
    services.save_platform_settings(billing.group_a, data={"client_id": "y", "client_secret": ""})
    platform.refresh_from_db()
    assert secrets.decrypt(platform.client_secret_encrypted) == SECRET and platform.client_id == "y"
    body = api(billing.accountant_a).get("/api/v1/einvoicing-settings/").content.decode()
    assert SECRET not in body and platform.client_secret_encrypted not in body
    assert json.loads(body)["client_secret_set"] is True
    assert not AuditEvent.objects.filter(data__icontains=SECRET).exists()


@pytest.mark.django_db
def test_settings_api_director_writes_accountant_reads(billing):
    data = {"base_url": "https://pa.example.org/flow", "client_id": "ge-a", "client_secret": SECRET}
    assert (
        api(billing.accountant_a).post("/api/v1/einvoicing-settings/", data, format="json").status_code == 403
    )
    assert api(billing.planner_a).get("/api/v1/einvoicing-settings/").status_code == 403
    response = api(billing.director_a).post("/api/v1/einvoicing-settings/", data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["client_secret_set"] is True and "client_secret" not in response.json()
    bad = api(billing.director_a).post(
        "/api/v1/einvoicing-settings/", {"client_id": ""}, format="json"
    )  # a URL without a client id
    assert bad.status_code == 400 and "identifiant client" in bad.json()["client_id"][0]
    assert PlatformSettings.objects.get(group=billing.group_a).client_id == "ge-a"


@pytest.mark.django_db
def test_settings_page_says_defini_and_accountant_reads_only(client, billing):
    services.save_platform_settings(
        billing.group_a,
        data={"base_url": "https://pa.example.org/flow", "client_id": "x", "client_secret": SECRET},
    )
    client.force_login(billing.accountant_a)
    html = client.get(reverse("einvoicing:settings")).content.decode()
    assert "défini" in html and SECRET not in html and "Lecture seule" in html
    assert client.post(reverse("einvoicing:settings"), {"client_id": "z"}).status_code == 403
    client.force_login(billing.director_a)
    response = client.post(
        reverse("einvoicing:settings"),
        {"base_url": "https://pa.example.org/v2", "client_id": "z", "client_secret": ""},
    )
    assert response.status_code == 302
    platform = PlatformSettings.objects.get(group=billing.group_a)
    assert (
        platform.base_url == "https://pa.example.org/v2"
        and secrets.decrypt(platform.client_secret_encrypted) == SECRET
    )


# --- the HTTP connector against the simulator as a separate HTTP server ----------------------


@pytest.mark.django_db
def test_http_deposit_statuses_and_encaissee_through_the_simulator_server(invoice, http_ge, server, pa):
    assert isinstance(connector_for(http_ge), HttpPA)
    dep = services.deposit(services.request_send(invoice).pk)
    assert dep.state == DepositState.DEPOSITED and codes(dep) == [200]
    assert ("POST", "/v1/flows", 202) in server.calls
    pa.advance(dep.tracking_id)
    services.sync_statuses(dep)
    pay(invoice)
    services.sweep()
    dep.refresh_from_db()
    assert codes(dep) == [200, 201, 202, 203, 204, 205, 212] and dep.current_code == 212
    cashed = StatusEvent.objects.get(deposit=dep, code=212)
    assert str(cashed.amount) == str(invoice.total_incl_tax) and cashed.vat_rate == invoice.vat_rate
    services.sweep()
    assert codes(dep).count(212) == 1 and len(pa.flows()) == 1


@pytest.mark.django_db
def test_http_retry_after_a_crash_finds_the_existing_flow(invoice, http_ge, server, pa, monkeypatch):
    dep = services.request_send(invoice)
    real_submit = HttpPA.submit

    def submit_then_die(self, **kwargs):
        real_submit(self, **kwargs)
        raise SystemExit("worker killed")

    monkeypatch.setattr(HttpPA, "submit", submit_then_die)
    with pytest.raises(SystemExit):
        services.deposit(dep.pk)
    monkeypatch.setattr(HttpPA, "submit", real_submit)
    dep = services.deposit(dep.pk)
    assert dep.state == DepositState.DEPOSITED and len(pa.flows()) == 1
    assert ("POST", "/v1/flows", 409) in server.calls  # AlreadyExistingFlow, then found by search
    assert dep.flow_id == next(iter(pa.flows()))


@pytest.mark.django_db
def test_expired_token_is_refreshed_once(invoice, http_ge, server):
    connector = connector_for(http_ge)
    connector.check()
    server.revoke_tokens()
    assert "Connexion réussie" in connector.check()
    assert [c for c in server.calls if c[1] == "/oauth/token"] == [("POST", "/oauth/token", 200)] * 2


@pytest.mark.django_db
def test_wrong_secret_gives_a_clear_french_error_and_is_not_retried(invoice, billing, server):
    services.save_platform_settings(
        billing.group_a, data={"base_url": server.url, "client_id": "ge-a", "client_secret": "faux"}
    )
    ok, message = services.check_connection(billing.group_a)
    assert not ok and "refuse l'identifiant ou le secret client" in message
    dep = services.deposit(services.request_send(invoice).pk)
    assert dep.state == DepositState.WAITING and "secret client" in dep.message


@pytest.mark.django_db
def test_pa_down_is_retried_later(invoice, billing, pa):
    services.save_platform_settings(
        billing.group_a, data={"base_url": "http://127.0.0.1:9", "client_id": "ge-a", "client_secret": SECRET}
    )
    dep = services.request_send(invoice)
    with pytest.raises(PAError, match="injoignable"):
        services.deposit(dep.pk)
    dep.refresh_from_db()
    assert dep.state == DepositState.FAILED and not Deposit.objects.filter(state="deposited").exists()


@pytest.mark.django_db
def test_pa_answering_503_leaves_the_deposit_to_retry_then_it_goes_through(invoice, http_ge, server, pa):
    server.fail_with = 503
    dep = services.request_send(invoice)
    with pytest.raises(PAError, match="indisponible"):
        services.deposit(dep.pk)
    dep.refresh_from_db()
    assert dep.state == DepositState.FAILED and "erreur 503" in dep.message and pa.flows() == {}
    ok, message = services.check_connection(http_ge)
    assert not ok and "Échec de la connexion" in message
    server.fail_with = None
    services.sweep(now=dep.updated_at + datetime.timedelta(minutes=5))
    dep.refresh_from_db()
    assert dep.state == DepositState.DEPOSITED and len(pa.flows()) == 1


@pytest.mark.django_db
def test_test_connection_page_and_api(client, billing, http_ge):
    response = api(billing.accountant_a).post("/api/v1/einvoicing-settings/test-connection/")
    assert response.status_code == 200 and response.json()["ok"] is True
    assert "Connexion réussie" in response.json()["message"]
    client.force_login(billing.director_a)
    response = client.post(reverse("einvoicing:settings_test"), follow=True)
    assert "Connexion réussie" in response.content.decode()


# --- webhook -----------------------------------------------------------------------------------

WEBHOOK_KEY = "cle-partagee-webhook"


def _post_webhook(client, group, payload, *, key=WEBHOOK_KEY, timestamp=None):
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return client.post(
        reverse("einvoicing:webhook", args=[group.public_id]),
        body,
        content_type="application/json",
        headers={
            "X-Mutualis-Timestamp": timestamp,
            "X-Mutualis-Signature": services.webhook_signature(key, timestamp, body),
        },
    )


@pytest.fixture
def deposited(invoice, billing, pa):
    services.save_platform_settings(billing.group_a, data={"webhook_secret": WEBHOOK_KEY})
    return services.deposit(services.request_send(invoice).pk)


@pytest.mark.django_db
def test_webhook_brings_statuses_once_and_journals(
    client, deposited, pa, billing, django_capture_on_commit_callbacks
):
    pa.advance(deposited.tracking_id, up_to=203)
    payload = {"flowId": "lc-1", "trackingId": deposited.tracking_id, "flowType": "CustomerInvoiceLC"}
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_webhook(client, billing.group_a, payload)
    assert response.status_code == 202 and response.json() == {"accepted": True}
    assert codes(deposited) == [200, 201, 202, 203]
    assert AuditEvent.objects.filter(action="einvoicing.webhook_received").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_webhook(client, billing.group_a, payload).status_code == 202  # same message again
    assert codes(deposited) == [200, 201, 202, 203]  # idempotent: nothing appended twice


@pytest.mark.django_db
def test_webhook_with_a_bad_signature_changes_nothing(client, deposited, pa, billing):
    pa.advance(deposited.tracking_id, up_to=203)
    payload = {"trackingId": deposited.tracking_id}
    assert _post_webhook(client, billing.group_a, payload, key="mauvaise-cle").status_code == 401
    response = client.post(
        reverse("einvoicing:webhook", args=[billing.group_a.public_id]),
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert codes(deposited) == [200]
    assert not AuditEvent.objects.filter(action="einvoicing.webhook_received").exists()


@pytest.mark.django_db
def test_webhook_replayed_later_is_refused(client, deposited, pa, billing):
    pa.advance(deposited.tracking_id, up_to=203)
    old = int(time.time()) - 3600  # a genuine notification captured an hour ago
    response = _post_webhook(client, billing.group_a, {"trackingId": deposited.tracking_id}, timestamp=old)
    assert response.status_code == 401
    assert codes(deposited) == [200]


@pytest.mark.django_db
def test_webhook_about_an_unknown_flow_is_ignored(client, deposited, billing):
    response = _post_webhook(client, billing.group_a, {"trackingId": "inconnu"})
    assert response.status_code == 202 and response.json() == {"accepted": False}


# --- the billing dashboard ---------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_lists_rejected_and_refused_with_reasons(client, invoice, billing, pa):
    pa.set_directory(invoice.member.siren, "Disabled")
    services.deposit(services.request_send(invoice).pk)
    client.force_login(billing.accountant_a)
    html = client.get(reverse("einvoicing:dashboard")).content.decode()
    assert "Rejetés par une plateforme (1)" in html and invoice.number in html and "annuaire" in html
    data = api(billing.accountant_a).get("/api/v1/einvoicing-dashboard/").json()
    assert [row["number"] for row in data["rejected"]] == [invoice.number]
    assert "annuaire" in data["rejected"][0]["reason"]
    assert data["waiting"] == [] and data["refused"] == []
    assert api(billing.planner_a).get("/api/v1/einvoicing-dashboard/").status_code == 403
