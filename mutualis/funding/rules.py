"""The call's rules, checked to the cent on an application's figures.

`check(rules, draft)` takes plain data (`Rules` from a `FundingCall`, `Draft` from an application or
from a form not saved yet) and returns every finding, each naming its rule and, where it applies,
the budget line or the axis. Errors block the submission; warnings (« incité », « conseillé ») do not.

Arithmetic is Decimal throughout and comparisons are exact: a ceiling of 80 % of 450 000,00 € is
360 000,00 €, overheads at 15,00 % pass and 15,01 % do not; nothing is rounded before comparing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .enums import ExpenseCategory, SourceKind

ERROR = "error"
WARNING = "warning"
HUNDRED = Decimal("100")


def euros(value):
    return f"{number_format(Decimal(value).quantize(Decimal('0.01')), 2, force_grouping=True)} €"


def pct(value):
    text = number_format(Decimal(value).quantize(Decimal("0.01")), 2)
    return f"{text} %"


@dataclass
class Rules:
    short_name: str
    cap_amount: Decimal | None = None
    cap_pct: Decimal | None = None
    cap_scope: str = ""
    min_self_pct: Decimal | None = None
    partners_count_as_self: bool = False
    overhead_max_pct: Decimal | None = None
    overhead_categories: list = field(default_factory=list)
    eligible_categories: list = field(default_factory=list)
    ineligible_categories: list = field(default_factory=list)
    justification_categories: list = field(default_factory=list)
    required_axes: list = field(default_factory=list)
    max_indicators_per_axis: int | None = None
    max_months: int | None = None
    deadline: dt.date | None = None

    @classmethod
    def from_call(cls, call):
        return cls(
            short_name=call.short_name,
            cap_amount=call.cap_amount,
            cap_pct=call.cap_pct,
            cap_scope=call.cap_scope,
            min_self_pct=call.min_self_pct,
            partners_count_as_self=call.partners_count_as_self,
            overhead_max_pct=call.overhead_max_pct,
            overhead_categories=list(call.overhead_categories or []),
            eligible_categories=list(call.eligible_categories or []),
            ineligible_categories=list(call.ineligible_categories or []),
            justification_categories=list(call.justification_categories or []),
            required_axes=list(call.required_axes or []),
            max_indicators_per_axis=call.max_indicators_per_axis,
            max_months=call.max_months,
            deadline=call.deadline,
        )


@dataclass
class Line:
    position: int
    action: str
    category: str
    amount: Decimal
    justification: str = ""


@dataclass
class Source:
    position: int
    kind: str
    amount: Decimal
    funder: str = ""


@dataclass
class Axis:
    position: int
    code: str
    title: str
    objectives: str = ""
    actions: str = ""
    public: str = ""
    indicators: int = 0


@dataclass
class Draft:
    lines: list
    sources: list
    axes: list = field(default_factory=list)
    duration_months: int | None = None
    submitted_on: dt.date | None = None

    @classmethod
    def from_application(cls, application, *, today=None):
        return cls(
            lines=[
                Line(line.position, line.action, line.category, line.amount, line.justification)
                for line in application.budget_lines.all()
            ],
            sources=[Source(s.position, s.kind, s.amount, s.funder) for s in application.sources.all()],
            axes=[
                Axis(
                    a.position,
                    a.code,
                    a.title,
                    a.objectives,
                    a.actions,
                    a.public,
                    len(a.indicators.all()),
                )
                for a in application.axes.all()
            ],
            duration_months=application.duration_months,
            submitted_on=(application.submitted_at.date() if application.submitted_at else today),
        )


@dataclass
class Finding:
    level: str
    rule: str
    rule_label: str
    message: str
    line: int | None = None
    axis: str | None = None
    field: str | None = None

    def as_dict(self):
        return asdict(self)


@dataclass
class Totals:
    total_cost: Decimal
    total_sources: Decimal
    state: Decimal
    self_funding: Decimal
    partners: Decimal
    other: Decimal
    overheads: Decimal
    by_category: dict

    def share(self, amount):
        """`amount` as a % of the total cost, for display only (two decimals, half up)."""
        if not self.total_cost:
            return Decimal("0.00")
        return (amount * HUNDRED / self.total_cost).quantize(Decimal("0.01"))

    def as_dict(self):
        return {
            "total_cost": self.total_cost,
            "total_sources": self.total_sources,
            "state": self.state,
            "state_pct": self.share(self.state),
            "self_funding": self.self_funding,
            "partners": self.partners,
            "other": self.other,
            "overheads": self.overheads,
            "overheads_pct": self.share(self.overheads),
            "by_category": self.by_category,
        }


def totals(rules: Rules, draft: Draft) -> Totals:
    by_kind = {}
    for source in draft.sources:
        by_kind[source.kind] = by_kind.get(source.kind, Decimal("0")) + Decimal(source.amount)
    by_category = {}
    for line in draft.lines:
        by_category[line.category] = by_category.get(line.category, Decimal("0")) + Decimal(line.amount)
    overheads = sum((by_category.get(c, Decimal("0")) for c in rules.overhead_categories), Decimal("0"))
    return Totals(
        total_cost=sum((Decimal(line.amount) for line in draft.lines), Decimal("0")),
        total_sources=sum(by_kind.values(), Decimal("0")),
        state=by_kind.get(SourceKind.STATE, Decimal("0")),
        self_funding=by_kind.get(SourceKind.SELF, Decimal("0")),
        partners=by_kind.get(SourceKind.PARTNER, Decimal("0")),
        other=by_kind.get(SourceKind.OTHER_PUBLIC, Decimal("0"))
        + by_kind.get(SourceKind.OTHER, Decimal("0")),
        overheads=overheads,
        by_category=by_category,
    )


def _label(category):
    return ExpenseCategory(category).label if category in ExpenseCategory.values else category


def rule_labels(rules: Rules):
    """The French name of each rule, with the call's figures (shown in messages and exports)."""
    return {
        "budget_not_empty": _("Budget renseigné"),
        "balance": _("Équilibre du plan de financement"),
        "cap_amount": _("Plafond de l'aide (%(cap)s%(scope)s)")
        % {"cap": euros(rules.cap_amount or 0), "scope": f" {rules.cap_scope}" if rules.cap_scope else ""},
        "cap_pct": _("Part maximale de l'aide : %(pct)s du coût total") % {"pct": pct(rules.cap_pct or 0)},
        "min_self": _("Autofinancement minimum : %(pct)s du coût total")
        % {"pct": pct(rules.min_self_pct or 0)},
        "overheads": _("Frais généraux et de mission : %(pct)s du coût total au plus")
        % {"pct": pct(rules.overhead_max_pct or 0)},
        "ineligible": _("Dépenses inéligibles"),
        "not_eligible": _("Catégories de dépenses éligibles"),
        "justification": _("Dépense à justifier (directement liée au projet)"),
        "required_axes": _("Tous les axes de l'appel"),
        "axis_content": _("Contenu de chaque axe (objectifs, actions, public, indicateurs)"),
        "indicators_per_axis": _("Indicateurs par axe : %(max)s au plus (conseillé)")
        % {"max": rules.max_indicators_per_axis or 0},
        "duration": _("Durée maximale : %(months)s mois") % {"months": rules.max_months or 0},
        "deadline": _("Date limite de dépôt"),
        "state_requested": _("Aide demandée"),
    }


def check(rules: Rules, draft: Draft) -> tuple[list[Finding], Totals]:
    """Every rule the draft breaks, errors first, then warnings; and the totals the rules used."""
    labels = rule_labels(rules)
    found: list[Finding] = []
    t = totals(rules, draft)

    def add(level, rule, message, **where):
        found.append(Finding(level, rule, labels[rule], f"{labels[rule]} — {message}", **where))

    if not draft.lines:
        add(ERROR, "budget_not_empty", _("le budget n'a aucune ligne."), field="budget_lines")
    if t.state <= 0:
        add(ERROR, "state_requested", _("aucun montant n'est demandé au titre de l'appel."), field="sources")

    # Balance: Σ lines = Σ sources, to the cent.
    if t.total_sources != t.total_cost:
        add(
            ERROR,
            "balance",
            _("les financements (%(sources)s) doivent égaler le coût total (%(cost)s) ; écart : %(gap)s.")
            % {
                "sources": euros(t.total_sources),
                "cost": euros(t.total_cost),
                "gap": euros(t.total_sources - t.total_cost),
            },
            field="sources",
        )

    # Caps on the amount asked: in euros, then in % of the total cost (compared exactly).
    if rules.cap_amount is not None and t.state > rules.cap_amount:
        add(
            ERROR,
            "cap_amount",
            _("l'aide demandée (%(asked)s) dépasse le plafond de %(cap)s de %(over)s.")
            % {
                "asked": euros(t.state),
                "cap": euros(rules.cap_amount),
                "over": euros(t.state - rules.cap_amount),
            },
            field="sources",
        )
    if rules.cap_pct is not None and t.state * HUNDRED > rules.cap_pct * t.total_cost:
        ceiling = rules.cap_pct * t.total_cost / HUNDRED
        add(
            ERROR,
            "cap_pct",
            _(
                "l'aide demandée (%(asked)s, soit %(share)s) dépasse %(pct)s du coût total de %(cost)s, soit %(ceiling)s."
            )
            % {
                "asked": euros(t.state),
                "share": pct(t.share(t.state)),
                "pct": pct(rules.cap_pct),
                "cost": euros(t.total_cost),
                "ceiling": euros(ceiling),
            },
            field="sources",
        )

    # Self-funding, with or without the partners' money as the call says.
    if rules.min_self_pct is not None and t.total_cost > 0:
        own = t.self_funding + (t.partners if rules.partners_count_as_self else Decimal("0"))
        if own * HUNDRED < rules.min_self_pct * t.total_cost:
            counted = (
                _("autofinancement et cofinancement des partenaires")
                if rules.partners_count_as_self
                else _("autofinancement du porteur (les partenaires ne comptent pas)")
            )
            add(
                ERROR,
                "min_self",
                _("%(counted)s : %(own)s, soit %(share)s ; il faut au moins %(minimum)s.")
                % {
                    "counted": counted,
                    "own": euros(own),
                    "share": pct(t.share(own)),
                    "minimum": euros(rules.min_self_pct * t.total_cost / HUNDRED),
                },
                field="sources",
            )

    # Overheads: the categories the call names, against the total cost.
    if (
        rules.overhead_max_pct is not None
        and t.total_cost > 0
        and t.overheads * HUNDRED > rules.overhead_max_pct * t.total_cost
    ):
        lines = [line.position for line in draft.lines if line.category in rules.overhead_categories]
        add(
            ERROR,
            "overheads",
            _("%(amount)s, soit %(share)s du coût total (lignes %(lines)s) ; le maximum est %(maximum)s.")
            % {
                "amount": euros(t.overheads),
                "share": pct(t.overheads * HUNDRED / t.total_cost),
                "lines": ", ".join(map(str, lines)),
                "maximum": euros(rules.overhead_max_pct * t.total_cost / HUNDRED),
            },
            field="budget_lines",
        )

    # Per line: ineligible or not eligible categories, and the lines that need a justification.
    for line in draft.lines:
        where = {"line": line.position, "field": "budget_lines"}
        name = _("ligne %(n)s « %(action)s »") % {"n": line.position, "action": line.action}
        if line.category in rules.ineligible_categories:
            add(
                ERROR,
                "ineligible",
                _("%(line)s : la catégorie « %(category)s » n'est pas éligible à cet appel.")
                % {"line": name, "category": _label(line.category)},
                **where,
            )
        elif rules.eligible_categories and line.category not in rules.eligible_categories:
            add(
                ERROR,
                "not_eligible",
                _("%(line)s : la catégorie « %(category)s » ne fait pas partie des dépenses éligibles.")
                % {"line": name, "category": _label(line.category)},
                **where,
            )
        if line.category in rules.justification_categories and not (line.justification or "").strip():
            add(
                ERROR,
                "justification",
                _(
                    "%(line)s : une dépense « %(category)s » n'est financée que si elle est justifiée comme directement liée à la réalisation du projet ; la justification manque."
                )
                % {"line": name, "category": _label(line.category)},
                **where,
            )

    # Axes: every required axis present, each complete; indicators per axis (a warning).
    present = {axis.code for axis in draft.axes}
    for required in rules.required_axes:
        if required["code"] not in present:
            add(
                ERROR,
                "required_axes",
                _(
                    "l'axe « %(title)s » manque ; un projet qui ne porte que sur une partie des axes n'est pas retenu."
                )
                % {"title": required["title"]},
                axis=required["code"],
                field="axes",
            )
    required_codes = {r["code"] for r in rules.required_axes if r.get("content", True)}
    for axis in draft.axes:
        if rules.required_axes and axis.code not in required_codes:
            continue
        missing = [
            label
            for label, value in (
                (_("objectifs"), axis.objectives),
                (_("actions"), axis.actions),
                (_("public"), axis.public),
            )
            if not (value or "").strip()
        ]
        if not axis.indicators:
            missing.append(_("indicateurs"))
        if missing:
            add(
                ERROR,
                "axis_content",
                _("axe « %(title)s » : à compléter (%(missing)s).")
                % {"title": axis.title, "missing": ", ".join(missing)},
                axis=axis.code,
                field="axes",
            )
        if rules.max_indicators_per_axis and axis.indicators > rules.max_indicators_per_axis:
            add(
                WARNING,
                "indicators_per_axis",
                _("axe « %(title)s » : %(count)s indicateurs ; l'appel incite à en proposer %(max)s au plus.")
                % {"title": axis.title, "count": axis.indicators, "max": rules.max_indicators_per_axis},
                axis=axis.code,
                field="axes",
            )

    if rules.max_months and draft.duration_months and draft.duration_months > rules.max_months:
        add(
            ERROR,
            "duration",
            _("le projet dure %(months)s mois.") % {"months": draft.duration_months},
            field="duration_months",
        )
    if rules.deadline and draft.submitted_on and draft.submitted_on > rules.deadline:
        add(
            WARNING,
            "deadline",
            _("la date limite (%(date)s) est passée.") % {"date": rules.deadline.strftime("%d/%m/%Y")},
        )

    found.sort(key=lambda f: (f.level != ERROR,))
    return found, t
