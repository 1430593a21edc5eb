"""On PostgreSQL, the database itself refuses raw UPDATE and DELETE of issued documents, payments and
the journal; the application's own transitions still pass; the journal's hash chain shows tampering."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from mutualis.billing import services
from mutualis.billing.models import CreditNote, DocumentStatus, Invoice, Payment
from mutualis.core import journal
from mutualis.core.models import AuditEvent
from tests.billing.helpers import bill

OCT = datetime.date(2026, 10, 1)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no such triggers (docs/hardening.md)"
)


def refused(sql, params=()):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def issued(billing, hours):
    invoices = bill(billing, OCT, hours)
    invoice = invoices[0]
    payment = services.record_payment(
        invoice=invoice, amount=D("10.00"), received_on=datetime.date(2026, 11, 2), method="transfer"
    )
    return invoice, payment


@postgresql_only
@pytest.mark.django_db
def test_raw_sql_cannot_change_or_delete_an_issued_invoice_its_lines_or_a_payment(issued):
    invoice, payment = issued
    refused("UPDATE billing_invoice SET total_incl_tax = 1 WHERE id = %s", [invoice.pk])
    refused("UPDATE billing_invoice SET status = 'draft' WHERE id = %s", [invoice.pk])
    refused("DELETE FROM billing_invoice WHERE id = %s", [invoice.pk])
    refused("UPDATE billing_invoiceline SET amount = 0 WHERE document_id = %s", [invoice.pk])
    refused("DELETE FROM billing_invoiceline WHERE document_id = %s", [invoice.pk])
    refused("UPDATE billing_payment SET amount = 1 WHERE id = %s", [payment.pk])
    refused("DELETE FROM billing_payment WHERE id = %s", [payment.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk)._raw_delete(connection.alias)
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.ISSUED and Payment.objects.filter(pk=payment.pk).exists()


@postgresql_only
@pytest.mark.django_db
def test_the_transitions_the_rules_allow_still_pass(issued):
    invoice, _payment = issued
    note = services.issue_credit_note(invoice=invoice, reason="Erreur d'heures")  # cancels the invoice
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.CANCELLED
    refused("UPDATE billing_creditnote SET reason = 'autre' WHERE id = %s", [note.pk])
    refused("DELETE FROM billing_creditnote WHERE id = %s", [note.pk])
    assert CreditNote.objects.get(pk=note.pk).reason == "Erreur d'heures"


@postgresql_only
@pytest.mark.django_db
def test_raw_sql_cannot_change_the_journal_but_a_deleted_account_leaves_its_name(personas):
    from tests.factories import UserFactory

    user = UserFactory()
    event = journal.record(action="test.done", actor=user, group=personas.group_a)
    refused("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    refused("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk)._raw_delete(connection.alias)
    user.delete()  # ON DELETE SET NULL: allowed, the hash does not cover actor_id
    event.refresh_from_db()
    assert event.actor_id is None and event.actor_label == user.username
    assert journal.verify_chain() == []


@pytest.mark.django_db
def test_the_journal_hash_chain_shows_a_changed_or_removed_event(personas):
    first = journal.record(action="test.one", group=personas.group_a, n=1)
    second = journal.record(action="test.two", group=personas.group_a, amount="12.50")
    third = journal.record(action="test.three", group=personas.group_a)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert journal.verify_chain() == []
    call_command("check_journal")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # what a database owner could still do
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE core_auditevent SET data = %s WHERE id = %s", ['{"n": 2}', first.pk])
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [second.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")
    breaks = journal.verify_chain()
    assert any(f"Événement {first.pk} : son contenu a été modifié" in b for b in breaks)
    assert any(f"Événement {third.pk} : il ne suit pas" in b for b in breaks)
    with pytest.raises(CommandError, match="rompue"):
        call_command("check_journal")
    journal.record(action="test.four", group=personas.group_a)  # chained to the last event left
    assert len(journal.verify_chain()) == len(breaks)
