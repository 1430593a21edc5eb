"""Billing: issued invoices of new members, payments, credit notes, runs, rates and the SMIC."""

import datetime as dt
import itertools
from decimal import Decimal

_numbers = itertools.count(1)


def _ready(p):
    group = p.group_a
    if not group.address:
        group.address, group.postcode, group.city = "1 rue de la Paix", "61000", "Alençon"
        group.save()


def _issued(p):
    from mutualis.billing import services
    from tests.factories import MemberFactory, SiteFactory

    _ready(p)
    member = MemberFactory(group=p.group_a)
    SiteFactory(member=member)
    return services.issue_service_invoice(
        group=p.group_a,
        member=member,
        lines=[("Conseil", Decimal("1"), Decimal("100"))],
        vat_rate=Decimal("20"),
        on=dt.date.today() - dt.timedelta(days=90),
    )


def issued_invoices(p, n):
    """Issued service invoices of new members, unpaid and overdue."""
    for _ in range(n):
        _issued(p)


def payments(p, n):
    """Half-paid issued invoices."""
    from mutualis.billing import services
    from mutualis.billing.models import PaymentMethod

    for _ in range(n):
        invoice = _issued(p)
        services.record_payment(
            invoice=invoice,
            amount=Decimal("50"),
            received_on=dt.date.today(),
            method=PaymentMethod.TRANSFER,
            reference=f"VIR {invoice.number}",
        )


def credit_notes(p, n):
    """Partial credit notes on issued invoices."""
    from mutualis.billing import services

    for _ in range(n):
        services.issue_credit_note(invoice=_issued(p), reason="Erreur", lines=[("Correction", Decimal("10"))])


def runs(p, n):
    """Billing runs of past months (executed without hours: no invoices, no problems)."""
    from mutualis.billing.models import BillingRun

    for _ in range(n):
        number = next(_numbers)
        BillingRun.objects.create(
            group=p.group_a, month=dt.date(2000 + number // 12, number % 12 + 1, 1), created_by=p.director_a
        )


def minimum_wages(p, n):
    from mutualis.billing.models import MinimumWage

    for _ in range(n):
        number = next(_numbers)
        MinimumWage.objects.create(valid_from=dt.date(1990 + number, 1, 1), hourly_amount=Decimal("10"))


def coefficients(p, n):
    from mutualis.billing.models import BillingCoefficient

    for _ in range(n):
        number = next(_numbers)
        BillingCoefficient.objects.create(
            group=p.group_a, coefficient=Decimal("1.5"), valid_from=dt.date(1990 + number, 1, 1)
        )


def cost_parameters(p, n):
    from mutualis.billing.models import CostParameters

    for _ in range(n):
        number = next(_numbers)
        CostParameters.objects.create(
            group=p.group_a, valid_from=dt.date(1990 + number, 1, 1), employer_contribution_rate=Decimal("30")
        )


def deposits(p, n):
    """Issued invoices whose e-invoicing deposit waits for missing information."""
    from mutualis.einvoicing.models import Deposit, DepositState

    for _ in range(n):
        invoice = _issued(p)
        Deposit.objects.create(
            group=p.group_a,
            invoice=invoice,
            tracking_id=f"liste-{invoice.public_id}",
            state=DepositState.WAITING,
            message="SIREN de l'adhérent manquant",
        )


def accounting_period(p):
    start = dt.date.today() - dt.timedelta(days=120)
    return f"?start={start:%Y-%m-%d}&end={dt.date.today():%Y-%m-%d}&layout=csv"
