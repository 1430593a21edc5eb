"""Aids reported per member; accounting entries (FEC) balanced per document."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from mutualis.billing import exports, selectors, services
from mutualis.billing.compute import HourLine
from mutualis.billing.models import BillingRun, Invoice
from tests.billing.conftest import aided_contract, month_lines

OCT = datetime.date(2025, 10, 1)


@pytest.mark.django_db
def test_aids_received_per_member(billing, hours):
    """PEC 60 % × SMIC 11.88 × min(90 h, 20 × 52/12 h) = 617.76 €, shared 35/30/25 h:
    240.24 / 205.92 / 171.60 (see test_compute). Reported per member with the agreement number."""
    p = billing
    from tests.factories import MemberFactory

    a3 = MemberFactory(group=p.group_a, name="Adhérent A3")
    pec = aided_contract(
        p.group_a,
        [p.member_a1, p.member_a2, a3],
        gross_hourly_wage=D("11.88"),
        aid_reference="PEC-061-2025-42",
        aid_start_date=datetime.date(2025, 3, 1),
        aid_end_date=datetime.date(2026, 2, 28),
    )
    hours(
        p.group_a,
        OCT,
        [
            HourLine(m.pk, pec.pk, OCT, actual_hours=D(h))
            for m, h in ((p.member_a1, "35"), (p.member_a2, "30"), (a3, "25"))
        ],
    )
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    services.issue_run(run=BillingRun.objects.get(pk=run.pk))
    report = selectors.aids_per_member(p.group_a, 2025)
    assert [(r["member"], r["aid_type"], r["reference"], r["amount"]) for r in report] == [
        ("Adhérent A1", "Parcours emploi compétences (PEC)", "PEC-061-2025-42", D("240.24")),
        ("Adhérent A2", "Parcours emploi compétences (PEC)", "PEC-061-2025-42", D("205.92")),
        ("Adhérent A3", "Parcours emploi compétences (PEC)", "PEC-061-2025-42", D("171.60")),
    ]


@pytest.mark.django_db
def test_fec_entries_balance(billing, hours):
    """Invoices A1 (233.75 + 46.75 = 280.50) and A2 (116.88 + 23.38 = 140.26), then a full credit note on
    A1: three entries, each with debits = credits; the credit note mirrors the invoice."""
    p = billing
    month = datetime.date(2026, 10, 1)
    hours(p.group_a, month, month_lines(p, month))
    run = BillingRun.objects.create(group=p.group_a, month=month)
    services.execute_run(run_id=run.pk)
    services.issue_run(run=BillingRun.objects.get(pk=run.pk))
    services.issue_credit_note(invoice=Invoice.objects.get(member=p.member_a1), reason="Erreur")
    today = timezone.localdate()
    rows = exports.entries(p.group_a, today, today)
    by_entry = {}
    for row in rows:
        by_entry.setdefault(row["EcritureNum"], []).append(row)
    assert len(by_entry) == 3

    def total(entry, side):
        return sum(D(r[side].replace(",", ".")) for r in entry)

    for entry in by_entry.values():
        assert total(entry, "Debit") == total(entry, "Credit")
    first, _, note = by_entry.values()
    assert [(r["CompteNum"], r["Debit"], r["Credit"]) for r in first] == [
        ("411000", "280,50", "0,00"),
        ("706000", "0,00", "233,75"),
        ("445710", "0,00", "46,75"),
    ]
    assert [(r["CompteNum"], r["Debit"], r["Credit"]) for r in note] == [
        ("411000", "0,00", "280,50"),
        ("706000", "233,75", "0,00"),
        ("445710", "46,75", "0,00"),
    ]
    text = exports.fec(p.group_a, today, today)
    assert text.splitlines()[0].split("|") == exports.FEC_HEADER
    assert len(text.splitlines()) == 1 + 9
    assert exports.fec_filename(p.group_a, today) == f"{p.group_a.siren}FEC{today:%Y%m%d}.txt"
