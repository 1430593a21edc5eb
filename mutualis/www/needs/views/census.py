"""Census campaigns: staff pages, and the public declaration and confirmation pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mutualis.accounts.client_ip import client_ip
from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, permission, public
from mutualis.needs import census, perms
from mutualis.needs.models import (
    CampaignStatus,
    CensusCampaign,
    CensusDeclaration,
)

from ..forms import (
    CampaignForm,
    DeclarationForm,
    TimeRangeFormSet,
)
from .common import add_service_errors

# --- census campaigns (staff) --------------------------------------------------------------------


def _get_campaign(request, public_id):
    return get_object_or_404(scoped(CensusCampaign, request.membership), public_id=public_id)


@permission(perms.can_view_runs)
@require_GET
def campaign_list(request):
    campaigns = scoped(CensusCampaign, request.membership).annotate(
        declarations_count=Count("declarations", distinct=True),
        confirmed_count=Count(
            "declarations", filter=Q(declarations__confirmed_at__isnull=False), distinct=True
        ),
    )
    return render(
        request,
        "needs/campaign_list.html",
        {"campaigns": campaigns, "can_write": perms.can_run_consolidation(request.membership)},
    )


@permission(perms.can_run_consolidation, visible=perms.can_view_runs)
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = census.create_campaign(
                actor=request.user, group=request.current_group, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, {}, exc)
        else:
            messages.success(request, _("Campagne créée."))
            return redirect("needs:campaign_detail", public_id=campaign.public_id)
    return render(request, "needs/campaign_form.html", {"form": form})


@permission(perms.can_view_runs)
@require_GET
def campaign_detail(request, public_id):
    campaign = _get_campaign(request, public_id)
    declarations = campaign.declarations.annotate(needs_count=Count("needs")).order_by("-created_at")[:200]
    return render(
        request,
        "needs/campaign_detail.html",
        {
            "campaign": campaign,
            "declarations": declarations,
            "public_url": request.build_absolute_uri(reverse("needs:census_form", args=[campaign.token])),
            "can_write": perms.can_run_consolidation(request.membership),
            "status_choices": CampaignStatus.choices,
        },
    )


@permission(perms.can_view_runs)
@require_POST
def campaign_status(request, public_id):
    campaign = _get_campaign(request, public_id)
    ensure(perms.can_run_consolidation(request.membership))
    try:
        census.set_campaign_status(
            actor=request.user, campaign=campaign, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("needs:campaign_detail", public_id=campaign.public_id)


# --- census: public pages (no account) -----------------------------------------------------------


def _client_ip(request):
    return client_ip(request)  # behind a trusted reverse proxy, the respondent's address


@public
def census_form(request, token):
    campaign = get_object_or_404(CensusCampaign, token=token)
    if not campaign.is_accepting(timezone.localdate()):
        return render(request, "needs/census_closed.html", {"campaign": campaign}, status=410)
    data = request.POST if request.method == "POST" else None
    form = DeclarationForm(data)
    formsets = {
        "slots": TimeRangeFormSet(data, prefix="slots"),
        "windows": TimeRangeFormSet(data, prefix="windows"),
    }
    if request.method == "POST":
        valid = form.is_valid() & formsets["slots"].is_valid() & formsets["windows"].is_valid()
        if valid and form.cleaned_data.get("website"):
            return render(request, "needs/census_thanks.html", {"campaign": campaign})  # a robot: dropped
        if valid:
            data = form.cleaned_data
            try:
                census.submit_declaration(
                    campaign=campaign,
                    needs=[form.need_fields(formsets["slots"].ranges(), formsets["windows"].ranges())],
                    organisation_name=data["organisation_name"],
                    siret=data["siret"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    city=data["city"],
                    ip_address=_client_ip(request),
                    confirmation_url=lambda t: request.build_absolute_uri(
                        reverse("needs:census_confirm", args=[t])
                    ),
                )
            except ValidationError as exc:
                add_service_errors(form, formsets, exc)
            else:
                return render(request, "needs/census_thanks.html", {"campaign": campaign})
    return render(
        request,
        "needs/census_form.html",
        {
            "campaign": campaign,
            "form": form,
            "slot_formset": formsets["slots"],
            "window_formset": formsets["windows"],
        },
    )


@public
def census_confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links do not confirm anything."""
    declaration = get_object_or_404(
        CensusDeclaration.objects.select_related("campaign"), confirmation_token=token
    )
    error = None
    if request.method == "POST":
        try:
            declaration = census.confirm_declaration(token=token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "needs/census_confirm.html", {"declaration": declaration, "error": error})
