"""Writes on funding applications: keyword-only, atomic, validated, journaled.

An application's budget (lines and sources), axes (with their indicators) and consortium are written
as wholes: a list given replaces the previous one, validated line by line before anything is saved,
so that a bad line leaves the application as it was. Messages name the line (« Ligne 3 : … »).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal

from . import rules
from .enums import ApplicationStatus
from .models import (
    NEGATIVE_AMOUNT,
    BudgetLine,
    ConsortiumMember,
    Evidence,
    Expense,
    FundingApplication,
    FundingCall,
    FundingSource,
    Indicator,
    IndicatorReport,
    ProjectAxis,
    money,
)

APPLICATION_FIELDS = ("title", "summary", "territory", "start_date", "duration_months")
LINE_FIELDS = ("action", "category", "nature", "unit_cost", "quantity", "justification")
SOURCE_FIELDS = ("kind", "funder", "amount")
AXIS_FIELDS = (
    "code",
    "title",
    "objectives",
    "actions",
    "public",
    "public_count",
    "public_share_pct",
    "impacts",
    "methods",
    "calendar",
)
INDICATOR_FIELDS = ("label", "kind", "unit", "baseline", "target")
MEMBER_FIELDS = ("name", "kind", "role", "contact_name", "contact_email", "contact_phone", "commitment")


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _build(model, fields, data, prefix, **fixed):
    """An unsaved `model` from `data`, fully validated; errors name `prefix` and the field's label."""
    unknown = set(data) - set(fields) - {"id", "position"}
    if unknown:
        raise ValidationError(
            [f"{prefix} : " + _("champ inconnu « %(name)s ».") % {"name": n} for n in sorted(unknown)]
        )
    obj = model(**fixed, **{k: v for k, v in data.items() if k in fields})
    exclude = [f for f in fixed if f.endswith("application") or f == "axis"]
    try:
        obj.full_clean(
            exclude=exclude + (["amount"] if model is BudgetLine else []), validate_constraints=False
        )
    except ValidationError as exc:
        messages = []
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                where = prefix if name == "__all__" else f"{prefix}, {_label(model, name)}"
                messages += [f"{where} : {m}" for m in errors]
        else:
            messages = [f"{prefix} : {m}" for m in exc.messages]
        raise ValidationError(messages) from exc
    return obj


def _collect(errors, key, func):
    try:
        return func()
    except ValidationError as exc:
        errors.setdefault(key, []).extend(exc.messages)
        return None


def _lines(application, data, errors):
    built = []
    for n, row in enumerate(data, start=1):
        prefix = _("Ligne %(n)s") % {"n": n}
        row = dict(row)
        if not row.get("category"):
            errors.setdefault("budget_lines", []).append(
                f"{prefix}, {_label(BudgetLine, 'category')} : "
                + _("la catégorie de dépense est obligatoire.")
            )
            continue
        line = _collect(
            errors,
            "budget_lines",
            lambda row=row, prefix=prefix, n=n: _build(
                BudgetLine, LINE_FIELDS, row, prefix, application=application, position=n
            ),
        )
        if line is not None:
            line.amount = money(line.unit_cost * line.quantity)
            built.append(line)
    return built


def _sources(application, data, errors):
    built = []
    for n, row in enumerate(data, start=1):
        prefix = _("Financement %(n)s") % {"n": n}
        source = _collect(
            errors,
            "sources",
            lambda row=row, prefix=prefix, n=n: _build(
                FundingSource, SOURCE_FIELDS, dict(row), prefix, application=application, position=n
            ),
        )
        if source is not None:
            built.append(source)
    return built


def _axes(application, data, errors):
    built = []
    for n, row in enumerate(data, start=1):
        row = dict(row)
        indicators = row.pop("indicators", []) or []
        prefix = _("Axe %(n)s") % {"n": n}
        axis = _collect(
            errors,
            "axes",
            lambda row=row, prefix=prefix, n=n: _build(
                ProjectAxis, AXIS_FIELDS, row, prefix, application=application, position=n
            ),
        )
        children = []
        for m, ind in enumerate(indicators, start=1):
            iprefix = _("Axe %(n)s, indicateur %(m)s") % {"n": n, "m": m}
            indicator = _collect(
                errors,
                "axes",
                lambda ind=ind, iprefix=iprefix, m=m: _build(
                    Indicator, INDICATOR_FIELDS, dict(ind), iprefix, axis=ProjectAxis(), position=m
                ),
            )
            if indicator is not None:
                children.append(indicator)
        if axis is not None:
            built.append((axis, children))
    return built


def _members(application, data, errors):
    built = []
    for n, row in enumerate(data, start=1):
        prefix = _("Membre du consortium %(n)s") % {"n": n}
        member = _collect(
            errors,
            "consortium",
            lambda row=row, prefix=prefix, n=n: _build(
                ConsortiumMember, MEMBER_FIELDS, dict(row), prefix, application=application, position=n
            ),
        )
        if member is not None:
            built.append(member)
    return built


def _check_balance(lines, sources, errors):
    """Sources given must balance the budget to the cent (an empty list is a draft not costed yet)."""
    if not sources or "budget_lines" in errors or "sources" in errors:
        return
    cost = sum((line.amount for line in lines), Decimal("0"))
    funded = sum((Decimal(s.amount) for s in sources), Decimal("0"))
    if cost != funded:
        errors.setdefault("sources", []).append(
            _(
                "Les financements (%(funded)s) n'équilibrent pas le budget (%(cost)s) : écart de %(gap)s. "
                "Le plan de financement doit égaler le coût total au centime près."
            )
            % {"funded": rules.euros(funded), "cost": rules.euros(cost), "gap": rules.euros(funded - cost)}
        )


def _write(application, *, fields, consortium, axes, budget_lines, sources):
    for name, value in fields.items():
        setattr(application, name, value)
    errors = {}
    try:
        application.full_clean(exclude=["group", "organisation", "call", "created_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            key = "non_field_errors" if name == "__all__" else name
            errors.setdefault(key, []).extend(messages)
    new_lines = _lines(application, budget_lines, errors) if budget_lines is not None else None
    new_sources = _sources(application, sources, errors) if sources is not None else None
    new_axes = _axes(application, axes, errors) if axes is not None else None
    new_members = _members(application, consortium, errors) if consortium is not None else None
    if new_lines is not None or new_sources is not None:
        lines = (
            new_lines
            if new_lines is not None
            else list(application.budget_lines.all())
            if application.pk
            else []
        )
        srcs = (
            new_sources
            if new_sources is not None
            else list(application.sources.all())
            if application.pk
            else []
        )
        _check_balance(lines, srcs, errors)
    if errors:
        raise ValidationError(errors)
    application.save()
    if new_lines is not None:
        if application.budget_lines.filter(expenses__isnull=False).exists():
            raise ValidationError(
                {"budget_lines": _("Des dépenses sont déjà rattachées à ce budget : il ne se remplace plus.")}
            )
        _replace(application.budget_lines.all(), new_lines, application=application)
    if new_sources is not None:
        _replace(application.sources.all(), new_sources, application=application)
    if new_axes is not None:
        kept = _replace(
            application.axes.all(), [axis for axis, _children in new_axes], application=application
        )
        for axis, (_same, indicators) in zip(kept, new_axes, strict=True):
            _replace(axis.indicators.all(), indicators, axis=axis)
    if new_members is not None:
        _replace(application.consortium.all(), new_members, application=application, keep_files=("letter",))
    return application


def _replace(old_qs, new_objs, *, keep_files=(), **parent):
    """Write `new_objs` over the rows of `old_qs`, position by position: row n keeps its identity (public
    id, evidence, reports, letter when the new one brings none); rows beyond the new list are deleted."""
    old = list(old_qs.order_by("position", "id"))
    for n, obj in enumerate(new_objs):
        for name, value in parent.items():
            setattr(obj, name, value)
        if n < len(old):
            obj.pk, obj.public_id = old[n].pk, old[n].public_id
            for name in keep_files:
                if not getattr(obj, name):
                    setattr(obj, name, getattr(old[n], name))
        obj.save()
    for row in old[len(new_objs) :]:
        row.delete()
    return new_objs


def _editable(application):
    if not application.is_editable:
        raise ValidationError(
            _("La demande est « %(status)s » : elle ne se modifie plus.")
            % {"status": application.get_status_display()}
        )


@transaction.atomic
def create_application(
    *,
    actor,
    call: FundingCall,
    group=None,
    organisation=None,
    consortium=None,
    axes=None,
    budget_lines=None,
    sources=None,
    **fields,
):
    if not call.is_active:
        raise ValidationError({"call": _("Cet appel n'accepte plus de nouvelles demandes.")})
    application = FundingApplication(call=call, group=group, organisation=organisation, created_by=actor)
    if axes is None and call.required_axes:
        # Start from the call's axes, so that the applicant fills them in.
        axes = [{"code": a["code"], "title": a["title"]} for a in call.required_axes]
    application = _write(
        application,
        fields={k: v for k, v in fields.items() if k in APPLICATION_FIELDS},
        consortium=consortium,
        axes=axes,
        budget_lines=budget_lines,
        sources=sources,
    )
    journal.record(
        action="funding.application.created", actor=actor, group=group, target=application, call=str(call)
    )
    return application


@transaction.atomic
def update_application(
    *, actor, application, consortium=None, axes=None, budget_lines=None, sources=None, **fields
):
    application = FundingApplication.objects.select_for_update().get(pk=application.pk)
    _editable(application)
    application = _write(
        application,
        fields={k: v for k, v in fields.items() if k in APPLICATION_FIELDS},
        consortium=consortium,
        axes=axes,
        budget_lines=budget_lines,
        sources=sources,
    )
    journal.record(
        action="funding.application.updated", actor=actor, group=application.group, target=application
    )
    return application


def check_application(application, *, today=None):
    """Findings and totals of a saved application against its call's version of the rules."""
    draft = rules.Draft.from_application(application, today=today or timezone.localdate())
    return rules.check(rules.Rules.from_call(application.call), draft)


@transaction.atomic
def submit_application(*, actor, application):
    _editable(application)
    findings, _totals = check_application(application)
    blocking = [f.message for f in findings if f.level == rules.ERROR]
    if blocking:
        raise ValidationError(blocking)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    journal.record(
        action="funding.application.submitted", actor=actor, group=application.group, target=application
    )
    return application


@transaction.atomic
def record_decision(*, actor, application, granted: bool, amount=None, decided_on=None):
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Seule une demande déposée reçoit une décision."))
    if granted:
        try:
            amount = money(amount)
        except (TypeError, InvalidOperation, ValueError) as exc:
            raise ValidationError({"granted_amount": _("Le montant accordé est obligatoire.")}) from exc
        requested = sum((s.amount for s in application.sources.all() if s.kind == "state"), Decimal("0"))
        if amount < 0:
            raise ValidationError({"granted_amount": NEGATIVE_AMOUNT})
        if amount > requested:
            raise ValidationError(
                {
                    "granted_amount": _(
                        "Le montant accordé (%(amount)s) dépasse l'aide demandée (%(requested)s)."
                    )
                    % {"amount": rules.euros(amount), "requested": rules.euros(requested)}
                }
            )
    application.status = ApplicationStatus.GRANTED if granted else ApplicationStatus.REFUSED
    application.granted_amount = amount if granted else None
    application.decided_on = decided_on or timezone.localdate()
    application.full_clean(exclude=["group", "organisation", "call", "created_by"])
    application.save()
    journal.record(
        action="funding.application.decided",
        actor=actor,
        group=application.group,
        target=application,
        granted=granted,
        amount=str(amount) if granted else "",
    )
    return application


def _granted(application):
    if not application.is_granted:
        raise ValidationError(
            _("Les dépenses, pièces et mesures se saisissent une fois la subvention accordée.")
        )


@transaction.atomic
def record_expense(*, actor, application, budget_line, spent_on, label, amount, supplier=""):
    _granted(application)
    if budget_line.application_id != application.pk:
        raise ValidationError({"budget_line": _("Cette ligne n'appartient pas à la demande.")})
    expense = Expense(
        application=application,
        budget_line=budget_line,
        spent_on=spent_on,
        label=label,
        amount=amount,
        supplier=supplier,
        recorded_by=actor,
    )
    expense.full_clean(exclude=["application", "recorded_by"])
    expense.save()
    journal.record(
        action="funding.expense.recorded",
        actor=actor,
        group=application.group,
        target=expense,
        amount=str(amount),
    )
    return expense


@transaction.atomic
def add_evidence(*, actor, application, file, title, budget_line=None, expense=None):
    for obj, name in ((budget_line, "budget_line"), (expense, "expense")):
        if obj is not None and obj.application_id != application.pk:
            raise ValidationError({name: _("Cet élément n'appartient pas à la demande.")})
    evidence = Evidence(
        application=application,
        budget_line=budget_line,
        expense=expense,
        title=title or getattr(file, "name", ""),
        file=file,
        original_name=getattr(file, "name", "")[:255],
        uploaded_by=actor,
    )
    evidence.full_clean(exclude=["application", "uploaded_by"])
    evidence.save()
    journal.record(action="funding.evidence.added", actor=actor, group=application.group, target=evidence)
    return evidence


@transaction.atomic
def report_indicator(*, actor, indicator, period_end, value, comment=""):
    _granted(indicator.axis.application)
    report = IndicatorReport(
        indicator=indicator, period_end=period_end, value=value, comment=comment, reported_by=actor
    )
    report.full_clean(exclude=["indicator", "reported_by"])
    report.save()
    journal.record(
        action="funding.indicator.reported",
        actor=actor,
        group=indicator.axis.application.group,
        target=report,
        value=str(value),
    )
    return report


@transaction.atomic
def attach_letter(*, actor, application, member, file):
    """The engagement letter of a consortium member (kept when the consortium is edited again)."""
    if member.application_id != application.pk:
        raise ValidationError({"member": _("Ce membre n'appartient pas au consortium de la demande.")})
    member.letter = file
    member.save(update_fields=["letter"])
    journal.record(action="funding.letter.attached", actor=actor, group=application.group, target=member)
    return member


def axes_as_data(application):
    """The application's axes as the rows `update_application(axes=…)` takes (to edit one of them)."""
    return [
        {
            **{name: getattr(axis, name) for name in AXIS_FIELDS},
            "indicators": [
                {name: getattr(i, name) for name in INDICATOR_FIELDS} for i in axis.indicators.all()
            ],
        }
        for axis in application.axes.all()
    ]
