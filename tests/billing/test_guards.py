"""Issued documents are immutable; numbers are unique, chronological and gap-free per GE and series."""

import datetime
import threading
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, connection, transaction

from mutualis.billing import services
from mutualis.billing.models import (
    BillingRun,
    CreditNote,
    DocumentStatus,
    ImmutableDocumentError,
    Invoice,
    InvoiceLine,
)
from tests.billing.conftest import month_lines
from tests.factories import MemberFactory

OCT = datetime.date(2026, 10, 1)


def drafts_for(p, month=OCT):
    run = BillingRun.objects.create(group=p.group_a, month=month)
    services.execute_run(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_issued_invoice_is_immutable(billing, hours):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    run = drafts_for(p)
    draft = Invoice.objects.get(member=p.member_a1)
    draft.due_date = datetime.date(2026, 12, 1)
    draft.save()  # a draft may change
    services.issue_run(run=run)
    invoice = Invoice.objects.get(member=p.member_a1)
    line = invoice.lines.first()
    invoice.total_excl_tax = D("1")
    with pytest.raises(ImmutableDocumentError):
        invoice.save()
    with pytest.raises(ImmutableDocumentError):
        invoice.delete()
    with pytest.raises(ImmutableDocumentError):
        Invoice.objects.filter(pk=invoice.pk).update(total_excl_tax=D("1"))
    with pytest.raises(ImmutableDocumentError):
        Invoice.objects.filter(group=p.group_a).delete()
    line.amount = D("0")
    with pytest.raises(ImmutableDocumentError):
        line.save()
    with pytest.raises(ImmutableDocumentError):
        InvoiceLine.objects.filter(pk=line.pk).update(amount=D("0"))
    with pytest.raises(ImmutableDocumentError):
        line.delete()
    invoice.refresh_from_db()
    assert invoice.total_excl_tax == D("233.75")


@pytest.mark.django_db
def test_one_invoice_per_member_and_month_in_the_database(billing, hours):
    p = billing
    Invoice.objects.create(group=p.group_a, member=p.member_a1, period=OCT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(group=p.group_a, member=p.member_a1, period=OCT)


@pytest.mark.django_db
def test_numbers_are_sequential_and_chronological(billing, hours):
    """Two runs issued one after the other: 1, 2 then 3, 4 in the same (GE, series, year)."""
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    nov = datetime.date(2026, 11, 1)
    hours(p.group_a, nov, month_lines(p, nov))
    services.issue_run(run=drafts_for(p))
    services.issue_run(run=drafts_for(p, nov))
    issued = list(
        Invoice.objects.order_by("sequence").values_list("sequence", "number", "issue_date", "period")
    )
    year = issued[0][2].year
    prefix = p.group_a.invoice_prefix
    assert [row[0] for row in issued] == [1, 2, 3, 4]
    assert [row[1] for row in issued] == [f"{prefix}-F{year}-{n:05d}" for n in (1, 2, 3, 4)]
    assert [row[3] for row in issued] == [OCT, OCT, nov, nov]
    assert [row[2] for row in issued] == sorted(row[2] for row in issued)
    # Another GE numbers independently.
    other = MemberFactory(group=p.group_b)
    draft = Invoice.objects.create(group=p.group_b, member=other, period=OCT)
    services.issue_invoices(invoices=[draft])
    draft.refresh_from_db()
    assert draft.sequence == 1


@pytest.mark.django_db
def test_failed_issue_leaves_no_gap(billing, hours):
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    run = drafts_for(p)
    a1 = Invoice.objects.get(member=p.member_a1)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_invoices(invoices=[a1])
        raise RuntimeError("crash after numbering")
    services.issue_run(run=run)
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_full_credit_note_cancels_and_frees_the_month(billing, hours):
    """A1's invoice 233.75 HT + 46.75 VAT = 280.50 is cancelled by a credit note of the same amounts,
    numbered in its own series; the month can then be billed again."""
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    services.issue_run(run=drafts_for(p))
    invoice = Invoice.objects.get(member=p.member_a1)
    note = services.issue_credit_note(invoice=invoice, reason="Heures contestées")
    assert note.number.endswith("AV" + str(note.year) + "-00001")
    assert (note.total_excl_tax, note.vat_amount, note.total_incl_tax) == (
        D("233.75"),
        D("46.75"),
        D("280.50"),
    )
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.CANCELLED
    with pytest.raises(services.BillingRefused):
        services.issue_credit_note(invoice=invoice, reason="encore")
    with pytest.raises(ImmutableDocumentError):
        CreditNote.objects.filter(pk=note.pk).delete()
    run = drafts_for(p)
    assert run.invoices.get().member == p.member_a1


@pytest.mark.django_db
def test_partial_credit_note_cannot_exceed_the_invoice(billing, hours):
    """Partial note of 20.00 HT at 20 % -> 4.00 VAT, 24.00 TTC; invoice A2 140.26 TTC stays issued."""
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    services.issue_run(run=drafts_for(p))
    invoice = Invoice.objects.get(member=p.member_a2)
    note = services.issue_credit_note(invoice=invoice, reason="Geste", lines=[("Remise", "20.00")])
    assert (note.total_excl_tax, note.vat_amount, note.total_incl_tax) == (D("20.00"), D("4.00"), D("24.00"))
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.ISSUED
    with pytest.raises(services.BillingRefused):
        services.issue_credit_note(invoice=invoice, reason="Trop", lines=[("Remise", "100.00")])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_issues_give_gap_free_numbers(billing, hours):
    """Two threads issue 10 drafts each at the same moment: numbers 1..20, no duplicate, no gap."""
    p = billing
    members = [MemberFactory(group=p.group_a) for _ in range(20)]
    drafts = [Invoice.objects.create(group=p.group_a, member=m, period=OCT) for m in members]
    barrier = threading.Barrier(2)
    errors = []

    def issue(batch):
        try:
            barrier.wait()
            services.issue_invoices(invoices=batch)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(drafts[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    issued = list(Invoice.objects.order_by("sequence").values_list("sequence", "issued_at"))
    assert [s for s, _ in issued] == list(range(1, 21))
    assert [t for _, t in issued] == sorted(t for _, t in issued)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_give_one_invoice_per_member(billing, hours):
    """Two runs of the same month started at once: each member has one invoice, numbers gap-free."""
    p = billing
    hours(p.group_a, OCT, month_lines(p, OCT))
    runs = [BillingRun.objects.create(group=p.group_a, month=OCT) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def go(run):
        try:
            barrier.wait()
            services.execute_run(run_id=run.pk)
            run.refresh_from_db()
            if run.invoices.filter(status=DocumentStatus.DRAFT).exists():
                services.issue_run(run=run)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Invoice.objects.values_list("member_id", flat=True)) == sorted(
        [p.member_a1.pk, p.member_a2.pk]
    )
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == [1, 2]
