"""Funding pages for the GE's director (and an organisation's users): the calls and their rules, the
applications with a live check of the rules, budget, axes and consortium editing, exports, the
submission and decision, then spending against budget, evidence and indicator reporting."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.core.access import ensure, permission
from mutualis.funding import documents, perms, rules, selectors, services
from mutualis.funding.models import FundingCall
from mutualis.www.members.forms import add_model_errors

from .forms import (
    ApplicationForm,
    AxisForm,
    DecisionForm,
    EvidenceForm,
    ExpenseForm,
    IndicatorFormSet,
    LetterForm,
    LineFormSet,
    MemberFormSet,
    NewApplicationForm,
    ReportForm,
    SourceFormSet,
)


def _get(request, public_id, *, edit=False):
    application = get_object_or_404(selectors.application_full(request.membership), public_id=public_id)
    ensure(visible=perms.can_view_application(request.membership, application))
    if edit:
        ensure(perms.can_edit_application(request.membership, application))
    return application


def _rows(formset):
    return [
        form.row()
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
    ]


@permission(perms.can_list_applications)
def application_list(request):
    return render(
        request,
        "funding/list.html",
        {
            "applications": selectors.application_list(request.membership).order_by("-created_at", "id"),
            "calls": selectors.current_calls(),
            "can_write": perms.can_write_applications(request.membership),
        },
    )


@permission(perms.can_list_applications)
def call_detail(request, public_id):
    call = get_object_or_404(FundingCall, public_id=public_id)
    labels = rules.rule_labels(rules.Rules.from_call(call))
    return render(
        request,
        "funding/call.html",
        {
            "call": call,
            "labels": labels,
            "category_label": call.category_label,
            "eligible": [call.category_label(c) for c in call.eligible_categories],
            "ineligible": [call.category_label(c) for c in call.ineligible_categories],
            "overheads": [call.category_label(c) for c in call.overhead_categories],
            "justified": [call.category_label(c) for c in call.justification_categories],
            "can_write": perms.can_write_applications(request.membership) and call.is_active,
        },
    )


@permission(perms.can_write_applications, visible=perms.can_list_applications)
def application_create(request):
    calls = selectors.current_calls()
    initial = {}
    if request.GET.get("appel"):
        initial["call"] = request.GET["appel"]
    form = NewApplicationForm(request.POST or None, calls=calls, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        membership = request.membership
        try:
            application = services.create_application(
                actor=request.user,
                group=membership.group,
                organisation=membership.organisation if membership.group_id is None else None,
                **data,
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(
                request, _("Demande créée en brouillon : renseignez le budget, les axes et le consortium.")
            )
            return redirect("funding:detail", public_id=application.public_id)
    return render(request, "funding/form.html", {"form": form, "application": None})


@permission(perms.can_list_applications)
def application_detail(request, public_id):
    application = _get(request, public_id)
    findings, totals = services.check_application(application)
    membership = request.membership
    can_edit = perms.can_edit_application(membership, application)
    can_spend = perms.can_record_spending_on(membership, application)
    lines = list(application.budget_lines.all())
    indicators = [i for axis in application.axes.all() for i in axis.indicators.all()]
    context = {
        "application": application,
        "call": application.call,
        "findings": findings,
        "errors": [f for f in findings if f.level == rules.ERROR],
        "warnings": [f for f in findings if f.level == rules.WARNING],
        "totals": totals,
        "state_pct": totals.share(totals.state),
        "overheads_pct": totals.share(totals.overheads),
        "can_edit": can_edit and application.is_editable,
        "can_decide": can_edit and application.status == "submitted",
        "can_spend": can_spend and application.is_granted,
        "can_report": can_edit and application.is_granted,
        # Evidence (quotes before the grant, proofs after it) can be uploaded at any stage.
        "can_upload": can_spend,
        "decision_form": DecisionForm(),
        "spending": selectors.spending(application) if application.is_granted else None,
        "expense_form": ExpenseForm(lines=lines),
        "evidence_form": EvidenceForm(lines=lines, expenses=list(application.expenses.all())),
        "report_form": ReportForm(indicators=indicators) if indicators else None,
        "letter_form": LetterForm(members=list(application.consortium.all()))
        if application.consortium.all()
        else None,
    }
    return render(request, "funding/detail.html", context)


@permission(perms.can_write_applications, visible=perms.can_list_applications)
def application_update(request, public_id):
    application = _get(request, public_id, edit=True)
    initial = {name: getattr(application, name) for name in ApplicationForm.base_fields}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Demande enregistrée."))
            return redirect("funding:detail", public_id=application.public_id)
    return render(request, "funding/form.html", {"form": form, "application": application})


def _budget_formsets(request, application):
    if request.method == "POST":
        return LineFormSet(request.POST, prefix="lignes"), SourceFormSet(request.POST, prefix="financements")
    lines = [
        {
            k: getattr(line, k)
            for k in ("action", "category", "nature", "unit_cost", "quantity", "justification")
        }
        for line in application.budget_lines.all()
    ]
    sources = [{k: getattr(s, k) for k in ("kind", "funder", "amount")} for s in application.sources.all()]
    return LineFormSet(initial=lines, prefix="lignes"), SourceFormSet(initial=sources, prefix="financements")


def _draft_check(application, line_set, source_set):
    """Run the call's rules on the figures typed so far (valid rows only), without saving."""
    lines, sources = [], []
    if line_set.is_valid() and source_set.is_valid():
        for n, row in enumerate(_rows(line_set), start=1):
            amount = (
                (row.get("unit_cost") or Decimal("0")) * (row.get("quantity") or Decimal("1"))
            ).quantize(Decimal("0.01"))
            lines.append(
                rules.Line(
                    n,
                    row.get("action") or "",
                    row.get("category") or "",
                    amount,
                    row.get("justification") or "",
                )
            )
        for n, row in enumerate(_rows(source_set), start=1):
            sources.append(
                rules.Source(
                    n, row.get("kind") or "", row.get("amount") or Decimal("0"), row.get("funder") or ""
                )
            )
    saved = rules.Draft.from_application(application)
    draft = rules.Draft(
        lines=lines, sources=sources, axes=saved.axes, duration_months=application.duration_months
    )
    return rules.check(rules.Rules.from_call(application.call), draft)


@permission(perms.can_write_applications, visible=perms.can_list_applications)
def application_budget(request, public_id):
    application = _get(request, public_id, edit=True)
    line_set, source_set = _budget_formsets(request, application)
    service_errors = []
    if request.method == "POST" and line_set.is_valid() and source_set.is_valid():
        try:
            services.update_application(
                actor=request.user,
                application=application,
                budget_lines=_rows(line_set),
                sources=_rows(source_set),
            )
        except ValidationError as exc:
            service_errors = exc.messages
        else:
            messages.success(request, _("Budget et plan de financement enregistrés."))
            return redirect("funding:detail", public_id=application.public_id)
    findings, totals = (
        _draft_check(application, line_set, source_set)
        if request.method == "POST"
        else services.check_application(application)
    )
    return render(
        request,
        "funding/budget.html",
        {
            "application": application,
            "line_set": line_set,
            "source_set": source_set,
            "service_errors": service_errors,
            "findings": findings,
            "totals": totals,
        },
    )


@require_POST
@permission(perms.can_write_applications, visible=perms.can_list_applications)
def budget_check(request, public_id):
    """The live check (htmx): the rules on the budget as typed, not saved."""
    application = _get(request, public_id, edit=True)
    line_set, source_set = (
        LineFormSet(request.POST, prefix="lignes"),
        SourceFormSet(request.POST, prefix="financements"),
    )
    findings, totals = _draft_check(application, line_set, source_set)
    return render(request, "funding/_checks.html", {"findings": findings, "totals": totals, "live": True})


@permission(perms.can_write_applications, visible=perms.can_list_applications)
def application_consortium(request, public_id):
    application = _get(request, public_id, edit=True)
    fields = ("name", "kind", "role", "contact_name", "contact_email", "contact_phone", "commitment")
    initial = [{k: getattr(m, k) for k in fields} for m in application.consortium.all()]
    formset = MemberFormSet(
        request.POST or None, initial=None if request.method == "POST" else initial, prefix="membres"
    )
    service_errors = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.update_application(
                actor=request.user, application=application, consortium=_rows(formset)
            )
        except ValidationError as exc:
            service_errors = exc.messages
        else:
            messages.success(request, _("Consortium enregistré."))
            return redirect("funding:detail", public_id=application.public_id)
    return render(
        request,
        "funding/consortium.html",
        {"application": application, "formset": formset, "service_errors": service_errors},
    )


@permission(perms.can_write_applications, visible=perms.can_list_applications)
def axis_edit(request, public_id, position):
    """Edit one axis (position 1…n) with its indicators, or add one (position n + 1)."""
    application = _get(request, public_id, edit=True)
    axes = services.axes_as_data(application)
    if not 1 <= position <= len(axes) + 1:
        ensure(visible=False)
    current = axes[position - 1] if position <= len(axes) else {"indicators": []}
    form = AxisForm(request.POST or None, initial=None if request.method == "POST" else current, prefix="axe")
    indicators = IndicatorFormSet(
        request.POST or None,
        initial=None if request.method == "POST" else current["indicators"],
        prefix="indicateurs",
    )
    service_errors = []
    if request.method == "POST" and form.is_valid() and indicators.is_valid():
        row = {**form.cleaned_data, "indicators": _rows(indicators)}
        if position <= len(axes):
            axes[position - 1] = row
        else:
            axes.append(row)
        try:
            services.update_application(actor=request.user, application=application, axes=axes)
        except ValidationError as exc:
            service_errors = exc.messages
        else:
            messages.success(request, _("Axe enregistré."))
            return redirect("funding:detail", public_id=application.public_id)
    return render(
        request,
        "funding/axis.html",
        {
            "application": application,
            "form": form,
            "indicators": indicators,
            "position": position,
            "service_errors": service_errors,
            "max_indicators": application.call.max_indicators_per_axis,
        },
    )


@permission(perms.can_list_applications)
def application_export(request, public_id, fmt):
    application = _get(request, public_id)
    if fmt not in documents.EXPORTS:
        ensure(visible=False)
    content, content_type, name = documents.export(application, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _form_errors(form):
    """A bound form's errors as one ValidationError whose messages name the field."""
    return ValidationError(
        [
            f"{form.fields[n].label} : {e}" if n in form.fields else str(e)
            for n, errs in form.errors.items()
            for e in errs
        ]
    )


def _after_post(request, application, exc=None, ok=""):
    if exc is not None:
        for message in exc.messages:
            messages.error(request, message)
    elif ok:
        messages.success(request, ok)
    return redirect("funding:detail", public_id=application.public_id)


@require_POST
@permission(perms.can_write_applications, visible=perms.can_list_applications)
def application_submit(request, public_id):
    application = _get(request, public_id, edit=True)
    try:
        services.submit_application(actor=request.user, application=application)
    except ValidationError as exc:
        return _after_post(request, application, exc)
    return _after_post(request, application, ok=_("Demande marquée comme déposée."))


@require_POST
@permission(perms.can_write_applications, visible=perms.can_list_applications)
def application_decision(request, public_id):
    application = _get(request, public_id, edit=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _after_post(
            request,
            application,
            ValidationError(
                [f"{form.fields[n].label} : {e}" for n, errs in form.errors.items() for e in errs]
            ),
        )
    try:
        services.record_decision(
            actor=request.user,
            application=application,
            granted=form.cleaned_data["granted"],
            amount=form.cleaned_data["granted_amount"],
            decided_on=form.cleaned_data["decided_on"],
        )
    except ValidationError as exc:
        return _after_post(request, application, exc)
    return _after_post(request, application, ok=_("Décision enregistrée."))


def _spending_target(request, public_id):
    application = _get(request, public_id)
    ensure(perms.can_record_spending_on(request.membership, application))
    return application


@require_POST
@permission(perms.can_record_spending, visible=perms.can_list_applications)
def expense_add(request, public_id):
    application = _spending_target(request, public_id)
    lines = list(application.budget_lines.all())
    form = ExpenseForm(request.POST, lines=lines)
    if not form.is_valid():
        return _after_post(
            request,
            application,
            ValidationError(
                [f"{form.fields[n].label} : {e}" for n, errs in form.errors.items() for e in errs]
            ),
        )
    data = dict(form.cleaned_data)
    line = next(line for line in lines if str(line.public_id) == data.pop("budget_line"))
    try:
        services.record_expense(actor=request.user, application=application, budget_line=line, **data)
    except ValidationError as exc:
        return _after_post(request, application, exc)
    return _after_post(request, application, ok=_("Dépense enregistrée."))


@require_POST
@permission(perms.can_record_spending, visible=perms.can_list_applications)
def evidence_add(request, public_id):
    application = _spending_target(request, public_id)
    lines, expenses = list(application.budget_lines.all()), list(application.expenses.all())
    form = EvidenceForm(request.POST, request.FILES, lines=lines, expenses=expenses)
    if not form.is_valid():
        return _after_post(
            request,
            application,
            ValidationError(
                [f"{form.fields[n].label} : {e}" for n, errs in form.errors.items() for e in errs]
            ),
        )
    target = form.cleaned_data.get("target") or ""
    kind, _sep, ident = target.partition(":")
    line = next((x for x in lines if kind == "line" and str(x.public_id) == ident), None)
    expense = next((x for x in expenses if kind == "expense" and str(x.public_id) == ident), None)
    try:
        services.add_evidence(
            actor=request.user,
            application=application,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            budget_line=line,
            expense=expense,
        )
    except ValidationError as exc:
        return _after_post(request, application, exc)
    return _after_post(request, application, ok=_("Pièce déposée."))


@permission(perms.can_list_applications)
def evidence_download(request, public_id, evidence_id):
    application = _get(request, public_id)
    evidence = get_object_or_404(application.evidence.all(), public_id=evidence_id)
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name or "piece"
    )


@require_POST
@permission(perms.can_write_applications, visible=perms.can_list_applications)
def letter_add(request, public_id):
    application = _get(request, public_id, edit=True)
    members = list(application.consortium.all())
    form = LetterForm(request.POST, request.FILES, members=members)
    if not form.is_valid():
        return _after_post(
            request,
            application,
            ValidationError(
                [f"{form.fields[n].label} : {e}" for n, errs in form.errors.items() for e in errs]
            ),
        )
    member = next(m for m in members if str(m.public_id) == form.cleaned_data["member"])
    services.attach_letter(
        actor=request.user, application=application, member=member, file=form.cleaned_data["letter"]
    )
    return _after_post(request, application, ok=_("Lettre d'engagement jointe."))


@require_POST
@permission(perms.can_write_applications, visible=perms.can_list_applications)
def report_add(request, public_id):
    application = _get(request, public_id)
    ensure(perms.can_edit_application(request.membership, application))
    indicators = [i for axis in application.axes.all() for i in axis.indicators.all()]
    form = ReportForm(request.POST, indicators=indicators)
    if not form.is_valid():
        return _after_post(
            request,
            application,
            ValidationError(
                [f"{form.fields[n].label} : {e}" for n, errs in form.errors.items() for e in errs]
            ),
        )
    data = dict(form.cleaned_data)
    indicator = next(i for i in indicators if str(i.public_id) == data.pop("indicator"))
    try:
        services.report_indicator(actor=request.user, indicator=indicator, **data)
    except ValidationError as exc:
        return _after_post(request, application, exc)
    return _after_post(request, application, ok=_("Mesure enregistrée."))
