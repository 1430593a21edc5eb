"""Pages of the shared diagnostic model, the « sans solution » review and the indicators."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.core.access import ensure, permission
from mutualis.insertion import consents, perms, selectors, services
from mutualis.insertion.enums import Part, ReviewStatus, TemplateStatus, Theme
from mutualis.insertion.models import DiagnosticTemplate, SituationReview

from . import forms

TEMPLATES_READ_ONLY = _("Seule la direction ou la planification d'un GE fait évoluer le modèle partagé.")


@permission(perms.is_professional)
def templates(request):
    return render(
        request,
        "insertion/templates.html",
        {
            "templates": DiagnosticTemplate.objects.order_by("code", "-version"),
            "can_edit": perms.can_edit_templates(request.membership),
        },
    )


@permission(perms.is_professional)
def template_detail(request, public_id):
    template = get_object_or_404(DiagnosticTemplate, public_id=public_id)
    can_edit = perms.can_edit_templates(request.membership) and template.status == TemplateStatus.DRAFT
    form = None
    if can_edit or request.method == "POST":
        ensure(perms.can_edit_templates(request.membership), message=TEMPLATES_READ_ONLY)
        form = forms.TemplateForm(
            request.POST or None,
            initial={
                "title": template.title,
                "schema": json.dumps(template.schema, ensure_ascii=False, indent=2),
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.update_template(
                    actor=request.user,
                    template=template,
                    title=form.cleaned_data["title"],
                    schema=form.cleaned_data["schema"],
                )
            except ValidationError as exc:
                forms.add_model_errors(form, exc)
                template.refresh_from_db()
            else:
                messages.success(request, _("Brouillon enregistré."))
                return redirect("insertion:template", public_id=template.public_id)
    themes = dict(Theme.choices)
    sections = [
        {
            "title": s["title"],
            "questions": [{**q, "theme_label": themes.get(q["theme"], q["theme"])} for q in s["questions"]],
        }
        for s in template.schema.get("sections", [])
    ]
    return render(
        request,
        "insertion/template_detail.html",
        {
            "template": template,
            "sections": sections,
            "form": form,
            "can_edit": perms.can_edit_templates(request.membership),
        },
    )


@require_POST
@permission(perms.can_edit_templates, visible=perms.is_professional, message=TEMPLATES_READ_ONLY)
def template_new_version(request, public_id):
    template = get_object_or_404(DiagnosticTemplate, public_id=public_id)
    draft = services.new_template_version(actor=request.user, template=template)
    messages.success(
        request, _("Version %(v)d en brouillon : modifiez-la puis publiez-la.") % {"v": draft.version}
    )
    return redirect("insertion:template", public_id=draft.public_id)


@require_POST
@permission(perms.can_edit_templates, visible=perms.is_professional, message=TEMPLATES_READ_ONLY)
def template_publish(request, public_id):
    template = get_object_or_404(DiagnosticTemplate, public_id=public_id)
    try:
        services.publish_template(actor=request.user, template=template)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Version %(v)d publiée : elle ne changera plus.") % {"v": template.version}
        )
    return redirect("insertion:template", public_id=template.public_id)


@permission(perms.can_review)
def reviews(request):
    membership = request.membership
    return render(
        request,
        "insertion/reviews.html",
        {
            "submitted": list(selectors.reviews(membership, ReviewStatus.SUBMITTED)),
            "decided": list(selectors.reviews(membership, ReviewStatus.DECIDED)[:50]),
            "candidates": list(selectors.no_solution_candidates(membership)[:100]),
            "days": selectors.NO_SOLUTION_DAYS,
        },
    )


@permission(perms.can_review)
def review_decide(request, public_id):
    review = get_object_or_404(
        SituationReview.objects.select_related("beneficiary__follow_up"), public_id=public_id
    )
    consents.read(request.membership, review.beneficiary, Part.PLAN)
    form = forms.ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_review(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            forms.add_model_errors(form, exc)
        else:
            messages.success(request, _("Décision enregistrée dans le parcours."))
            return redirect("insertion:reviews")
    return render(request, "insertion/review_decide.html", {"review": review, "form": form})


@permission(perms.is_professional)
def indicators(request):
    return render(request, "insertion/indicators.html", {"ind": selectors.indicators(request.membership)})
