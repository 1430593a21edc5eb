"""Pure billing computation: billable hour lines + rates + aids -> one invoice draft per member.

No Django import: the billing run (services.py), tests, commands and benchmarks call
`compute_invoices` with plain values. Every rounding happens in this module, in two
functions whose rule is written next to them:

- `round_rate`: a derived hourly rate (wage × coefficient, exact hourly cost) is a price,
  kept with 4 decimals as on French payslips, ROUND_HALF_UP. The invoice shows it, so that
  "quantity × unit price" can be checked by hand.
- `round_amount`: every amount (a line, an aid of the month, the VAT) is rounded ONCE to
  the cent, ROUND_HALF_UP, at the moment it is produced; totals are sums of rounded lines.
- `allocate`: an amount shared pro rata of hours (aid, subsidy) is split into cents so that
  the shares add up exactly to the amount (largest remainder, ties in the order given).

See docs/billing.md for the rules and the reasons.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RATE_QUANTUM = Decimal("0.0001")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
VAT_STANDARD_RATE = Decimal("20.00")
# Weekly capped hours of an aid become monthly hours as 52 weeks / 12 months.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
VAT_EXEMPTION_MENTION = "TVA non applicable – article 261 B du CGI"


def round_amount(value: Decimal) -> Decimal:
    """Rounding rule for amounts: once, to the cent, half up (0.005 -> 0.01)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_rate(value: Decimal) -> Decimal:
    """Rounding rule for derived hourly rates: 4 decimals, half up."""
    return value.quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def allocate(amount: Decimal, weights: list[tuple[object, Decimal]]) -> dict[object, Decimal]:
    """Split `amount` (cents-exact, >= 0) pro rata of `weights`, so that the shares sum to `amount`.

    Each share is first rounded down to the cent; the cents left over go one by one to the
    shares with the largest dropped fraction (ties: the order of `weights`).
    """
    positive = [(key, w) for key, w in weights if w > 0]
    if not positive or amount == 0:
        return {key: ZERO.quantize(CENT) for key, _ in weights}
    total_weight = sum(w for _, w in positive)
    cents = int((amount / CENT).to_integral_value())
    shares, fractions = {}, []
    for index, (key, weight) in enumerate(positive):
        exact = Decimal(cents) * weight / total_weight
        floor = int(exact.to_integral_value(rounding=ROUND_DOWN))
        shares[key] = floor
        fractions.append((exact - floor, -index, key))
    left = cents - sum(shares.values())
    for _, _, key in sorted(fractions, reverse=True)[:left]:
        shares[key] += 1
    result = {key: ZERO.quantize(CENT) for key, _ in weights}
    result.update({key: Decimal(c) * CENT for key, c in shares.items()})
    return result


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    nxt = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return nxt - datetime.timedelta(days=1)


def previous_month(day: datetime.date) -> datetime.date:
    return month_start(month_start(day) - datetime.timedelta(days=1))


def months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


# --- Inputs ---------------------------------------------------------------------------


class LineKind:
    HOURS = "hours"
    AID = "aid"
    SUBSIDY = "subsidy"
    SETTLEMENT = "settlement"
    FEE = "fee"
    TRAINING = "training"
    TRUE_UP = "true_up"


class Method:
    COEFFICIENT = "coefficient"
    FIXED_RATE = "fixed_rate"
    AT_COST = "at_cost"


class Mode:
    ACTUAL = "actual"
    PLANNED_THEN_ACTUAL = "planned_then_actual"


@dataclass(frozen=True)
class ContractTerms:
    """What billing needs from a contract (see mutualis.employees.models.Contract)."""

    contract_id: object
    employee_id: object
    employee_label: str
    kind: str
    rome_code: str
    gross_hourly_wage: Decimal
    job_title: str = ""
    aid_rate_percent: Decimal | None = None
    aid_weekly_hours_cap: Decimal | None = None
    aid_yearly_amount: Decimal | None = None
    aid_start: datetime.date | None = None
    aid_end: datetime.date | None = None
    aid_label: str = ""

    @property
    def has_aid(self):
        return self.aid_rate_percent is not None or self.aid_yearly_amount is not None


@dataclass(frozen=True)
class PlacementTerms:
    """The price written on a placement (mise à disposition): its own hourly rate or coefficient.

    It overrides the GE's rate rules (agreed rates, coefficients) for the hours worked under that
    placement, so that the placement agreement and the invoice say the same (ADR 2026-12-03).
    Only an at-cost GE (art. 261 B) ignores it: it must bill the exact cost.
    """

    hourly_rate: Decimal | None = None
    coefficient: Decimal | None = None
    start_date: datetime.date | None = None

    def __post_init__(self):
        if self.hourly_rate is not None and self.coefficient is not None:
            raise ValueError("a placement has an hourly rate or a coefficient, not both")

    @property
    def label(self):
        return (
            f"mise à disposition du {self.start_date:%d/%m/%Y}" if self.start_date else "mise à disposition"
        )


@dataclass(frozen=True)
class HourLine:
    """Billable hours of one employee (contract) at one member in one month.

    `planned_hours` come from the planning, `actual_hours` from validated timesheets
    (None while the month is not over). Several lines with the same key are summed.
    """

    member_id: object
    contract_id: object
    month: datetime.date
    planned_hours: Decimal | None = None
    actual_hours: Decimal | None = None
    source: str = ""  # where the hours come from, named in problems (e.g. a timesheet without contract)
    placement: PlacementTerms | None = None  # the placement's own price, when it has one
    unreviewed_anomalies: int = 0  # days of unusual actual hours not reviewed at closing yet


@dataclass(frozen=True)
class Coefficient:
    value: Decimal
    valid_from: datetime.date
    contract_kind: str = ""
    rome_code: str = ""

    def specificity(self, terms: ContractTerms) -> int | None:
        """3 = job and kind, 2 = job, 1 = contract kind, 0 = GE-wide; None = does not apply."""
        if self.rome_code and self.rome_code != terms.rome_code:
            return None
        if self.contract_kind and self.contract_kind != terms.kind:
            return None
        return (2 if self.rome_code else 0) + (1 if self.contract_kind else 0)


@dataclass(frozen=True)
class FixedRate:
    member_id: object
    contract_id: object
    hourly_rate: Decimal
    valid_from: datetime.date


@dataclass(frozen=True)
class CostParameters:
    """Exact-cost parameters, percentages as entered (42.00 means 42 %)."""

    valid_from: datetime.date
    employer_contribution_rate: Decimal
    paid_leave_rate: Decimal = Decimal("10.00")
    equal_treatment_bonus_per_hour: Decimal = ZERO


@dataclass(frozen=True)
class MinimumWage:
    valid_from: datetime.date
    hourly_amount: Decimal


@dataclass(frozen=True)
class Subsidy:
    """A subsidy received by the GE for the month, passed on to members pro rata of hours.

    With a contract, it is shared among the members who used that contract; else among all.
    """

    label: str
    amount: Decimal
    contract_id: object = None


@dataclass(frozen=True)
class Fee:
    """A fixed amount on a member's invoice: the yearly fee, or an extra charge from another domain
    (settings.BILLING_EXTRA_CHARGES, e.g. the net cost of a training) with its own line kind."""

    member_id: object
    label: str
    amount: Decimal
    kind: str = "fee"
    employee_id: object = None


def _latest(rows, on):
    valid = [r for r in rows if r.valid_from <= on]
    return max(valid, key=lambda r: r.valid_from) if valid else None


@dataclass
class Rates:
    """Every dated rule of one GE. The rule in force on the 1st of the billed month applies."""

    default_coefficient: Decimal
    at_cost: bool = False
    coefficients: list[Coefficient] = field(default_factory=list)
    fixed_rates: list[FixedRate] = field(default_factory=list)
    cost_parameters: list[CostParameters] = field(default_factory=list)
    minimum_wages: list[MinimumWage] = field(default_factory=list)

    def __post_init__(self):
        self._fixed = defaultdict(list)
        for rate in self.fixed_rates:
            self._fixed[(rate.member_id, rate.contract_id)].append(rate)

    def coefficient_for(self, terms: ContractTerms, on: datetime.date) -> tuple[Decimal, str]:
        best = None
        for coefficient in self.coefficients:
            score = coefficient.specificity(terms)
            if score is None or coefficient.valid_from > on:
                continue
            key = (score, coefficient.valid_from)
            if best is None or key > best[0]:
                best = (key, coefficient)
        if best is None:
            return self.default_coefficient, "défaut du GE"
        coefficient = best[1]
        scope = {3: "emploi et contrat", 2: "emploi", 1: "type de contrat", 0: "GE"}[best[0][0]]
        return coefficient.value, f"{scope}, depuis le {coefficient.valid_from:%d/%m/%Y}"

    def fixed_rate_for(self, member_id, contract_id, on) -> FixedRate | None:
        return _latest(self._fixed.get((member_id, contract_id), ()), on)

    def cost_parameters_on(self, on) -> CostParameters | None:
        return _latest(self.cost_parameters, on)

    def minimum_wage_on(self, on) -> MinimumWage | None:
        return _latest(self.minimum_wages, on)

    def hourly_cost(self, terms: ContractTerms, on) -> tuple[Decimal, str] | None:
        """Exact hourly cost = (wage + equal-treatment bonus) × (1 + leave) × (1 + contributions).

        The paid-leave provision is part of the pay, so contributions apply to it too.
        """
        params = self.cost_parameters_on(on)
        if params is None:
            return None
        base = terms.gross_hourly_wage + params.equal_treatment_bonus_per_hour
        exact = (
            base * (1 + params.paid_leave_rate / HUNDRED) * (1 + params.employer_contribution_rate / HUNDRED)
        )
        explanation = (
            f"({_fmt(terms.gross_hourly_wage)} + prime {_fmt(params.equal_treatment_bonus_per_hour)})"
            f" × (1 + congés {_fmt(params.paid_leave_rate)} %)"
            f" × (1 + cotisations {_fmt(params.employer_contribution_rate)} %)"
        )
        return round_rate(exact), explanation

    def billing_rate(
        self, member_id, terms: ContractTerms, on, placement: PlacementTerms | None = None
    ) -> tuple[Decimal, str, str] | None:
        """(hourly rate, method, explanation), or None when the rate cannot be set (missing parameter).

        The one source of the price of an hour, used by billing AND by the placement agreement:
        at cost (art. 261 B GE) > the placement's own hourly rate > the placement's own coefficient
        > the GE's agreed rate for the member and contract > the GE's coefficient rules > its default.
        """
        if self.at_cost:
            cost = self.hourly_cost(terms, on)
            if cost is None:
                return None
            return cost[0], Method.AT_COST, f"coût exact : {cost[1]}"
        if placement is not None and placement.hourly_rate is not None:
            return (
                round_rate(placement.hourly_rate),
                Method.FIXED_RATE,
                f"taux horaire de la {placement.label}",
            )
        if placement is not None and placement.coefficient is not None:
            rate = round_rate(terms.gross_hourly_wage * placement.coefficient)
            return (
                rate,
                Method.COEFFICIENT,
                f"{_fmt(terms.gross_hourly_wage)} brut × coefficient {_fmt(placement.coefficient)}"
                f" ({placement.label})",
            )
        fixed = self.fixed_rate_for(member_id, terms.contract_id, on)
        if fixed is not None:
            return (
                fixed.hourly_rate,
                Method.FIXED_RATE,
                f"taux horaire convenu depuis le {fixed.valid_from:%d/%m/%Y}",
            )
        coefficient, source = self.coefficient_for(terms, on)
        rate = round_rate(terms.gross_hourly_wage * coefficient)
        return (
            rate,
            Method.COEFFICIENT,
            f"{_fmt(terms.gross_hourly_wage)} brut × coefficient {_fmt(coefficient)} ({source})",
        )


def fmt_decimal(value: Decimal) -> str:
    """French display of a rate or quantity, as in invoice explanations (23,50 ; 23,375)."""
    return _fmt(value)


def _fmt(value: Decimal) -> str:
    """French display for explanations: decimal comma; whole numbers bare, else at least 2 decimals."""
    text = format(value.normalize(), "f")
    if "." in text and len(text.split(".")[1]) == 1:
        text += "0"
    return text.replace(".", ",")


# --- Outputs --------------------------------------------------------------------------


@dataclass
class DraftLine:
    kind: str
    label: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    contract_id: object = None
    employee_id: object = None
    explanation: str = ""
    method: str = ""


@dataclass
class InvoiceDraft:
    member_id: object
    month: datetime.date
    lines: list[DraftLine]
    vat_rate: Decimal
    total_excl_tax: Decimal
    vat_amount: Decimal
    total_incl_tax: Decimal
    vat_mention: str = ""
    hours: Decimal = ZERO


@dataclass(frozen=True)
class BelowCostLine:
    member_id: object
    contract_id: object
    employee_label: str
    month: datetime.date
    hours: Decimal
    rate: Decimal
    hourly_cost: Decimal

    def __str__(self):
        return (
            f"{self.employee_label} ({self.month:%m/%Y}) : taux {_fmt(self.rate)} € "
            f"< coût horaire {_fmt(self.hourly_cost)} € sur {_fmt(self.hours)} h"
        )


class Problem(str):
    """A reason a run cannot bill, in French, with the code of its cause (see `Cause`)."""

    code = "other"

    def __new__(cls, code, text):
        obj = super().__new__(cls, text)
        obj.code = code
        return obj


class Cause:
    """Codes of the causes that block a run; the pages give one sentence and a link per cause."""

    HOURS_NOT_VALIDATED = "hours_not_validated"
    UNUSUAL_HOURS = "unusual_hours"
    NO_CONTRACT = "no_contract"
    COST_PARAMETERS = "cost_parameters"
    MINIMUM_WAGE = "minimum_wage"
    BELOW_COST = "below_cost"
    SUBSIDY = "subsidy"
    TRUE_UP = "true_up"
    OTHER = "other"


def problem_code(problem) -> str:
    if isinstance(problem, BelowCostLine):
        return Cause.BELOW_COST
    return getattr(problem, "code", Cause.OTHER)


class BillingError(Exception):
    """The run cannot produce invoices; `problems` lists every reason, in French."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class BelowCostError(BillingError):
    """At least one line would be billed below cost: the run stops and lists them all."""


class MissingParameterError(BillingError):
    pass


# --- Computation ----------------------------------------------------------------------


@dataclass
class _Priced:
    """Lines of one month for all members, before VAT, keyed for the settlement."""

    lines: dict  # (member_id, kind, contract_id, label) -> DraftLine
    hours: dict  # member_id -> Decimal


def _own_terms(placement):
    """A placement without its own price bills by the GE's rules: same line as no placement."""
    if placement is None or (placement.hourly_rate is None and placement.coefficient is None):
        return None
    return placement


def _sum_hours(lines, attribute):
    """(member, contract, placement terms) -> hours, in first-seen order. Missing hours count as an error."""
    totals, missing = {}, []
    for line in lines:
        if line.contract_id is None:
            continue  # reported once by _price_month
        hours = getattr(line, attribute)
        if hours is None:
            missing.append(line)
            continue
        key = (line.member_id, line.contract_id, _own_terms(line.placement))
        totals[key] = totals.get(key, ZERO) + hours
    return totals, missing


def _aid_of_month(terms: ContractTerms, month, contract_hours, rates, problems):
    """Aid received by the GE for this contract and month, or None. One rounding, to the cent."""
    if not terms.has_aid:
        return None
    start, end = month_start(month), month_end(month)
    if (terms.aid_start and terms.aid_start > end) or (terms.aid_end and terms.aid_end < start):
        return None
    label = terms.aid_label or "Aide à l'emploi"
    if terms.aid_rate_percent is not None:
        smic = rates.minimum_wage_on(start)
        if smic is None:
            problems.append(
                Problem(
                    Cause.MINIMUM_WAGE,
                    f"SMIC horaire manquant au {start:%d/%m/%Y} (aide de {terms.employee_label})",
                )
            )
            return None
        cap = terms.aid_weekly_hours_cap
        monthly_cap = cap * WEEKS_PER_MONTH if cap is not None else None
        aided_hours = min(contract_hours, monthly_cap) if monthly_cap is not None else contract_hours
        amount = round_amount(terms.aid_rate_percent / HUNDRED * smic.hourly_amount * aided_hours)
        cap_text = f"min({_fmt(contract_hours)} h, {_fmt(cap)} h × 52/12)" if cap is not None else "heures"
        explanation = (
            f"{_fmt(terms.aid_rate_percent)} % × SMIC {_fmt(smic.hourly_amount)} € × {cap_text}"
            f" = {_fmt(amount)} €"
        )
        return label, amount, explanation
    # A fixed yearly amount: one twelfth a month; the 12th month of each aid year takes
    # what is left, so that a full year adds up exactly to the yearly amount.
    yearly = terms.aid_yearly_amount
    twelfth = round_amount(yearly / 12)
    anchor = month_start(terms.aid_start) if terms.aid_start else start.replace(month=1)
    if months_between(anchor, start) % 12 == 11:
        amount = yearly - 11 * twelfth
        explanation = f"{_fmt(yearly)} € − 11 × {_fmt(twelfth)} € (12e mois de l'année d'aide)"
    else:
        amount = twelfth
        explanation = f"{_fmt(yearly)} € / 12"
    return label, amount, explanation


def _price_month(*, month, lines, attribute, contracts, rates, subsidies, problems, below_cost):
    """Price one month's hours (planned or actual) for every member. Appends to problems/below_cost."""
    on = month_start(month)
    for line in lines:
        if line.contract_id is None:
            problems.append(
                Problem(
                    Cause.NO_CONTRACT,
                    f"{line.source or 'heures'} ({month:%m/%Y}) : aucun contrat de travail à facturer",
                )
            )
    totals, missing = _sum_hours(lines, attribute)
    if attribute == "actual_hours":
        for line in lines:
            if line.unreviewed_anomalies and line.actual_hours is not None:
                terms = contracts.get(line.contract_id)
                who = terms.employee_label if terms else str(line.contract_id)
                problems.append(
                    Problem(
                        Cause.UNUSUAL_HOURS,
                        f"{who} ({month:%m/%Y}) : {line.unreviewed_anomalies} journée(s) aux heures "
                        "inhabituelles à revoir à la clôture du mois",
                    )
                )
    for line in missing:
        terms = contracts.get(line.contract_id)
        who = terms.employee_label if terms else str(line.contract_id)
        kind = "prévues" if attribute == "planned_hours" else "réelles"
        problems.append(
            Problem(Cause.HOURS_NOT_VALIDATED, f"{who} ({month:%m/%Y}) : heures {kind} manquantes")
        )
    priced = _Priced(lines={}, hours=defaultdict(lambda: ZERO))
    contract_hours_by_member = defaultdict(dict)  # contract -> {member: hours}
    split_labels = defaultdict(set)  # (member, contract) -> placement terms seen: >1 names each line
    for member_id, contract_id, placement in totals:
        split_labels[(member_id, contract_id)].add(placement)
    for (member_id, contract_id, placement), hours in totals.items():
        terms = contracts.get(contract_id)
        if terms is None:
            problems.append(Problem(Cause.NO_CONTRACT, f"contrat inconnu : {contract_id}"))
            continue
        if hours < 0:
            problems.append(
                Problem(
                    Cause.OTHER, f"{terms.employee_label} ({month:%m/%Y}) : heures négatives ({_fmt(hours)})"
                )
            )
            continue
        priced.hours[member_id] += hours
        by_member = contract_hours_by_member[contract_id]
        by_member[member_id] = by_member.get(member_id, ZERO) + hours
        found = rates.billing_rate(member_id, terms, on, placement)
        if found is None:
            problems.append(
                Problem(
                    Cause.COST_PARAMETERS,
                    f"paramètres de coût manquants au {on:%d/%m/%Y} : impossible de tarifer {terms.employee_label}",
                )
            )
            continue
        rate, method, explanation = found
        cost = rates.hourly_cost(terms, on)
        if cost is None:
            problems.append(
                Problem(
                    Cause.COST_PARAMETERS,
                    f"paramètres de coût manquants au {on:%d/%m/%Y} : "
                    f"contrôle de facturation à perte impossible pour {terms.employee_label}",
                )
            )
        elif rate < cost[0]:
            below_cost.append(
                BelowCostLine(member_id, contract_id, terms.employee_label, on, hours, rate, cost[0])
            )
        amount = round_amount(hours * rate)
        label = f"{terms.employee_label} — {terms.job_title}" if terms.job_title else terms.employee_label
        if len(split_labels[(member_id, contract_id)]) > 1:
            label = f"{label} ({placement.label if placement else 'tarif du groupement'})"
            base, n = label, 1
            while (member_id, LineKind.HOURS, contract_id, label) in priced.lines:
                n += 1
                label = f"{base} {n}"
        priced.lines[(member_id, LineKind.HOURS, contract_id, label)] = DraftLine(
            kind=LineKind.HOURS,
            label=label,
            quantity=hours,
            unit_price=rate,
            amount=amount,
            contract_id=contract_id,
            employee_id=terms.employee_id,
            explanation=f"{_fmt(hours)} h × {_fmt(rate)} € ({explanation})",
            method=method,
        )
    contract_members = {c: list(m.items()) for c, m in contract_hours_by_member.items()}  # [(member, hours)]
    # Aids: the GE's aid of the month for a contract, shared pro rata of each member's hours.
    for contract_id, shares in contract_members.items():
        terms = contracts[contract_id]
        contract_hours = sum(h for _, h in shares)
        aid = _aid_of_month(terms, on, contract_hours, rates, problems)
        if aid is None:
            continue
        label, amount, explanation = aid
        split = allocate(amount, shares)
        for member_id, hours in shares:
            if split[member_id] == 0:
                continue
            line_label = f"{label} — {terms.employee_label}"
            priced.lines[(member_id, LineKind.AID, contract_id, line_label)] = DraftLine(
                kind=LineKind.AID,
                label=line_label,
                quantity=hours,
                unit_price=ZERO,
                amount=-split[member_id],
                contract_id=contract_id,
                employee_id=terms.employee_id,
                explanation=(
                    f"aide du mois {explanation} ; part au prorata des heures "
                    f"{_fmt(hours)} h / {_fmt(contract_hours)} h = {_fmt(split[member_id])} €"
                ),
            )
    # Subsidies to redistribute, pro rata of hours on the contract (or on all contracts).
    for subsidy in subsidies:
        if subsidy.contract_id is not None:
            shares = contract_members.get(subsidy.contract_id, [])
        else:
            shares = [(m, h) for m, h in priced.hours.items()]
        total_hours = sum(h for _, h in shares)
        if total_hours == 0:
            problems.append(
                Problem(Cause.SUBSIDY, f"subvention « {subsidy.label} » : aucune heure pour la répartir")
            )
            continue
        split = allocate(subsidy.amount, shares)
        for member_id, hours in shares:
            if split[member_id] == 0:
                continue
            priced.lines[(member_id, LineKind.SUBSIDY, subsidy.contract_id, subsidy.label)] = DraftLine(
                kind=LineKind.SUBSIDY,
                label=subsidy.label,
                quantity=hours,
                unit_price=ZERO,
                amount=-split[member_id],
                contract_id=subsidy.contract_id,
                explanation=(
                    f"{_fmt(subsidy.amount)} € au prorata des heures "
                    f"{_fmt(hours)} h / {_fmt(total_hours)} h = {_fmt(split[member_id])} €"
                ),
            )
    return priced


def _settlement_lines(previous_month_value, planned: _Priced, actual: _Priced):
    """Lines correcting last month's planned-hours invoice to its actual hours, per member.

    Each amount is the difference of two already rounded amounts, so that the planned invoice
    plus the settlement equal, to the cent, what the actual hours would have been billed.
    """
    result = defaultdict(list)
    keys = list(dict.fromkeys([*actual.lines.keys(), *planned.lines.keys()]))
    for key in keys:
        member_id, kind, contract_id, label = key
        before, after = planned.lines.get(key), actual.lines.get(key)
        amount = (after.amount if after else ZERO) - (before.amount if before else ZERO)
        hours = (after.quantity if after else ZERO) - (before.quantity if before else ZERO)
        if amount == 0 and hours == 0:
            continue
        reference = after or before
        what = "heures" if kind == LineKind.HOURS else "aide/subvention"
        result[member_id].append(
            DraftLine(
                # Hours settle as SETTLEMENT lines (they count as billed hours in the true-up);
                # an aid or subsidy difference keeps its own kind.
                kind=LineKind.SETTLEMENT if kind == LineKind.HOURS else kind,
                label=f"Régularisation {previous_month_value:%m/%Y} ({what}) — {label}",
                quantity=hours,
                unit_price=reference.unit_price,
                amount=amount,
                contract_id=contract_id,
                employee_id=reference.employee_id,
                explanation=(
                    f"réel {_fmt(after.amount if after else ZERO)} € − prévu "
                    f"{_fmt(before.amount if before else ZERO)} € ({_fmt(hours)} h d'écart)"
                ),
                method=reference.method,
            )
        )
    return result


def compute_invoices(
    *,
    month: datetime.date,
    lines: list[HourLine],
    contracts: dict,
    rates: Rates,
    vat_subject: bool,
    mode: str = Mode.ACTUAL,
    previous_lines: list[HourLine] | None = None,
    previous_subsidies: tuple = (),
    subsidies: tuple = (),
    fees: tuple = (),
    member_order: list | None = None,
) -> list[InvoiceDraft]:
    """Invoice drafts, one per member, for `month`.

    mode ACTUAL: the month's actual hours. mode PLANNED_THEN_ACTUAL: the month's planned hours,
    plus, when `previous_lines` is given (last month was invoiced on planned hours), a
    settlement of last month's actual against planned hours.
    Raises BelowCostError (listing every line below cost) or MissingParameterError.
    """
    month = month_start(month)
    problems, below_cost = [], []
    wrong_month = [line for line in lines if month_start(line.month) != month]
    if wrong_month:
        problems.append(
            Problem(Cause.OTHER, f"{len(wrong_month)} ligne(s) d'heures hors du mois {month:%m/%Y}")
        )
    attribute = "actual_hours" if mode == Mode.ACTUAL else "planned_hours"
    current = _price_month(
        month=month,
        lines=lines,
        attribute=attribute,
        contracts=contracts,
        rates=rates,
        subsidies=subsidies,
        problems=problems,
        below_cost=below_cost,
    )
    settlements = {}
    if mode == Mode.PLANNED_THEN_ACTUAL and previous_lines:
        before = previous_month(month)
        common = {"month": before, "lines": previous_lines, "contracts": contracts, "rates": rates}
        planned = _price_month(
            **common,
            attribute="planned_hours",
            subsidies=previous_subsidies,
            problems=problems,
            below_cost=[],
        )
        actual = _price_month(
            **common,
            attribute="actual_hours",
            subsidies=previous_subsidies,
            problems=problems,
            below_cost=below_cost,
        )
        settlements = _settlement_lines(before, planned, actual)
    if below_cost:
        raise BelowCostError(below_cost)
    if problems:
        raise MissingParameterError(list(dict.fromkeys(problems)))  # each reason once

    by_member = defaultdict(list)
    for (member_id, _, _, _), line in current.lines.items():
        by_member[member_id].append(line)
    for member_id, extra in settlements.items():
        by_member[member_id].extend(extra)
    for fee in fees:
        by_member[fee.member_id].append(
            DraftLine(
                kind=fee.kind,
                label=fee.label,
                quantity=Decimal(1),
                unit_price=fee.amount,
                amount=fee.amount,
                employee_id=fee.employee_id,
            )
        )
    order = list(member_order or []) + [m for m in by_member if m not in (member_order or [])]
    vat_rate = VAT_STANDARD_RATE if vat_subject else ZERO
    drafts = []
    for member_id in order:
        member_lines = by_member.get(member_id)
        if not member_lines:
            continue
        total = sum((line.amount for line in member_lines), ZERO)
        # VAT: one rounding, to the cent, on the invoice's taxable total (a single rate per invoice).
        vat = round_amount(total * vat_rate / HUNDRED)
        drafts.append(
            InvoiceDraft(
                member_id=member_id,
                month=month,
                lines=member_lines,
                vat_rate=vat_rate,
                total_excl_tax=total,
                vat_amount=vat,
                total_incl_tax=total + vat,
                vat_mention="" if vat_subject else VAT_EXEMPTION_MENTION,
                hours=current.hours.get(member_id, ZERO),
            )
        )
    return drafts


# --- Yearly true-up (at-cost GEs) -----------------------------------------------------


@dataclass(frozen=True)
class BilledHours:
    """What a member was billed in the year for one contract: hours and amount, net of settlements."""

    member_id: object
    contract_id: object
    hours: Decimal
    amount: Decimal


@dataclass
class TrueUpLine:
    member_id: object
    contract_id: object
    hours: Decimal
    actual_share: Decimal
    billed: Decimal

    @property
    def difference(self):
        """Positive: the member owes more (extra invoice); negative: the GE owes back (credit note)."""
        return self.actual_share - self.billed


def true_up(*, actual_costs: dict, billed: list[BilledHours], labels: dict | None = None) -> dict:
    """Share each contract's actual yearly cost among members pro rata of billed hours.

    Returns member -> [TrueUpLine]. After the true-up, what members paid for a contract equals its
    actual cost to the cent (shares by `allocate`). Raises MissingParameterError when a contract has
    billed hours but no actual cost, or a cost but no billed hours.
    """
    labels = labels or {}
    per_contract = defaultdict(list)
    for row in billed:
        per_contract[row.contract_id].append(row)
    problems = []
    for contract_id in per_contract:
        if contract_id not in actual_costs:
            problems.append(
                Problem(
                    Cause.TRUE_UP, f"coût réel de l'année manquant : {labels.get(contract_id, contract_id)}"
                )
            )
    for contract_id in actual_costs:
        if sum((r.hours for r in per_contract.get(contract_id, [])), ZERO) <= 0:
            problems.append(
                Problem(
                    Cause.TRUE_UP, f"coût réel sans heures facturées : {labels.get(contract_id, contract_id)}"
                )
            )
    if problems:
        raise MissingParameterError(problems)
    result = defaultdict(list)
    for contract_id, rows in per_contract.items():
        hours_by_member = defaultdict(lambda: ZERO)
        billed_by_member = defaultdict(lambda: ZERO)
        for row in rows:
            hours_by_member[row.member_id] += row.hours
            billed_by_member[row.member_id] += row.amount
        shares = allocate(actual_costs[contract_id], list(hours_by_member.items()))
        for member_id, hours in hours_by_member.items():
            result[member_id].append(
                TrueUpLine(member_id, contract_id, hours, shares[member_id], billed_by_member[member_id])
            )
    return dict(result)
