"""Billing: issued invoices of new members, payments, credit notes, runs, rates, the SMIC and billed months."""

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


# --- Billed months (the yearly reports read issued monthly invoices) --------------------

BILLED_YEAR = 2025
_months = itertools.count(0)


def _billing_ready(p, *, at_cost=False):
    """GE a with an address, cost parameters and the SMIC (as the `billing` fixture of tests/billing)."""
    from mutualis.billing.models import CostParameters, MinimumWage
    from mutualis.employer_groups.models import VatRegime

    _ready(p)
    if at_cost and p.group_a.vat_regime != VatRegime.EXEMPT_261B:
        p.group_a.vat_regime = VatRegime.EXEMPT_261B
        p.group_a.save()
    CostParameters.objects.get_or_create(
        group=p.group_a,
        valid_from=dt.date(BILLED_YEAR, 1, 1),
        defaults={"employer_contribution_rate": Decimal("30")},
    )
    MinimumWage.objects.get_or_create(
        valid_from=dt.date(BILLED_YEAR - 1, 11, 1), defaults={"hourly_amount": Decimal("11.88")}
    )


def _new_contracts(p, n, **kwargs):
    """n new members, each with a site and its own new contract (one report row each)."""
    from tests.factories import ContractFactory, EmployeeFactory, MemberFactory, SiteFactory

    pairs = []
    for _ in range(n):
        member = MemberFactory(group=p.group_a)
        SiteFactory(member=member)
        contract = ContractFactory(employee=EmployeeFactory(group=p.group_a), **kwargs)
        contract.potential_members.add(member)
        pairs.append((contract, member))
    return pairs


def _bill_month(p, pairs):
    """Bill and issue a new month of BILLED_YEAR with 10 actual hours for each (contract, member)."""
    from django.test import override_settings

    from mutualis.billing import services
    from mutualis.billing.compute import HourLine
    from mutualis.billing.models import BillingRun
    from tests.billing import conftest

    month = dt.date(BILLED_YEAR, next(_months) % 12 + 1, 1)
    key = (p.group_a.pk, month)
    conftest.HOURS[key] = [HourLine(m.pk, c.pk, month, actual_hours=Decimal("10")) for c, m in pairs]
    try:
        with override_settings(MUTUALIS_BILLABLE_HOURS_PROVIDER="tests.billing.conftest.provider"):
            run = BillingRun.objects.create(group=p.group_a, month=month)
            services.execute_run(run_id=run.pk)
            services.issue_run(run=BillingRun.objects.get(pk=run.pk))
    finally:
        conftest.HOURS.pop(key, None)


def billed_contracts(p, n):
    """A billed and issued month of BILLED_YEAR for n new contracts at n new members."""
    _billing_ready(p)
    _bill_month(p, _new_contracts(p, n))


def aided_contracts(p, n):
    """A billed month of BILLED_YEAR for n new PEC contracts (aid deducted) at n new members."""
    _billing_ready(p)
    pairs = _new_contracts(
        p,
        n,
        pec=True,
        gross_hourly_wage=Decimal("11.88"),
        aid_reference=f"PEC-061-{BILLED_YEAR}-{next(_numbers)}",
        aid_start_date=dt.date(BILLED_YEAR, 1, 1),
        aid_end_date=dt.date(BILLED_YEAR, 12, 31),
    )
    _bill_month(p, pairs)


def true_up_year(p, n):
    """261 B GE a: a billed month of BILLED_YEAR for n new contracts, with their actual yearly cost."""
    from mutualis.billing.models import YearlyCost

    _billing_ready(p, at_cost=True)
    pairs = _new_contracts(p, n)
    _bill_month(p, pairs)
    for contract, _member in pairs:
        YearlyCost.objects.create(group=p.group_a, contract=contract, year=BILLED_YEAR, amount=Decimal("200"))


def payroll_hours(p, n):
    """March 2025's timesheets of n new employees with a contract, placed one morning a week."""
    from mutualis.timesheets import services
    from tests.factories import (
        AssignmentFactory,
        AssignmentSlotFactory,
        ContractFactory,
        EmployeeFactory,
    )

    for _ in range(n):
        employee = EmployeeFactory(group=p.group_a)
        ContractFactory(employee=employee)
        assignment = AssignmentFactory(
            employee=employee, member=p.member_a1, site=p.site_a1, start_date=dt.date(2025, 1, 6)
        )
        AssignmentSlotFactory(assignment=assignment, weekday=next(_numbers) % 5)
    services.generate_month(group=p.group_a, month=dt.date(2025, 3, 1))
