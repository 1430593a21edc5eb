"""Deposit with the simulated PA: scope, exactly-once after a crash, statuses, encaissée, rejections."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from mutualis.billing import services as billing_services
from mutualis.billing.models import Payment, PaymentMethod
from mutualis.einvoicing import services
from mutualis.einvoicing.connector import PAError, SimulatedPA
from mutualis.einvoicing.models import Deposit, DepositState, StatusEvent
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


def codes(dep):
    return list(StatusEvent.objects.filter(deposit=dep).values_list("code", flat=True))


@pytest.mark.django_db
def test_invoice_deposited_then_statuses_up_to_encaissee(invoice, pa):
    dep = services.deposit(services.request_send(invoice).pk)
    assert dep.state == DepositState.DEPOSITED and dep.tracking_id == str(invoice.public_id)
    assert codes(dep) == [200]
    pa.advance(dep.tracking_id)
    services.sync_statuses(dep)
    Payment.objects.create(
        group=invoice.group,
        member=invoice.member,
        invoice=invoice,
        amount=invoice.total_incl_tax,
        received_on=datetime.date(2026, 11, 20),
        method=PaymentMethod.TRANSFER,
    )
    services.sweep()
    dep.refresh_from_db()
    assert codes(dep) == [200, 201, 202, 203, 204, 205, 212]
    assert dep.current_code == 212
    cashed = StatusEvent.objects.get(deposit=dep, code=212)
    assert (cashed.amount, cashed.vat_rate) == (D("280.50"), D("20.00"))
    services.sweep()  # nothing sent twice
    assert codes(dep).count(212) == 1
    assert len([f for f in pa.flows().values() if f["tracking_id"] == dep.tracking_id]) == 1


@pytest.mark.django_db
def test_worker_killed_after_sending_deposits_exactly_once(invoice, pa, monkeypatch):
    dep = services.request_send(invoice)
    real_submit = SimulatedPA.submit

    def submit_then_die(self, **kwargs):
        real_submit(self, **kwargs)
        raise SystemExit("worker killed")

    monkeypatch.setattr(SimulatedPA, "submit", submit_then_die)
    with pytest.raises(SystemExit):
        services.deposit(dep.pk)
    dep.refresh_from_db()
    assert dep.state == DepositState.PENDING  # our transaction rolled back; the PA has the file
    monkeypatch.setattr(SimulatedPA, "submit", real_submit)
    services.deposit(dep.pk)
    services.deposit(dep.pk)
    dep.refresh_from_db()
    assert dep.state == DepositState.DEPOSITED
    assert len(pa.flows()) == 1
    assert codes(dep) == [200]


@pytest.mark.django_db
def test_261b_invoice_is_never_sent_and_says_why(billing, hours, pa):
    billing.group_a.vat_regime = VatRegime.EXEMPT_261B
    billing.group_a.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    invoice = issued(billing, None)
    with pytest.raises(services.EInvoicingRefused, match="261 B"):
        services.request_send(invoice)
    assert not Deposit.objects.exists() and pa.flows() == {}
    assert "courriel" in services.scope_explanation(invoice)


@pytest.mark.django_db
def test_rejected_deposit_shows_its_reason(invoice, pa):
    pa.set_directory(invoice.member.siren, "Disabled")
    dep = services.deposit(services.request_send(invoice).pk)
    assert codes(dep) == [200, 213]
    rejected = StatusEvent.objects.get(deposit=dep, code=213)
    assert "annuaire" in rejected.reason
    dep.refresh_from_db()
    assert dep.current_code == 213


@pytest.mark.django_db
def test_late_status_never_downgrades_and_refusal_needs_a_reason(invoice, pa):
    dep = services.deposit(services.request_send(invoice).pk)
    pa.advance(dep.tracking_id, up_to=203)
    services.sync_statuses(dep)
    late = services.record_status(dep, message_id="late-201", code=201)
    assert late.applied is False
    dep.refresh_from_db()
    assert dep.current_code == 203
    with pytest.raises(ValidationError, match="exige un motif"):
        services.record_status(dep, message_id="refusal", code=210)
    assert services.record_status(dep, message_id="late-201", code=201) is None  # duplicate ignored


@pytest.mark.django_db
def test_journal_is_append_only(invoice, pa):
    dep = services.deposit(services.request_send(invoice).pk)
    event = StatusEvent.objects.get(deposit=dep)
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        StatusEvent.objects.filter(deposit=dep).update(reason="x")


@pytest.mark.django_db
def test_pa_down_loses_nothing_and_retries_later(invoice, pa, monkeypatch):
    def down(self, **kwargs):
        raise PAError("La plateforme ne répond pas (délai dépassé).")

    monkeypatch.setattr(SimulatedPA, "submit", down)
    dep = services.request_send(invoice)
    with pytest.raises(PAError):
        services.deposit(dep.pk)
    dep.refresh_from_db()
    assert dep.state == DepositState.FAILED and "ne répond pas" in dep.message
    monkeypatch.undo()
    services.sweep(now=dep.updated_at + datetime.timedelta(minutes=5))
    dep.refresh_from_db()
    assert dep.state == DepositState.DEPOSITED and len(pa.flows()) == 1


@pytest.mark.django_db
def test_ge_on_debits_sends_no_encaissee(billing, hours, pa):
    from mutualis.billing import selectors

    billing_settings = selectors.settings_for(billing.group_a)
    billing_settings.vat_on_debits = True
    billing_settings.save()
    hours(billing.group_a, OCT, month_lines(billing, OCT))
    invoice = issued(billing, None)
    dep = services.deposit(services.request_send(invoice).pk)
    Payment.objects.create(
        group=invoice.group,
        member=invoice.member,
        invoice=invoice,
        amount=invoice.total_incl_tax,
        received_on=datetime.date(2026, 11, 20),
        method=PaymentMethod.TRANSFER,
    )
    assert services.report_payments(dep) == []


@pytest.mark.django_db
def test_credit_note_is_deposited_too(invoice, pa):
    note = billing_services.issue_credit_note(invoice=invoice, reason="Heures contestées")
    dep = services.deposit(services.request_send(note).pk)
    assert dep.credit_note == note and codes(dep) == [200]
