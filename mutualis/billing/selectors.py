"""Reads for billing: turn database rows into the plain inputs of compute.py."""

import datetime

from django.conf import settings
from django.utils.module_loading import import_string

from mutualis.employees.models import Contract
from mutualis.employer_groups.models import VatRegime

from . import compute
from .models import (
    BillingCoefficient,
    CostParameters,
    DocumentStatus,
    FixedHourlyRate,
    Invoice,
    MembershipFee,
    MinimumWage,
    Subsidy,
)

DEFAULT_HOURS_PROVIDER = "mutualis.billing.selectors.no_hours"


def no_hours(*, group, month):
    """Default provider until timesheets are wired in: no billable hours."""
    return []


def billable_hour_lines(*, group, month) -> list[compute.HourLine]:
    """The billable hour lines of a GE for a month (planned and actual hours per member × contract).

    The source is pluggable (setting MUTUALIS_BILLABLE_HOURS_PROVIDER, a dotted path to a
    callable `(group=, month=) -> list[HourLine]`), so that timesheets plug in without touching
    billing; tests pass hour lines to compute.py directly.
    """
    provider = import_string(getattr(settings, "MUTUALIS_BILLABLE_HOURS_PROVIDER", DEFAULT_HOURS_PROVIDER))
    return list(provider(group=group, month=month))


def rates_for_group(group) -> compute.Rates:
    return compute.Rates(
        default_coefficient=group.default_billing_coefficient,
        at_cost=group.vat_regime == VatRegime.EXEMPT_261B,
        coefficients=[
            compute.Coefficient(c.coefficient, c.valid_from, c.contract_kind, c.rome_code)
            for c in BillingCoefficient.objects.for_group(group)
        ],
        fixed_rates=[
            compute.FixedRate(r.member_id, r.contract_id, r.hourly_rate, r.valid_from)
            for r in FixedHourlyRate.objects.for_group(group)
        ],
        cost_parameters=[
            compute.CostParameters(
                p.valid_from,
                p.employer_contribution_rate,
                p.paid_leave_rate,
                p.equal_treatment_bonus_per_hour,
            )
            for p in CostParameters.objects.for_group(group)
        ],
        minimum_wages=[compute.MinimumWage(w.valid_from, w.hourly_amount) for w in MinimumWage.objects.all()],
    )


AID_LABELS = {
    "pec": "Aide PEC",
    "adult_relay": "Aide adulte-relais",
    "digital_advisor": "Subvention conseiller numérique",
    "other_aided": "Aide à l'emploi",
}


def contract_terms(group, contract_ids) -> dict:
    contracts = Contract.objects.for_group(group).filter(pk__in=set(contract_ids)).select_related("employee")
    terms = {}
    for c in contracts:
        aid_label = AID_LABELS.get(c.kind, "Aide à l'emploi")
        if c.aid_reference:
            aid_label = f"{aid_label} n° {c.aid_reference}"
        terms[c.pk] = compute.ContractTerms(
            contract_id=c.pk,
            employee_id=c.employee_id,
            employee_label=c.employee.full_name,
            kind=c.kind,
            rome_code=c.rome_code,
            gross_hourly_wage=c.gross_hourly_wage,
            job_title=c.job_title,
            aid_rate_percent=c.aid_rate_percent if c.is_aided else None,
            aid_weekly_hours_cap=c.aid_weekly_hours_cap if c.is_aided else None,
            aid_yearly_amount=c.aid_yearly_amount if c.is_aided else None,
            aid_start=c.aid_start_date,
            aid_end=c.aid_end_date,
            aid_label=aid_label,
        )
    return terms


def subsidies_for(group, month) -> tuple:
    return tuple(
        compute.Subsidy(s.label, s.amount, s.contract_id)
        for s in Subsidy.objects.for_group(group).filter(month=month).order_by("id")
    )


def fees_due(group, month, member_ids) -> tuple:
    """Yearly fees not yet on an invoice of that year: billed on the member's first invoice of the year."""
    billed = set(
        Invoice.objects.for_group(group)
        .filter(period__year=month.year, lines__kind="fee")
        .exclude(status=DocumentStatus.CANCELLED)
        .values_list("member_id", flat=True)
    )
    fees = MembershipFee.objects.for_group(group).filter(year=month.year, member_id__in=member_ids)
    return tuple(
        compute.Fee(f.member_id, f"Cotisation {f.year}", f.amount)
        for f in fees.order_by("member_id")
        if f.member_id not in billed and f.amount > 0
    )


def billed_members(group, month) -> set:
    """Members whose month is already invoiced (draft or issued; a cancelled invoice frees it)."""
    return set(
        Invoice.objects.for_group(group)
        .filter(period=month)
        .exclude(status=DocumentStatus.CANCELLED)
        .values_list("member_id", flat=True)
    )


def month_of(value) -> datetime.date:
    return compute.month_start(value)
