"""Recording payments, unpaid invoices and reminder e-mails, the true-up page."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from mutualis.billing import services
from mutualis.billing.demo import rewrite_issued_documents
from mutualis.billing.models import BillingSettings, Invoice, Payment, PaymentReminder, YearlyCost
from mutualis.employer_groups.models import VatRegime
from tests.billing.helpers import bill

OCT = datetime.date(2026, 10, 1)


@pytest.mark.django_db
def test_accountant_records_a_payment(client, billing, hours):
    """A1: 10 h × 23.375 = 233.75 HT, 280.50 TTC; 200.00 paid leaves 80.50."""
    p = billing
    bill(p, OCT, hours)
    invoice = Invoice.objects.get(member=p.member_a1)
    url = reverse("billing:payment_create", args=[invoice.public_id])
    client.force_login(p.planner_a)
    assert client.get(url).status_code == 403
    client.force_login(p.accountant_a)
    assert (
        "Enregistrer un paiement"
        in client.get(reverse("billing:invoice_detail", args=[invoice.public_id])).content.decode()
    )
    today = datetime.date.today().isoformat()
    too_much = client.post(url, {"amount": "300.00", "received_on": today, "method": "transfer"})
    assert too_much.status_code == 400 and "dépasse le reste dû (280.50 €)" in too_much.content.decode()
    response = client.post(url, {"amount": "200.00", "received_on": today, "method": "transfer"})
    assert response.status_code == 302
    assert Payment.objects.get().amount == D("200.00")
    unpaid = client.get(reverse("billing:unpaid")).content.decode()
    assert "80,50" in unpaid
    client.force_login(p.contact_a1)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_reminders_dry_run_then_sent_once_per_interval(billing, hours):
    """Both invoices are overdue 31 days after issue. A1 has a billing e-mail; A2 has none, so its
    contact's address is used. A second run the same day sends nothing (15-day interval)."""
    p = billing
    p.member_a1.email = "compta@a1.example"
    p.member_a1.save()
    bill(p, OCT, hours)
    on = Invoice.objects.get(member=p.member_a1).due_date + datetime.timedelta(days=1)
    plans = services.send_payment_reminders(group=p.group_a, on=on, dry_run=True)
    assert [(plan.member, plan.emails) for plan in plans] == [
        (p.member_a1, ["compta@a1.example"]),
        (p.member_a2, ["contact_a2@example.org"]),
    ]
    assert mail.outbox == [] and not PaymentReminder.objects.exists()
    services.send_payment_reminders(group=p.group_a, on=on)
    assert len(mail.outbox) == 2
    first = mail.outbox[0]
    assert first.to == ["compta@a1.example"] and "Relance" in first.subject
    assert "280,50 €" in first.body and "1 jours de retard" in first.body
    assert PaymentReminder.objects.count() == 2
    assert services.plan_payment_reminders(group=p.group_a, on=on) == []
    assert len(services.plan_payment_reminders(group=p.group_a, on=on + datetime.timedelta(days=15))) == 2
    BillingSettings.objects.create(group=p.group_a, reminder_interval_days=30)
    assert services.plan_payment_reminders(group=p.group_a, on=on + datetime.timedelta(days=15)) == []


@pytest.mark.django_db
def test_reminder_command_dry_run_sends_nothing(billing, hours, capsys):
    p = billing
    bill(p, OCT, hours)
    on = Invoice.objects.get(member=p.member_a1).due_date + datetime.timedelta(days=3)
    call_command("send_payment_reminders", "--dry-run", "--date", on.isoformat(), "--group", "ge-a")
    out = capsys.readouterr().out
    assert "[essai] ge-a → Adhérent A1 (contact_a1@example.org)" in out
    assert "2 relance(s) à envoyer" in out
    assert mail.outbox == [] and not PaymentReminder.objects.exists()


@pytest.mark.django_db
def test_reminders_page_sends_for_finance_roles_only(client, billing, hours):
    p = billing
    bill(p, OCT, hours)
    with transaction.atomic(), rewrite_issued_documents():  # the database refuses it otherwise
        Invoice.objects.filter(member=p.member_a1)._transition(due_date=datetime.date(2026, 1, 1))
    client.force_login(p.planner_a)
    page = client.get(reverse("billing:unpaid")).content.decode()
    assert "Adhérent A1" in page and "Envoyer les relances" not in page
    assert client.post(reverse("billing:reminders_send")).status_code == 403
    client.force_login(p.director_a)
    assert client.post(reverse("billing:reminders_send")).status_code == 302
    assert len(mail.outbox) == 1 and PaymentReminder.objects.get().invoice.member == p.member_a1


@pytest.mark.django_db
def test_true_up_page_previews_then_confirms(client, billing, hours):
    """At cost 17.875 €/h: Jan A1 100 h, A2 50 h billed 2681.25; actual cost 2700.00:
    A1 100/150 = 1800.00 − 1787.50 = +12.50; A2 900.00 − 893.75 = +6.25."""
    p = billing
    p.group_a.vat_regime = VatRegime.EXEMPT_261B
    p.group_a.save()
    bill(p, datetime.date(2026, 1, 1), hours, a1="100", a2="50")
    YearlyCost.objects.create(group=p.group_a, contract=p.contract_a, year=2026, amount=D("2700.00"))
    url = reverse("billing:true_up")
    client.force_login(p.planner_a)
    preview = client.get(url, {"year": "2026"})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "12,50" in body and "6,25" in body and "Confirmer" not in body
    assert client.post(url, {"year": "2026"}).status_code == 403
    client.force_login(p.accountant_a)
    assert "Confirmer" in client.get(url, {"year": "2026"}).content.decode()
    assert Invoice.objects.count() == 2
    assert client.post(url, {"year": "2026"}).status_code == 302
    assert sorted(Invoice.objects.filter(kind="true_up").values_list("total_incl_tax", flat=True)) == [
        D("6.25"),
        D("12.50"),
    ]


@pytest.mark.django_db
def test_true_up_page_explains_refusals(client, billing, hours):
    p = billing
    client.force_login(p.director_a)
    body = client.get(reverse("billing:true_up"), {"year": "2026"}).content.decode()
    assert "ne concerne que les GE facturant au coût exact" in body
    p.group_a.vat_regime = VatRegime.EXEMPT_261B
    p.group_a.save()
    bill(p, datetime.date(2026, 1, 1), hours)
    body = client.get(reverse("billing:true_up"), {"year": "2026"}).content.decode()
    assert "coût réel de l&#x27;année manquant" in body
    assert client.get(reverse("billing:true_up"), {"year": "deux"}).status_code == 400


@pytest.mark.django_db
def test_unpaid_page_query_count_does_not_grow(client, billing, hours, django_assert_max_num_queries):
    p = billing
    for month in (1, 2, 3, 4):
        bill(p, datetime.date(2026, month, 1), hours)
    client.force_login(p.accountant_a)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("billing:unpaid"))
    assert page.status_code == 200 and page.content.decode().count("/factures/") >= 8
