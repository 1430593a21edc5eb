"""Billing reports (reads): the equal-treatment check, the GE's economic model, payroll variables.

Hours come from issued monthly invoices (hours lines plus hours settlements, so that a month billed
on planned hours counts its actual hours once settled) for the yearly reports, and from the billable
hours source (`selectors.billable_hour_lines`) for the payroll variables of a month, which are
needed before the month is invoiced. Every amount is rounded once, with `compute.round_amount`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from mutualis.employees.models import Contract

from . import compute, selectors
from .models import (
    CreditNote,
    DocumentStatus,
    InvoiceKind,
    InvoiceLine,
    ReferencePay,
    YearlyCost,
)

ZERO = Decimal("0.00")
HOUR_KINDS = ("hours", "settlement")


# --- Equal treatment (prime différentielle) ---------------------------------------------


class ReferenceTable:
    """A GE's reference pays, found for (member, contract, day): ROME code first, then job title."""

    def __init__(self, group):
        self._rows = defaultdict(list)
        for ref in ReferencePay.objects.for_group(group).order_by("valid_from", "id"):
            self._rows[ref.member_id].append(ref)

    def find(self, member_id, contract, on):
        rows = [r for r in self._rows.get(member_id, ()) if r.valid_from <= on]
        by_rome = [r for r in rows if r.rome_code and r.rome_code == contract.rome_code]
        by_title = [
            r
            for r in rows
            if not r.rome_code and r.job_title.strip().lower() == contract.job_title.strip().lower()
        ]
        candidates = by_rome or by_title
        return max(candidates, key=lambda r: (r.valid_from, r.id)) if candidates else None


@dataclass
class EqualTreatmentRow:
    employee: str
    employee_id: int
    member: str
    member_id: int
    job_title: str
    hours: Decimal
    ge_hourly_pay: Decimal
    reference: ReferencePay | None

    @property
    def reference_hourly_pay(self):
        return self.reference.hourly_pay if self.reference else None

    @property
    def gap_per_hour(self):
        """Reference − GE pay, never negative (the GE pays at least the member's pay, not less)."""
        if self.reference is None:
            return None
        return max(self.reference.hourly_pay - self.ge_hourly_pay, Decimal("0"))

    @property
    def bonus_due(self):
        """Rounding: once per row, to the cent, half up: hours × gap per hour."""
        gap = self.gap_per_hour
        return compute.round_amount(self.hours * gap) if gap is not None else None


def _hours_by_month(group, year, member_ids=None):
    """(member, contract, month) -> hours billed on issued monthly invoices of the year."""
    qs = InvoiceLine.objects.filter(
        document__group=group,
        document__period__year=year,
        document__kind=InvoiceKind.MONTHLY,
        document__status=DocumentStatus.ISSUED,
        kind__in=HOUR_KINDS,
        contract__isnull=False,
    )
    if member_ids is not None:
        qs = qs.filter(document__member_id__in=member_ids)
    rows = (
        qs.values("document__member_id", "contract_id", "document__period")
        .annotate(hours=Sum("quantity"))
        .order_by("document__member_id", "contract_id", "document__period")
    )
    return [(r["document__member_id"], r["contract_id"], r["document__period"], r["hours"]) for r in rows]


def equal_treatment(group, year):
    """Per employee and member: hours billed in the year, GE hourly pay, member's reference pay and the
    differential bonus due pro rata of the time spent there. A row splits when the reference changes
    during the year. Rows without a reference are kept (the report shows what is missing)."""
    from mutualis.members.models import Member

    hours = _hours_by_month(group, year)
    contracts = {
        c.pk: c
        for c in Contract.objects.for_group(group)
        .filter(pk__in={row[1] for row in hours})
        .select_related("employee")
    }
    members = dict(Member.objects.for_group(group).values_list("pk", "name"))
    references = ReferenceTable(group)
    grouped = {}
    for member_id, contract_id, month, month_hours in hours:
        contract = contracts[contract_id]
        reference = references.find(member_id, contract, month)
        key = (contract_id, member_id, reference.pk if reference else None)
        row = grouped.get(key)
        if row is None:
            row = grouped[key] = EqualTreatmentRow(
                employee=contract.employee.full_name,
                employee_id=contract.employee_id,
                member=members.get(member_id, ""),
                member_id=member_id,
                job_title=contract.job_title,
                hours=Decimal("0"),
                ge_hourly_pay=contract.gross_hourly_wage,
                reference=reference,
            )
        row.hours += month_hours
    return sorted(
        (row for row in grouped.values() if row.hours),
        key=lambda r: (r.employee, r.employee_id, r.member, r.member_id, r.reference_hourly_pay or 0),
    )


def equal_treatment_totals(rows):
    due = [r.bonus_due for r in rows if r.bonus_due is not None]
    return {
        "bonus_due": sum(due, ZERO),
        "missing_references": sum(1 for r in rows if r.reference is None),
        "rows_with_bonus": sum(1 for d in due if d > 0),
    }


# --- The GE's economic model ------------------------------------------------------------


@dataclass
class EconomicModel:
    year: int
    revenue: dict = field(default_factory=dict)  # source -> amount (excl. VAT)
    costs: dict = field(default_factory=dict)  # item -> amount
    monthly_revenue: list = field(default_factory=list)  # [(month, amount)]
    wage_mass: Decimal = ZERO  # gross wage × billed hours
    hours: Decimal = ZERO
    estimated_contracts: int = 0  # payroll estimated from billed hours (no yearly actual cost)
    problems: list = field(default_factory=list)

    @property
    def total_revenue(self):
        return sum(self.revenue.values(), ZERO)

    @property
    def total_costs(self):
        return sum(self.costs.values(), ZERO)

    @property
    def result(self):
        return self.total_revenue - self.total_costs

    @property
    def hours_revenue_gross(self):
        """What the hours were billed before aid and subsidy deductions (coefficient × wage mass)."""
        return self.revenue["hours"] + self.revenue["aids"] + self.revenue["subsidies"]

    @property
    def average_coefficient(self):
        if not self.wage_mass:
            return None
        return (self.hours_revenue_gross / self.wage_mass).quantize(Decimal("0.001"))

    @property
    def break_even_coefficient(self):
        """The coefficient on gross wages at which hours (with fees) pay every cost:
        (costs − membership fees) / (gross wage × billed hours), 3 decimals, rounded up-half."""
        if not self.wage_mass:
            return None
        return ((self.total_costs - self.revenue["fees"]) / self.wage_mass).quantize(Decimal("0.001"))


REVENUE_SOURCES = ("hours", "aids", "subsidies", "fees")


def economic_model(group, year, overheads=ZERO):
    """Revenue by source, costs and the break-even coefficient of a year.

    Revenue (excl. VAT, issued invoices of the year's months, cancelled ones left out):
    - hours: what members pay for hours — hours, settlements and true-up lines, net of the aid and
      subsidy deductions, less partial and true-up credit notes;
    - aids: employment aids received on members' behalf (the deductions, as positive amounts);
    - subsidies: subsidies passed on to members (same);
    - fees: membership fees.
    Costs: payroll at cost — each contract's actual yearly cost when entered, else its billed hours
    × exact hourly cost (cost parameters in force each month), flagged as estimated; plus `overheads`
    (running costs entered on the page).
    """
    lines = (
        InvoiceLine.objects.filter(
            document__group=group, document__period__year=year, document__status=DocumentStatus.ISSUED
        )
        .values("kind", "document__period")
        .annotate(amount=Sum("amount"))
        .order_by("document__period", "kind")
    )
    revenue = dict.fromkeys(REVENUE_SOURCES, ZERO)
    monthly = defaultdict(lambda: ZERO)
    for row in lines:
        kind, amount, month = row["kind"], row["amount"] or ZERO, row["document__period"]
        if kind == "aid":
            revenue["aids"] -= amount
            revenue["hours"] += amount
        elif kind == "subsidy":
            revenue["subsidies"] -= amount
            revenue["hours"] += amount
        elif kind == "fee":
            revenue["fees"] += amount
        else:
            revenue["hours"] += amount
        monthly[month] += amount
    # Partial credit notes on the year's invoices (still issued) and the year's true-up credit notes.
    credited = (
        CreditNote.objects.for_group(group)
        .exclude(status=DocumentStatus.DRAFT)
        .filter(
            Q(cancels_invoice=False, invoice__period__year=year, invoice__status=DocumentStatus.ISSUED)
            | Q(true_up_year=year)
        )
        .aggregate(s=Sum("total_excl_tax"))["s"]
    )
    revenue["hours"] -= credited or ZERO
    # Sums of amounts already rounded to the cent: quantize only normalises what the database returns.
    model = EconomicModel(year=year, revenue={k: compute.round_amount(v) for k, v in revenue.items()})
    model.monthly_revenue = [
        (datetime.date(year, m, 1), compute.round_amount(monthly.get(datetime.date(year, m, 1), ZERO)))
        for m in range(1, 13)
    ]
    # Payroll: actual yearly costs, else billed hours × exact hourly cost.
    hours = _hours_by_month(group, year)
    contract_ids = {row[1] for row in hours}
    actual = {c.contract_id: c.amount for c in YearlyCost.objects.for_group(group).filter(year=year)}
    contracts = {c.pk: c for c in Contract.objects.for_group(group).filter(pk__in=contract_ids | set(actual))}
    rates = selectors.rates_for_group(group)
    estimated = defaultdict(lambda: ZERO)
    for _member_id, contract_id, month, month_hours in hours:
        contract = contracts[contract_id]
        model.hours += month_hours
        model.wage_mass += month_hours * contract.gross_hourly_wage
        if contract_id in actual:
            continue
        terms = compute.ContractTerms(
            contract_id=contract.pk,
            employee_id=contract.employee_id,
            employee_label="",
            kind=contract.kind,
            rome_code=contract.rome_code,
            gross_hourly_wage=contract.gross_hourly_wage,
        )
        cost = rates.hourly_cost(terms, month)
        if cost is None:
            model.problems.append(month)
            continue
        estimated[contract_id] += month_hours * cost[0]
    model.wage_mass = compute.round_amount(model.wage_mass)
    model.estimated_contracts = len(estimated)
    model.costs = {
        "payroll": sum(actual.values(), ZERO) + compute.round_amount(sum(estimated.values(), ZERO)),
        "overheads": compute.round_amount(Decimal(overheads or 0)),
    }
    model.problems = sorted(set(model.problems))
    return model


# --- Payroll variables --------------------------------------------------------------------


@dataclass
class PayrollRow:
    employee: str
    employee_id: int
    contract: str
    month: datetime.date
    hours: Decimal
    actual: bool  # False when some hours are still planned ones (timesheet not validated)
    members: str
    gross_hourly_wage: Decimal
    equal_treatment_bonus: Decimal | None


def payroll_variables(group, month):
    """Per employee (contract) for a month: hours across members (actual when validated, else planned,
    flagged), gross hourly wage, and the differential bonus due at members whose reference pay is
    higher. From the billable hours source, so it is ready before the month is invoiced."""
    from mutualis.members.models import Member

    month = compute.month_start(month)
    lines = selectors.billable_hour_lines(group=group, month=month)
    contracts = {
        c.pk: c
        for c in Contract.objects.for_group(group)
        .filter(pk__in={line.contract_id for line in lines})
        .select_related("employee")
    }
    members = dict(Member.objects.for_group(group).values_list("pk", "name"))
    references = ReferenceTable(group)
    per_contract = {}
    for line in lines:
        contract = contracts.get(line.contract_id)
        if contract is None:
            continue
        hours = line.actual_hours if line.actual_hours is not None else (line.planned_hours or Decimal("0"))
        entry = per_contract.setdefault(
            contract.pk, {"hours": Decimal("0"), "actual": True, "members": {}, "contract": contract}
        )
        entry["hours"] += hours
        entry["actual"] = entry["actual"] and line.actual_hours is not None
        entry["members"][line.member_id] = entry["members"].get(line.member_id, Decimal("0")) + hours
    rows = []
    for entry in per_contract.values():
        contract = entry["contract"]
        bonus = None
        for member_id, member_hours in entry["members"].items():
            reference = references.find(member_id, contract, month)
            if reference is None:
                continue
            gap = max(reference.hourly_pay - contract.gross_hourly_wage, Decimal("0"))
            bonus = (bonus or ZERO) + compute.round_amount(member_hours * gap)
        rows.append(
            PayrollRow(
                employee=contract.employee.full_name,
                employee_id=contract.employee_id,
                contract=str(contract.get_kind_display()) + " — " + contract.job_title,
                month=month,
                hours=entry["hours"],
                actual=entry["actual"],
                members=", ".join(sorted(members.get(m, "") for m in entry["members"])),
                gross_hourly_wage=contract.gross_hourly_wage,
                equal_treatment_bonus=bonus,
            )
        )
    rows.sort(key=lambda r: (r.employee, r.employee_id, r.contract))
    return rows
