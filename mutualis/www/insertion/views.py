"""Professional pages of insertion journeys: caseload, the carnet de bord, diagnostics, plan, states.

What a professional sees of a person goes through `consents.read` (404 without consent, each read by
someone other than the référent logged); what they may change through `perms`.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.models import Membership
from mutualis.core.access import ensure, permission
from mutualis.employer_groups.models import EmployerGroup
from mutualis.insertion import consents, diagnostics, perms, selectors, services
from mutualis.insertion.enums import Part, ReviewStatus, Theme
from mutualis.insertion.models import (
    Action,
    Axis,
    ConsentGrant,
    CorrectionRequest,
    Diagnostic,
    FollowUp,
    FollowUpMember,
    FollowUpTask,
    Objective,
)
from mutualis.organisations.models import Organisation

from . import forms

READ_ONLY = _(
    "Vous consultez ce parcours en lecture : seuls le référent et les professionnels du suivi le modifient."
)
SCOPES = (
    ("mine", _("Mes accompagnements")),
    ("structure", _("Toute ma structure")),
    ("shared", _("Partagés avec ma structure")),
)
FILTERS = (
    ("", _("Tous")),
    ("no_diagnostic", _("Sans diagnostic")),
    ("overdue", _("Actions en retard")),
    ("post_hire_ending", _("Fin du suivi dans l'emploi proche")),
)


def get_follow_up(request, public_id, part=Part.IDENTITY):
    """The follow-up, if the membership may read `part` of the person (else 404); the read is logged."""
    follow_up = get_object_or_404(
        FollowUp.objects.select_related(
            "beneficiary", "beneficiary__organisation", "beneficiary__group"
        ).prefetch_related(
            Prefetch(
                "members",
                queryset=FollowUpMember.objects.select_related(
                    "membership__user", "membership__organisation", "membership__group"
                ),
            )
        ),
        public_id=public_id,
    )
    consents.read(request.membership, follow_up.beneficiary, part)
    return follow_up


def _visible_or_404(request, follow_up):
    ensure(visible=consents.allows(request.membership, follow_up.beneficiary, Part.IDENTITY))


def _back(follow_up, anchor=""):
    response = redirect("insertion:follow_up", public_id=follow_up.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _errors(request, exc):
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


# --- Caseload --------------------------------------------------------------------------------------


@permission(perms.is_professional)
def caseload(request):
    membership = request.membership
    scope = request.GET.get("perimetre", "mine")
    scope = scope if scope in dict(SCOPES) else "mine"
    flt = request.GET.get("filtre", "")
    flt = flt if flt in dict(FILTERS) else ""
    follow_ups = list(selectors.caseload(membership, scope=scope, flt=flt)[:200])
    return render(
        request,
        "insertion/caseload.html",
        {
            "follow_ups": follow_ups,
            "scopes": SCOPES,
            "filters": FILTERS,
            "scope": scope,
            "flt": flt,
            "tasks": list(selectors.tasks_due(membership)),
            "can_create": True,
        },
    )


@permission(perms.is_professional)
def beneficiary_create(request):
    form = forms.BeneficiaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary = services.create_beneficiary(
                actor=request.user, membership=request.membership, **form.cleaned_data
            )
        except ValidationError as exc:
            forms.add_model_errors(form, exc)
        else:
            messages.success(request, _("Parcours de %(name)s ouvert.") % {"name": beneficiary})
            return redirect("insertion:follow_up", public_id=beneficiary.follow_up.public_id)
    return render(request, "insertion/beneficiary_form.html", {"form": form, "follow_up": None})


# --- The carnet ------------------------------------------------------------------------------------


@permission(perms.is_professional)
def follow_up_detail(request, public_id):
    membership = request.membership
    follow_up = get_follow_up(request, public_id)
    beneficiary = follow_up.beneficiary
    can = {part: consents.allows(membership, beneficiary, part) for part in Part.values}
    context = {
        "follow_up": follow_up,
        "beneficiary": beneficiary,
        "referent": follow_up.referent_member,
        "members": [m for m in follow_up.members.all() if m.ended_on is None],
        "past_members": [m for m in follow_up.members.all() if m.ended_on is not None],
        "can": can,
        "can_edit": perms.can_edit_plan(membership, follow_up),
        "can_manage": perms.can_manage_follow_up(membership, follow_up),
        "can_diagnose": perms.can_write_diagnostic(membership, follow_up),
        "rights": [label for value, label in forms.Right.choices if value in beneficiary.rights],
    }
    if can[Part.DIAGNOSTIC]:
        consents.read(membership, beneficiary, Part.DIAGNOSTIC)
        diagnostic = beneficiary.diagnostics.select_related("template").order_by("-version").first()
        context["diagnostic"] = diagnostic
        if diagnostic:
            labels = dict(Theme.choices)
            context["constraints"] = [
                {
                    "theme": labels.get(c["theme"], c["theme"]),
                    "status": c["status"],
                    "label": dict(diagnostics.ConstraintStatus.choices)[c["status"]],
                }
                for c in diagnostic.constraints
            ]
    if can[Part.PLAN]:
        consents.read(membership, beneficiary, Part.PLAN)
        context["axes"] = list(
            follow_up.axes.prefetch_related(
                Prefetch(
                    "objectives",
                    queryset=Objective.objects.prefetch_related(
                        Prefetch("actions", queryset=Action.objects.order_by("due_on", "id"))
                    ),
                )
            )
        )
        context["tasks"] = list(follow_up.tasks.filter(done_at__isnull=True).order_by("due_on", "id"))
        context["reviews"] = list(beneficiary.reviews.order_by("-created_at", "id"))
        # The local offer's orientations of the person, referred to, never copied (docs/offer.md).
        from mutualis.offer.selectors import orientations_of

        context["orientations"] = list(orientations_of(beneficiary).order_by("-sent_at", "-id"))
    allowed_parts = [p for p, ok in can.items() if ok]
    context["events"] = list(
        follow_up.events.filter(part__in=allowed_parts).order_by("-occurred_at", "-id")[:100]
    )
    if context["can_manage"]:
        context["consents"] = list(
            beneficiary.consents.select_related("organisation", "group").order_by("-given_on", "-id")
        )
        context["corrections"] = list(beneficiary.correction_requests.order_by("-created_at", "id"))
        context["consent_form"] = forms.ConsentForm(grantees=_grantees())
        context["member_form"] = forms.MemberForm()
        context["end_form"] = forms.EndMemberForm()
        context["hire_form"] = forms.HireForm()
        context["close_form"] = forms.CloseForm()
        context["outcome_form"] = forms.OutcomeForm()
        context["answer_form"] = forms.CorrectionAnswerForm()
    if context["can_edit"]:
        context["axis_form"] = forms.AxisForm()
        context["objective_form"] = forms.ObjectiveForm()
        context["action_form"] = forms.ActionForm()
        context["action_status_form"] = forms.ActionStatusForm()
        context["objective_status_form"] = forms.ObjectiveStatusForm()
    if can[Part.PLAN] and perms.can_review(membership):
        context["review_form"] = forms.ReviewSubmitForm()
        context["review_open"] = any(r.status == ReviewStatus.SUBMITTED for r in context.get("reviews", []))
    return render(request, "insertion/follow_up.html", context)


def _grantees():
    organisations = [
        (f"organisation:{o.public_id}", o.name) for o in Organisation.objects.active().order_by("name")
    ]
    groups = [
        (f"group:{g.public_id}", g.name)
        for g in EmployerGroup.objects.filter(is_active=True).order_by("name")
    ]
    return [("", "—"), (_("Organisations"), organisations), (_("Groupements d'employeurs"), groups)]


@permission(perms.is_professional)
def beneficiary_update(request, public_id):
    follow_up = _manage(request, public_id)
    consents.read(request.membership, follow_up.beneficiary, Part.IDENTITY)
    form = forms.BeneficiaryForm(request.POST or None, instance=follow_up.beneficiary)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_beneficiary(actor=request.user, beneficiary=follow_up.beneficiary, **fields)
        except ValidationError as exc:
            forms.add_model_errors(form, exc)
        else:
            messages.success(request, _("Identité et situation enregistrées."))
            return _back(follow_up)
    return render(request, "insertion/beneficiary_form.html", {"form": form, "follow_up": follow_up})


# --- Diagnostic ------------------------------------------------------------------------------------


@permission(perms.is_professional)
def diagnostic_create(request, public_id):
    follow_up = get_follow_up(request, public_id, Part.DIAGNOSTIC)
    ensure(perms.can_write_diagnostic(request.membership, follow_up), message=READ_ONLY)
    template = services.current_template()
    previous = follow_up.beneficiary.diagnostics.order_by("-version").first()
    form = forms.DiagnosticForm(
        request.POST or None, template=template, initial_answers=previous.answers if previous else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            diagnostic = services.record_diagnostic(
                actor=request.user,
                membership=request.membership,
                beneficiary=follow_up.beneficiary,
                template=template,
                answers=form.answers(),
                summary=form.cleaned_data["summary"],
                co_built=form.cleaned_data["co_built"],
            )
        except ValidationError as exc:
            forms.add_model_errors(form, exc)
        else:
            messages.success(request, _("Diagnostic version %(v)d enregistré.") % {"v": diagnostic.version})
            return redirect("insertion:diagnostic", public_id=diagnostic.public_id)
    return render(
        request,
        "insertion/diagnostic_form.html",
        {"form": form, "follow_up": follow_up, "template": template, "previous": previous},
    )


@permission(perms.is_professional)
def diagnostic_detail(request, public_id):
    diagnostic = get_object_or_404(
        Diagnostic.objects.select_related("template", "beneficiary__follow_up"), public_id=public_id
    )
    consents.read(request.membership, diagnostic.beneficiary, Part.DIAGNOSTIC)
    previous = (
        diagnostic.beneficiary.diagnostics.filter(version__lt=diagnostic.version)
        .select_related("template")
        .order_by("-version")
        .first()
    )
    labels = dict(Theme.choices)
    return render(
        request,
        "insertion/diagnostic_detail.html",
        {
            "diagnostic": diagnostic,
            "follow_up": diagnostic.beneficiary.follow_up,
            "sections": diagnostics.answered(diagnostic),
            "previous": previous,
            "differences": diagnostics.differences(previous, diagnostic) if previous else None,
            "constraints": [
                {
                    "theme": labels.get(c["theme"], c["theme"]),
                    "label": dict(diagnostics.ConstraintStatus.choices)[c["status"]],
                }
                for c in diagnostic.constraints
            ],
            "versions": list(
                diagnostic.beneficiary.diagnostics.order_by("-version").values(
                    "public_id", "version", "created_at"
                )
            ),
        },
    )


# --- Plan ------------------------------------------------------------------------------------------


def _plan_write(request, follow_up):
    _visible_or_404(request, follow_up)
    ensure(perms.can_edit_plan(request.membership, follow_up), message=READ_ONLY)


def _run(request, follow_up, form, call, success, anchor="plan"):
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, success)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}" if label else error)
    return _back(follow_up, anchor)


@require_POST
@permission(perms.is_professional)
def axis_create(request, public_id):
    follow_up = get_object_or_404(FollowUp.objects.select_related("beneficiary"), public_id=public_id)
    _plan_write(request, follow_up)
    return _run(
        request,
        follow_up,
        forms.AxisForm(request.POST),
        lambda d: services.add_axis(actor=request.user, follow_up=follow_up, theme=d["theme"]),
        _("Axe ajouté."),
    )


@require_POST
@permission(perms.is_professional)
def objective_create(request, public_id):
    axis = get_object_or_404(Axis.objects.select_related("follow_up__beneficiary"), public_id=public_id)
    follow_up = axis.follow_up
    _plan_write(request, follow_up)
    return _run(
        request,
        follow_up,
        forms.ObjectiveForm(request.POST),
        lambda d: services.add_objective(actor=request.user, axis=axis, **d),
        _("Objectif ajouté."),
    )


@require_POST
@permission(perms.is_professional)
def objective_update(request, public_id):
    objective = get_object_or_404(
        Objective.objects.select_related("axis__follow_up__beneficiary"), public_id=public_id
    )
    follow_up = objective.axis.follow_up
    _plan_write(request, follow_up)
    return _run(
        request,
        follow_up,
        forms.ObjectiveStatusForm(request.POST),
        lambda d: services.update_objective(actor=request.user, objective=objective, status=d["status"]),
        _("Objectif mis à jour."),
    )


@require_POST
@permission(perms.is_professional)
def action_create(request, public_id):
    objective = get_object_or_404(
        Objective.objects.select_related("axis__follow_up__beneficiary"), public_id=public_id
    )
    follow_up = objective.axis.follow_up
    _plan_write(request, follow_up)
    return _run(
        request,
        follow_up,
        forms.ActionForm(request.POST),
        lambda d: services.add_action(actor=request.user, objective=objective, **d),
        _("Action ajoutée."),
    )


@require_POST
@permission(perms.is_professional)
def action_update(request, public_id):
    action = get_object_or_404(
        Action.objects.select_related("objective__axis__follow_up__beneficiary"), public_id=public_id
    )
    follow_up = action.objective.axis.follow_up
    _plan_write(request, follow_up)
    return _run(
        request,
        follow_up,
        forms.ActionStatusForm(request.POST),
        lambda d: services.update_action(actor=request.user, action=action, status=d["status"]),
        _("Action mise à jour."),
    )


# --- Members, states, tasks --------------------------------------------------------------------------


def _manage(request, public_id):
    follow_up = get_object_or_404(FollowUp.objects.select_related("beneficiary"), public_id=public_id)
    _visible_or_404(request, follow_up)
    ensure(perms.can_manage_follow_up(request.membership, follow_up), message=READ_ONLY)
    return follow_up


@require_POST
@permission(perms.is_professional)
def member_add(request, public_id):
    follow_up = _manage(request, public_id)

    def add(d):
        user = get_user_model().objects.filter(username=d["username"]).first()
        membership = (
            Membership.objects.filter(user=user, is_active=True).exclude(role="person").order_by("id").first()
            if user
            else None
        )
        if membership is None or not consents.is_professional(membership):
            raise ValidationError(
                _("Aucun professionnel avec l'identifiant « %(u)s ».") % {"u": d["username"]}
            )
        services.add_member(actor=request.user, follow_up=follow_up, membership=membership, role=d["role"])

    return _run(
        request,
        follow_up,
        forms.MemberForm(request.POST),
        add,
        _("Professionnel ajouté au suivi."),
        "membres",
    )


@require_POST
@permission(perms.is_professional)
def member_end(request, public_id):
    member = get_object_or_404(
        FollowUpMember.objects.select_related("follow_up__beneficiary"), public_id=public_id
    )
    follow_up = _manage(request, member.follow_up.public_id)
    return _run(
        request,
        follow_up,
        forms.EndMemberForm(request.POST),
        lambda d: services.end_member(actor=request.user, member=member, reason=d["reason"]),
        _("Fin de participation enregistrée."),
        "membres",
    )


@require_POST
@permission(perms.is_professional)
def hire(request, public_id):
    follow_up = _manage(request, public_id)
    return _run(
        request,
        follow_up,
        forms.HireForm(request.POST),
        lambda d: services.record_hire(actor=request.user, follow_up=follow_up, **d),
        _("Embauche enregistrée : suivi dans l'emploi pendant 6 mois, points à 1, 3 et 6 mois."),
        "etat",
    )


@require_POST
@permission(perms.is_professional)
def close(request, public_id):
    follow_up = _manage(request, public_id)
    return _run(
        request,
        follow_up,
        forms.CloseForm(request.POST),
        lambda d: services.close_follow_up(actor=request.user, follow_up=follow_up, **d),
        _("Sortie enregistrée ; la situation à 6 mois vous sera demandée."),
        "etat",
    )


@require_POST
@permission(perms.is_professional)
def outcome(request, public_id):
    follow_up = _manage(request, public_id)
    return _run(
        request,
        follow_up,
        forms.OutcomeForm(request.POST),
        lambda d: services.record_outcome_6m(actor=request.user, follow_up=follow_up, **d),
        _("Situation à 6 mois enregistrée."),
        "etat",
    )


@require_POST
@permission(perms.is_professional)
def task_done(request, public_id):
    task = get_object_or_404(
        FollowUpTask.objects.select_related("follow_up__beneficiary"), public_id=public_id
    )
    follow_up = _manage(request, task.follow_up.public_id)
    try:
        services.complete_task(actor=request.user, task=task)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Point de suivi fait."))
    return _back(follow_up, "etat")


@require_POST
@permission(perms.is_professional)
def person_account(request, public_id):
    follow_up = _manage(request, public_id)
    try:
        services.open_person_account(actor=request.user, beneficiary=follow_up.beneficiary)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("Espace personnel ouvert : la personne se connecte par un lien reçu par courriel.")
        )
    return _back(follow_up)


# --- Consents and corrections -----------------------------------------------------------------------


@require_POST
@permission(perms.is_professional)
def consent_create(request, public_id):
    follow_up = _manage(request, public_id)

    def grant(d):
        kind, _sep, pid = d["grantee"].partition(":")
        target = {}
        if kind == "organisation":
            target["organisation"] = Organisation.objects.filter(public_id=pid).first()
        elif kind == "group":
            target["group"] = EmployerGroup.objects.filter(public_id=pid).first()
        if not any(target.values()):
            raise ValidationError(_("Destinataire : choisissez une organisation ou un groupement."))
        consents.grant(
            actor=request.user,
            beneficiary=follow_up.beneficiary,
            purpose=d["purpose"],
            parts=d["parts"],
            given_via=d["given_via"],
            evidence=d["evidence"],
            expires_on=d["expires_on"],
            **target,
        )

    form = forms.ConsentForm(request.POST, grantees=_grantees())
    return _run(request, follow_up, form, grant, _("Consentement enregistré."), "consentements")


@require_POST
@permission(perms.is_professional)
def consent_revoke(request, public_id):
    consent = get_object_or_404(
        ConsentGrant.objects.select_related("beneficiary__follow_up"), public_id=public_id
    )
    follow_up = _manage(request, consent.beneficiary.follow_up.public_id)
    consents.revoke(actor=request.user, consent=consent)
    messages.success(request, _("Consentement retiré : l'accès a pris fin."))
    return _back(follow_up, "consentements")


@require_POST
@permission(perms.is_professional)
def correction_answer(request, public_id):
    correction = get_object_or_404(
        CorrectionRequest.objects.select_related("beneficiary__follow_up"), public_id=public_id
    )
    follow_up = _manage(request, correction.beneficiary.follow_up.public_id)
    return _run(
        request,
        follow_up,
        forms.CorrectionAnswerForm(request.POST),
        lambda d: services.answer_correction(actor=request.user, request=correction, **d),
        _("Réponse envoyée à la personne."),
        "corrections",
    )


@require_POST
@permission(perms.can_review)
def review_submit(request, public_id):
    follow_up = get_object_or_404(FollowUp.objects.select_related("beneficiary"), public_id=public_id)
    _visible_or_404(request, follow_up)
    ensure(consents.allows(request.membership, follow_up.beneficiary, Part.PLAN))
    return _run(
        request,
        follow_up,
        forms.ReviewSubmitForm(request.POST),
        lambda d: services.submit_review(
            actor=request.user, membership=request.membership, beneficiary=follow_up.beneficiary, **d
        ),
        _("Situation soumise à l'examen « sans solution »."),
        "examens",
    )
