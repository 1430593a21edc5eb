"""A GE that has lived (issue 11, item 3): billing history for the demo GE.

Relative to today: the four complete months before the current one have generated, validated and
closed timesheets; the three oldest are billed and issued, with payments (one invoice left late), a
partial credit note; the last one is closed but not billed yet — the accountant's first task.
Also the SMIC table, the GE's cost parameters and a few members' reference pay. Idempotent: a GE
that already has a billing run keeps its history.
"""

import contextlib
import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role

from . import compute, services
from .models import (
    BillingRun,
    CostParameters,
    DocumentStatus,
    Invoice,
    MinimumWage,
    PaymentMethod,
    ReferencePay,
    RunStatus,
)

# Hourly gross SMIC (metropolitan France), as published in the Journal officiel.
MINIMUM_WAGES = (
    (dt.date(2024, 11, 1), Decimal("11.88"), "Décret n° 2024-951 du 23 octobre 2024"),
    (dt.date(2026, 1, 1), Decimal("12.02"), "Revalorisation au 1er janvier 2026 (Journal officiel)"),
)
BILLED_MONTHS = 3
CLOSED_MONTHS = 4


def ensure_minimum_wages():
    for valid_from, amount, source in MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            valid_from=valid_from, defaults={"hourly_amount": amount, "source": source}
        )


def months_before(today, count):
    """The `count` complete months before `today`'s month, oldest first."""
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        first = compute.previous_month(first)
        months.append(first)
    return list(reversed(months))


def _director(group):
    return (
        Membership.objects.filter(group=group, role=Role.DIRECTOR, is_active=True)
        .select_related("user", "group")
        .order_by("pk")
        .first()
    )


def _backdate(run, issue_date, terms_days=30):
    """Date the demo's history as if issued then. The one rewrite of issued invoices: on PostgreSQL
    their triggers let it through for this statement only (billing migration 0006)."""
    with transaction.atomic(), rewrite_issued_documents():
        Invoice.objects.filter(run=run).exclude(status=DocumentStatus.DRAFT)._transition(
            issue_date=issue_date, due_date=issue_date + dt.timedelta(days=terms_days)
        )


@contextlib.contextmanager
def rewrite_issued_documents():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL mutualis.rewrite_issued_documents = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL mutualis.rewrite_issued_documents = 'off'")


@transaction.atomic
def seed_billing_history(group, *, today=None, log=lambda message: None):
    from mutualis.timesheets import services as timesheets
    from mutualis.timesheets.enums import TimesheetStatus
    from mutualis.timesheets.models import Timesheet

    today = today or timezone.localdate()
    ensure_minimum_wages()
    months = months_before(today, CLOSED_MONTHS)
    CostParameters.objects.get_or_create(
        group=group,
        valid_from=dt.date(months[0].year, 1, 1),
        defaults={
            "employer_contribution_rate": Decimal("42.00"),
            "paid_leave_rate": Decimal("10.00"),
            "equal_treatment_bonus_per_hour": Decimal("0"),
        },
    )
    if BillingRun.objects.filter(group=group).exists():
        log(f"{group.name} : facturation déjà présente, rien à faire.")
        return 0
    director = _director(group)
    if director is None:
        log(f"{group.name} : pas de direction, historique de facturation non créé.")
        return 0
    _reference_pay(group, months[0])
    for month in months:
        timesheets.generate_month(group=group, month=month, actor_label="démo")
        now = timezone.now()
        Timesheet.objects.filter(group=group, month=month).exclude(status=TimesheetStatus.CLOSED).update(
            status=TimesheetStatus.VALIDATED, validated_at=now, submitted_at=now
        )
        timesheets.close_month(membership=director, month=month, force=True, anomalies_reviewed=True)
    issued_runs = []
    for month in months[:BILLED_MONTHS]:
        run = BillingRun.objects.create(group=group, month=month, created_by=director.user)
        services.execute_run(run_id=run.pk)
        run.refresh_from_db()
        if run.status != RunStatus.DRAFTED:
            log(f"{group.name} : facturation de {month:%m/%Y} bloquée : {'; '.join(run.problems[:3])}")
            return len(issued_runs)
        services.issue_run(run=run, user=director.user)
        _backdate(run, compute.month_end(month) + dt.timedelta(days=5))
        issued_runs.append(run)
    _payments_and_credit_note(issued_runs, director.user)
    # The current month's timesheets, open: employees declare, contacts validate; one long day
    # declared with its reason waits for the planner's review.
    _current_month(group, today, director)
    log(
        f"{group.name} : {CLOSED_MONTHS} mois de relevés clôturés, {len(issued_runs)} mois facturés "
        f"({Invoice.objects.filter(group=group).count()} factures), paiements et un avoir partiel."
    )
    return len(issued_runs)


def _current_month(group, today, director):
    from mutualis.timesheets import services as timesheets
    from mutualis.timesheets.models import TimeEntry

    timesheets.generate_month(group=group, month=today.replace(day=1), actor_label="démo")
    entry = (
        TimeEntry.objects.filter(group=group, timesheet__month=today.replace(day=1), planned_minutes__gt=0)
        .order_by("date", "pk")
        .first()
    )
    if entry is not None and not entry.needs_review:
        start = timezone.localtime(entry.planned_start).time() if entry.planned_start else dt.time(8)
        timesheets.correct_entry(
            membership=director,
            entry=entry,
            actual_start=start,
            actual_end=dt.time(21, 30),
            comment="Inventaire de fin d'année, demandé par l'adhérent",
        )


def _reference_pay(group, valid_from):
    from mutualis.employees.models import Contract

    contracts = list(
        Contract.objects.filter(group=group).exclude(rome_code="").select_related().order_by("pk")[:40]
    )
    done = 0
    for contract in contracts:
        member = contract.potential_members.order_by("pk").first()
        if member is None:
            continue
        ReferencePay.objects.get_or_create(
            group=group,
            member=member,
            job_title=contract.job_title or contract.rome_code,
            rome_code=contract.rome_code,
            valid_from=valid_from,
            defaults={"hourly_pay": (contract.gross_hourly_wage * Decimal("1.08")).quantize(Decimal("0.01"))},
        )
        done += 1
        if done >= 6:
            break


def _payments_and_credit_note(runs, user):
    """Oldest month: all paid but one (late); second: all paid, one partial credit note; third: half paid."""
    for index, run in enumerate(runs):
        invoices = list(Invoice.objects.filter(run=run, status=DocumentStatus.ISSUED).order_by("number"))
        if index == 1 and invoices:
            target = invoices[0]
            line = target.lines.filter(kind="hours").order_by("position").first()
            if line is not None:
                amount = compute.round_amount(line.unit_price * 2)
                services.issue_credit_note(
                    invoice=target,
                    reason="Deux heures comptées deux fois le mardi",
                    lines=[(f"Correction : 2 h de {line.label}", amount)],
                    user=user,
                )
        for position, invoice in enumerate(invoices):
            if index == 0 and position == 0:
                continue  # left unpaid: late
            if index == BILLED_MONTHS - 1 and position % 2:
                continue  # not due yet
            remaining = services.selectors.remaining_due(invoice)
            if remaining > 0:
                services.record_payment(
                    invoice=invoice,
                    amount=remaining,
                    received_on=invoice.due_date - dt.timedelta(days=2),
                    method=PaymentMethod.TRANSFER,
                    reference=f"VIR {invoice.number}",
                    user=user,
                )
