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

DEFAULT_HOURS_PROVIDER = "mutualis.billing.providers.timesheet_hours"


def no_hours(*, group, month):
    """A provider with no billable hours (for tests and GEs that bill outside Mutualis)."""
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


def extra_charges(group, month, member_ids) -> tuple:
    """Charges other domains put on members' invoices (settings.BILLING_EXTRA_CHARGES: dotted paths
    of functions `(group, month, member_ids) -> tuple[compute.Fee]`), in the setting's order."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    charges = []
    for path in getattr(settings, "BILLING_EXTRA_CHARGES", ()):
        charges.extend(import_string(path)(group, month, member_ids))
    return tuple(charges)


def billed_members(group, month) -> set:
    """Members whose month is already invoiced (draft or issued; a cancelled invoice frees it).
    Services sold during the month (kind « service ») do not count."""
    return set(
        Invoice.objects.for_group(group)
        .filter(period=month)
        .exclude(status=DocumentStatus.CANCELLED)
        .exclude(kind="service")
        .values_list("member_id", flat=True)
    )


def month_of(value) -> datetime.date:
    return compute.month_start(value)


# --- Balances, unpaid invoices, true-up inputs ----------------------------------------


def remaining_due(invoice):
    """What is left to pay on an issued invoice: total − credit notes − payments."""
    from django.db.models import Sum

    credited = invoice.credit_notes.exclude(status=DocumentStatus.DRAFT).aggregate(s=Sum("total_incl_tax"))[
        "s"
    ]
    paid = invoice.payments.aggregate(s=Sum("amount"))["s"]
    return invoice.total_incl_tax - (credited or 0) - (paid or 0)


def _issued_with_balances(group, member_ids=None):
    """Issued invoices annotated with `credited_total` and `paid_total` (summed in subqueries)."""
    from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from .models import CreditNote, Payment

    money = DecimalField(max_digits=12, decimal_places=2)

    def summed(qs, field):
        total = qs.values("invoice_id").annotate(s=Sum(field)).values("s")
        return Coalesce(Subquery(total, output_field=money), Value(0), output_field=money)

    credited = CreditNote.objects.filter(invoice_id=OuterRef("pk")).exclude(status=DocumentStatus.DRAFT)
    paid = Payment.objects.filter(invoice_id=OuterRef("pk"))
    issued = (
        Invoice.objects.for_group(group)
        .filter(status=DocumentStatus.ISSUED)
        .annotate(credited_total=summed(credited, "total_incl_tax"), paid_total=summed(paid, "amount"))
    )
    if member_ids is not None:
        issued = issued.filter(member_id__in=member_ids)
    return issued


def unpaid_summary(group, on, member_ids=None):
    """{count, late, remaining} of `unpaid_invoices` without building the invoices: one query of
    four values a row (the dashboard shows only these figures)."""
    from decimal import Decimal

    count = late = 0
    remaining = Decimal("0")
    rows = _issued_with_balances(group, member_ids).values_list(
        "total_incl_tax", "credited_total", "paid_total", "due_date"
    )
    for total, credited, paid, due_date in rows.order_by():
        left = total - credited - paid
        if left > 0:
            count += 1
            remaining += left
            if due_date and (on - due_date).days > 0:
                late += 1
    return {"count": count, "late": late, "remaining": remaining}


def unpaid_invoices(group, on, member_ids=None):
    """Issued invoices with something left to pay, with days late at `on` (0 when not yet due).

    Three queries whatever the number of invoices (credit notes and payments summed in subqueries).
    """
    issued = _issued_with_balances(group, member_ids).select_related("member")
    result = []
    for invoice in issued.order_by("due_date", "number"):
        left = invoice.total_incl_tax - invoice.credited_total - invoice.paid_total
        if left > 0:
            late = max((on - invoice.due_date).days, 0) if invoice.due_date else 0
            result.append({"invoice": invoice, "remaining": left, "days_late": late})
    return result


def settings_for(group):
    """The GE's billing settings; the defaults (unsaved) until someone saves them."""
    from .models import BillingSettings

    return BillingSettings.objects.filter(group=group).first() or BillingSettings(group=group)


def member_balances(group):
    """Per member: invoiced, credited, paid, balance, deposit, exposure (balance beyond the deposit),
    and usage share (hours billed over the last 12 months / all members', the apportionment basis of
    joint liability when the statutes choose "pro rata of use")."""
    from decimal import Decimal

    from django.db.models import Sum

    from mutualis.members.models import Member

    from .models import CreditNote, Payment

    def totals(qs, field):
        return dict(qs.values("member_id").annotate(s=Sum(field)).values_list("member_id", "s"))

    documents = Invoice.objects.for_group(group).exclude(status=DocumentStatus.DRAFT)
    invoiced = totals(documents, "total_incl_tax")
    credited = totals(
        CreditNote.objects.for_group(group).exclude(status=DocumentStatus.DRAFT), "total_incl_tax"
    )
    paid = totals(Payment.objects.for_group(group), "amount")
    latest = documents.order_by("-period").values_list("period", flat=True).first()
    hours = {}
    if latest:
        since = (
            compute.month_start(latest.replace(year=latest.year - 1))
            if latest.month == 12
            else (latest.replace(year=latest.year - 1, month=latest.month + 1))
        )
        hours = totals(documents.filter(status=DocumentStatus.ISSUED, period__gte=since), "hours")
    all_hours = sum(hours.values(), Decimal("0"))
    rows = []
    for member in Member.objects.for_group(group).order_by("name", "id"):
        balance = (invoiced.get(member.pk) or 0) - (credited.get(member.pk) or 0) - (paid.get(member.pk) or 0)
        rows.append(
            {
                "member": member,
                "invoiced": invoiced.get(member.pk) or Decimal("0.00"),
                "credited": credited.get(member.pk) or Decimal("0.00"),
                "paid": paid.get(member.pk) or Decimal("0.00"),
                "balance": balance,
                "deposit": member.deposit,
                "exposure": max(balance - member.deposit, Decimal("0.00")),
                "usage_share": (hours.get(member.pk, 0) / all_hours * 100).quantize(Decimal("0.01"))
                if all_hours
                else Decimal("0.00"),
            }
        )
    return rows


def billed_hours_for_year(group, year):
    """Hours and amounts billed per (member, contract) in a year's monthly invoices (issued, not
    cancelled): hours lines plus hours settlements. Partial credit notes on hours are not attributed
    to contracts and stay outside the true-up."""
    from django.db.models import Sum

    from .models import InvoiceKind, InvoiceLine

    rows = (
        InvoiceLine.objects.filter(
            document__group=group,
            document__period__year=year,
            document__kind=InvoiceKind.MONTHLY,
            document__status=DocumentStatus.ISSUED,
            kind__in=["hours", "settlement"],
            contract__isnull=False,
        )
        .values("document__member_id", "contract_id")
        .annotate(hours=Sum("quantity"), amount=Sum("amount"))
        .order_by("document__member_id", "contract_id")
    )
    return [
        compute.BilledHours(r["document__member_id"], r["contract_id"], r["hours"], r["amount"]) for r in rows
    ]


def aids_per_member(group, year):
    """For each member, the aids received on its behalf (type, agreement number, amount) over a year,
    as the GE must report them (loi travail 2016): the aid deductions of its issued invoices, credit
    notes of cancelled invoices excluded."""
    from decimal import Decimal

    from django.db.models import Sum

    from .models import InvoiceLine

    rows = (
        InvoiceLine.objects.filter(
            document__group=group,
            document__period__year=year,
            document__status=DocumentStatus.ISSUED,
            kind="aid",
            contract__isnull=False,
        )
        .values(
            "document__member_id",
            "document__member__name",
            "contract_id",
            "contract__kind",
            "contract__aid_reference",
            "contract__employee__first_name",
            "contract__employee__last_name",
        )
        .annotate(amount=Sum("amount"))
        .order_by("document__member__name", "document__member_id", "contract_id")
    )
    from mutualis.employees.models import ContractKind

    labels = dict(ContractKind.choices)
    return [
        {
            "member_id": r["document__member_id"],
            "member": r["document__member__name"],
            "aid_type": str(labels.get(r["contract__kind"], r["contract__kind"])),
            "reference": r["contract__aid_reference"],
            "employee": f"{r['contract__employee__first_name']} {r['contract__employee__last_name']}",
            "amount": -(r["amount"] or Decimal("0")),
        }
        for r in rows
    ]


# --- Why a run is blocked (issue 11, item 5) -------------------------------------------


CAUSE_ORDER = [
    compute.Cause.HOURS_NOT_VALIDATED,
    compute.Cause.UNUSUAL_HOURS,
    compute.Cause.NO_CONTRACT,
    compute.Cause.COST_PARAMETERS,
    compute.Cause.MINIMUM_WAGE,
    compute.Cause.BELOW_COST,
    compute.Cause.SUBSIDY,
    compute.Cause.TRUE_UP,
    compute.Cause.OTHER,
]


def _cause_sentence(code, count, month):
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    label = date_format(month, "F Y")
    sentences = {
        compute.Cause.HOURS_NOT_VALIDATED: ngettext(
            "Les heures de %(count)d salarié ne sont ni validées par l'adhérent ni clôturées pour %(month)s.",
            "Les heures de %(count)d salariés ne sont ni validées par leur adhérent ni clôturées pour %(month)s.",
            count,
        ),
        compute.Cause.UNUSUAL_HOURS: ngettext(
            "%(count)d relevé de %(month)s contient des heures inhabituelles que le groupement n'a pas revues.",
            "%(count)d relevés de %(month)s contiennent des heures inhabituelles que le groupement n'a pas revues.",
            count,
        ),
        compute.Cause.NO_CONTRACT: ngettext(
            "%(count)d relevé d'heures n'est rattaché à aucun contrat de travail.",
            "%(count)d relevés d'heures ne sont rattachés à aucun contrat de travail.",
            count,
        ),
        compute.Cause.COST_PARAMETERS: _(
            "Les paramètres de coût (cotisations patronales, congés payés) en vigueur en %(month)s manquent."
        ),
        compute.Cause.MINIMUM_WAGE: _(
            "Le SMIC horaire en vigueur en %(month)s manque pour calculer les aides."
        ),
        compute.Cause.BELOW_COST: ngettext(
            "%(count)d ligne serait facturée en dessous du coût horaire du salarié.",
            "%(count)d lignes seraient facturées en dessous du coût horaire des salariés.",
            count,
        ),
        compute.Cause.SUBSIDY: ngettext(
            "%(count)d subvention à rétrocéder n'a aucune heure du mois sur laquelle se répartir.",
            "%(count)d subventions à rétrocéder n'ont aucune heure du mois sur laquelle se répartir.",
            count,
        ),
        compute.Cause.TRUE_UP: _("Des coûts annuels réels manquent pour la régularisation."),
        compute.Cause.OTHER: ngettext(
            "%(count)d autre anomalie empêche la facturation.",
            "%(count)d autres anomalies empêchent la facturation.",
            count,
        ),
    }
    return sentences.get(code, sentences[compute.Cause.OTHER]) % {"count": count, "month": label}


def run_causes(run):
    """Why a run is blocked: [{"code", "sentence", "details"}], one sentence per cause, in the order a
    GE fixes them (hours first, then rates). Runs saved before causes were recorded count as OTHER."""
    codes = list(run.problem_codes or [])
    codes += [compute.Cause.OTHER] * (len(run.problems or []) - len(codes))
    grouped = {}
    for code, problem in zip(codes, run.problems or [], strict=False):
        grouped.setdefault(code if code in CAUSE_ORDER else compute.Cause.OTHER, []).append(problem)
    return [
        {
            "code": code,
            "sentence": _cause_sentence(code, len(grouped[code]), run.month),
            "details": grouped[code],
        }
        for code in CAUSE_ORDER
        if code in grouped
    ]
