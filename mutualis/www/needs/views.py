"""Pages for needs (besoins), consolidation runs and the positions accepted from them."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.imports.reading import ImportFileError, read_table
from mutualis.jobs.models import Job
from mutualis.members.models import Member
from mutualis.needs import census, consolidation, importing, perms, report, selectors, services
from mutualis.needs.instance import plan_to_public, readable_reason
from mutualis.needs.models import (
    CampaignStatus,
    CensusCampaign,
    CensusDeclaration,
    ConsolidationRun,
    Need,
    NeedKind,
    NeedStatus,
    RunStatus,
)
from mutualis.needs.timeline import describe, format_duration
from mutualis.www.tables import list_page

from .charts import week_chart
from .filters import NeedFilter
from .forms import (
    SERVICE_FIELD_ALIASES,
    CampaignForm,
    ConsolidationForm,
    DeclarationForm,
    NeedForm,
    NeedImportForm,
    TimeRangeFormSet,
    format_weeks,
    initial_ranges,
)
from .tables import NeedTable, weekly_minutes

POSITIONS_PER_PAGE = 20

# --- helpers -------------------------------------------------------------------------------------


def _require(allowed):
    if not allowed:
        raise Http404


def _get_need(request, public_id):
    return get_object_or_404(selectors.need_list(request.membership), public_id=public_id)


def _get_run(request, public_id):
    _require(perms.can_view_runs(request.membership))
    return get_object_or_404(selectors.runs_visible_to(request.membership), public_id=public_id)


def _add_service_errors(form, formsets, exc):
    """Show a service ValidationError on the field it names; slot and window errors on their formset."""
    for field, errors in exc.message_dict.items():
        name = SERVICE_FIELD_ALIASES.get(field, field)
        if name in formsets:
            formsets[name].service_errors = list(errors)
        elif name in form.fields:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


def _organisation_chart(need_list):
    """Week chart of an organisation's fixed needs (one colour per need), to see overlaps."""
    entries = []
    for need in need_list:
        if need.kind != NeedKind.FIXED:
            continue
        for slot in need.slots.all():
            entries.append(
                {"start": slot.start, "end": slot.end, "key": need.job_title, "label": need.job_title}
            )
    return week_chart(entries) if entries else None


# --- needs ---------------------------------------------------------------------------------------


@login_required
@require_GET
def need_list(request):
    membership = request.membership
    _require(perms.can_list_needs(membership))
    return list_page(
        request,
        queryset=selectors.need_list(membership),
        filterset_class=NeedFilter,
        table_class=NeedTable,
        template="needs/need_list.html",
        export_name="besoins",
        title=_("Besoins"),
        context={
            "can_declare": perms.can_declare_needs(membership),
            "can_run": perms.can_run_consolidation(membership),
        },
    )


def _need_form_page(request, need=None):
    membership = request.membership
    instance = need or Need(group=request.current_group)
    data = request.POST if request.method == "POST" else None
    form = NeedForm(data, instance=instance, membership=membership)
    slot_initial = initial_ranges((s.start, s.end) for s in need.slots.all()) if need else None
    window_initial = initial_ranges((w.start, w.end) for w in need.windows.all()) if need else None
    formsets = {
        "slots": TimeRangeFormSet(data, prefix="slots", initial=slot_initial),
        "windows": TimeRangeFormSet(data, prefix="windows", initial=window_initial),
    }
    if request.method == "POST":
        valid = form.is_valid() & formsets["slots"].is_valid() & formsets["windows"].is_valid()
        if valid:
            fields = form.service_fields()
            flexible = fields["kind"] == NeedKind.FLEXIBLE
            schedule = {
                "slots": [] if flexible else formsets["slots"].ranges(),
                "windows": formsets["windows"].ranges() if flexible else [],
            }
            try:
                if need is None:
                    need = services.create_need(
                        actor=request.user,
                        group=request.current_group,
                        skills=form.cleaned_data["skills"],
                        **schedule,
                        **fields,
                    )
                    messages.success(request, _("Besoin « %(job)s » enregistré.") % {"job": need.job_title})
                else:
                    if need.status not in (NeedStatus.DRAFT, NeedStatus.OPEN):
                        fields.pop("status")
                    need = services.update_need(
                        actor=request.user,
                        need=need,
                        skills=form.cleaned_data["skills"],
                        **schedule,
                        **fields,
                    )
                    messages.success(request, _("Besoin modifié."))
                return redirect("needs:detail", public_id=need.public_id)
            except ValidationError as exc:
                _add_service_errors(form, formsets, exc)
    return render(
        request,
        "needs/need_form.html",
        {
            "form": form,
            "slot_formset": formsets["slots"],
            "window_formset": formsets["windows"],
            "need": need,
            "other_slots": _other_slots(membership, need),
            "iso_weeks": range(1, 54),
        },
    )


def _other_slots(membership, need):
    """The fixed slots of the member's other live needs, drawn in grey by the week editor."""
    member_id = need.member_id if need is not None else membership.member_id
    if member_id is None:
        return []
    others = selectors.need_list(membership).live().filter(member_id=member_id, kind=NeedKind.FIXED)
    if need is not None:
        others = others.exclude(pk=need.pk)
    return [{"start": s.start, "end": s.end, "label": n.job_title} for n in others for s in n.slots.all()]


@login_required
def need_create(request):
    _require(perms.can_declare_needs(request.membership))
    return _need_form_page(request)


@login_required
def need_update(request, public_id):
    need = _get_need(request, public_id)
    if not perms.can_edit_need(request.membership, need):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce besoin."))
    return _need_form_page(request, need)


@login_required
@require_GET
def need_detail(request, public_id):
    membership = request.membership
    need = _get_need(request, public_id)
    siblings = []
    if need.member_id:
        siblings = list(
            selectors.need_list(membership)
            .live()
            .filter(member_id=need.member_id)
            .order_by("created_at", "id")
        )
    return render(
        request,
        "needs/need_detail.html",
        {
            "need": need,
            "hours": format_duration(weekly_minutes(need)),
            "schedule": [describe(s.start, s.end) for s in need.slots.all()],
            "windows": [describe(w.start, w.end) for w in need.windows.all()],
            "weeks": format_weeks(need.weeks),
            "block_min": format_duration(need.min_block_minutes) if need.min_block_minutes else "",
            "block_max": format_duration(need.max_block_minutes) if need.max_block_minutes else "",
            "chart": _organisation_chart(siblings),
            "can_edit": perms.can_edit_need(membership, need),
            "positions": need.positions.all(),
        },
    )


@login_required
@require_POST
def need_withdraw(request, public_id):
    need = _get_need(request, public_id)
    if not perms.can_edit_need(request.membership, need):
        raise PermissionDenied
    services.withdraw_need(actor=request.user, need=need)
    messages.success(request, _("Besoin retiré."))
    return redirect("needs:detail", public_id=need.public_id)


@login_required
def need_import(request):
    """Import needs from a file: every bad line listed with its number; saved only as chosen."""
    _require(perms.is_staff(request.membership))
    if not perms.can_run_consolidation(request.membership):
        raise PermissionDenied
    form = NeedImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, upload.name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            result = importing.import_needs(
                group=request.current_group, actor=request.user, table=table, mode=form.cleaned_data["mode"]
            )
            if result.saved:
                messages.success(request, _("%(n)s besoins importés.") % {"n": result.created})
    return render(
        request, "needs/need_import.html", {"form": form, "result": result, "columns": importing.COLUMNS}
    )


# --- consolidation runs --------------------------------------------------------------------------


@login_required
@require_GET
def run_list(request):
    _require(perms.can_view_runs(request.membership))
    runs = list(selectors.runs_visible_to(request.membership)[:100])
    for run in runs:  # KPIs exist only once a run is finished
        kpis = run.kpis or {}
        run.kpi_needs, run.kpi_positions = kpis.get("needs"), kpis.get("positions")
        run.kpi_gap = kpis.get("gap_to_lower_bound")
    return render(
        request,
        "needs/run_list.html",
        {"runs": runs, "can_run": perms.can_run_consolidation(request.membership)},
    )


@login_required
def run_create(request):
    membership = request.membership
    _require(perms.can_view_runs(membership))
    if not perms.can_run_consolidation(membership):
        raise PermissionDenied(_("Votre rôle permet de consulter les consolidations, pas d'en lancer."))
    initial = {"campaign": request.GET.get("campaign")} if request.GET.get("campaign") else None
    form = ConsolidationForm(request.POST or None, membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = consolidation.start_consolidation(
                actor=request.user,
                group=request.current_group,
                filters=form.filters(),
                params=form.params(),
                seed=data["seed"],
                time_limit_seconds=data["time_limit_seconds"],
                include_employees=data["include_employees"],
                label=data["label"],
                campaign=data.get("campaign"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("needs:run_detail", public_id=run.public_id)
    return render(request, "needs/run_form.html", {"form": form})


def _organisation_key(need):
    """The plan's reference of a need's organisation (see instance.build_instance)."""
    if need.member_id:
        return f"member:{need.member.public_id}"
    return f"declaration:{need.declaration.public_id}"


def _run_needs(run, public_plan):
    ids = {n for p in public_plan["positions"] for n in p["needs"]} | {
        u["need"] for u in public_plan["unassigned"]
    }
    return Need.objects.filter(group_id=run.group_id, public_id__in=ids).select_related("site")


def _position_views(run, public_plan, accepted):
    """Each proposed position with its week chart, needs and members, ready for the template."""
    need_ids = {n for p in public_plan["positions"] for n in p["needs"]} | {
        u["need"] for u in public_plan["unassigned"]
    }
    needs = {
        str(n.public_id): n
        for n in Need.objects.filter(group_id=run.group_id, public_id__in=need_ids).select_related(
            "member", "declaration", "site"
        )
    }
    member_names = {
        f"member:{m.public_id}": m.name
        for m in Member.objects.filter(group_id=run.group_id, needs__public_id__in=need_ids).distinct()
    }
    for need in needs.values():
        if need.declaration_id:
            member_names[f"declaration:{need.declaration.public_id}"] = need.declaration.organisation_name
    positions = []
    for proposal in public_plan["positions"]:
        keys = proposal["members"]
        entries = [
            {
                "start": item["start"],
                "end": item["end"],
                "key": _organisation_key(needs[item["need"]]),
                "label": needs[item["need"]].job_title,
            }
            for item in proposal["schedule"]
            if item["need"] in needs
        ]
        chart = week_chart(entries, legend_keys=keys)
        for row in chart["legend"]:
            row["name"] = member_names.get(row["key"], "?")
        positions.append(
            {
                "id": proposal["id"],
                "hours": format_duration(proposal["weekly_minutes"]),
                "weekly_minutes": proposal["weekly_minutes"],
                "full_time": proposal["weekly_minutes"] >= (run.params.get("max_weekly_minutes") or 2100),
                "travel": format_duration(proposal["travel_minutes"]),
                "is_new": proposal["employee"] is None,
                "members_count": len(keys),
                "chart": chart,
                "rows": [
                    {
                        "when": describe(item["start"], item["end"]),
                        "need": needs.get(item["need"]),
                        "member": member_names.get(entry["key"], "?"),
                    }
                    for item, entry in zip(proposal["schedule"], entries, strict=False)
                ],
                "accepted": proposal["id"] in accepted,
                "locked": proposal.get("locked", False),
                "needs": [needs[n] for n in proposal["needs"] if n in needs],
            }
        )
    unassigned = [
        {"need": needs.get(item["need"]), "reason": readable_reason(item["reason"], run.id_map, needs)}
        for item in public_plan["unassigned"]
        if item["need"] in needs
    ]
    return positions, unassigned


@login_required
@require_GET
def run_detail(request, public_id):
    run = _get_run(request, public_id)
    context = {
        "run": run,
        "job": run.job,
        "kpis": run.kpis,
        "positions": [],
        "unassigned": [],
        "places": None,
        "page": None,
        "targets": [],
    }
    if run.status == RunStatus.SUCCEEDED and run.plan:
        accepted = set(run.positions.values_list("plan_position_id", flat=True))
        public = plan_to_public(run.plan, run.id_map)
        page = Paginator(public["positions"], POSITIONS_PER_PAGE).get_page(request.GET.get("page"))
        context["page"] = page
        context["targets"] = [p["id"] for p in public["positions"]]
        context["positions"], context["unassigned"] = _position_views(
            run, {**public, "positions": list(page.object_list)}, accepted
        )
        needs = {str(n.public_id): n for n in _run_needs(run, public)}
        context["places"] = report.places_map(run.instance or {}, public, run.id_map, needs)
    if run.kpis:  # also for a cancelled run, which keeps its best plan
        kpis = {**KPI_DEFAULTS, **run.kpis}
        context["kpis"] = kpis
        context["travel"] = format_duration(kpis["travel_minutes"])
        context["placed"] = format_duration(kpis["minutes_placed"])
        context["total"] = format_duration(kpis["minutes_total"])
    context["can_accept"] = perms.can_accept_positions(request.membership, run)
    context["can_cancel"] = (
        run.job is not None and not run.job.is_finished and perms.can_run_consolidation(request.membership)
    )
    return render(request, "needs/run_detail.html", context)


@login_required
@require_POST
def run_accept(request, public_id):
    run = _get_run(request, public_id)
    if not perms.can_accept_positions(request.membership, run):
        raise PermissionDenied
    try:
        created = consolidation.accept_positions(
            run=run, position_ids=request.POST.getlist("positions"), actor=request.user
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(n)s poste(s) accepté(s) : les besoins sont consolidés et les adhérents prévenus.")
            % {"n": len(created)},
        )
    return redirect("needs:run_detail", public_id=run.public_id)


def _position_ref(value):
    """'3', 'p3' or 'P3' -> 'p3' (the plan's position ids)."""
    value = value.strip().lower()
    return value if value.startswith("p") else f"p{value}"


@login_required
@require_POST
def run_rerun(request, public_id):
    """Re-run around the planner's decisions: locked positions and needs moved between positions."""
    run = _get_run(request, public_id)
    if not perms.can_accept_positions(request.membership, run):
        raise PermissionDenied
    moves = {
        key.removeprefix("move-"): _position_ref(value)
        for key, value in request.POST.items()
        if key.startswith("move-") and value.strip()
    }
    try:
        again = consolidation.rerun(
            run=run, actor=request.user, lock_positions=request.POST.getlist("lock"), moves=moves
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect("needs:run_detail", public_id=run.public_id)
    messages.success(request, _("Consolidation relancée autour de vos verrous."))
    return redirect("needs:run_detail", public_id=again.public_id)


@login_required
@require_GET
def run_instance(request, public_id):
    """The run's engine instance as JSON, to replay it with `python -m mutualis.engine solve`."""
    run = _get_run(request, public_id)
    if run.instance is None:
        raise Http404
    response = HttpResponse(
        json.dumps(run.instance, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="instance-{run.public_id}.json"'
    return response


# Every indicator the results page shows, for runs recorded before an indicator existed.
KPI_DEFAULTS = {
    "positions": 0,
    "full_time_positions": 0,
    "positions_24h_or_more": 0,
    "placed_percent": 0,
    "minutes_placed": 0,
    "minutes_total": 0,
    "members_per_position": 0,
    "travel_minutes": 0,
    "gap_to_lower_bound": None,
    "lower_bound_placed": None,
    "unassigned": 0,
}

COMPARED_KPIS = [
    ("positions", _lazy("Postes proposés")),
    ("full_time_positions", _lazy("Postes à temps plein")),
    ("positions_24h_or_more", _lazy("Postes de 24 h ou plus")),
    ("placed_percent", _lazy("Heures placées (%)")),
    ("minutes_placed", _lazy("Minutes placées")),
    ("members_per_position", _lazy("Adhérents par poste")),
    ("travel_minutes", _lazy("Trajets (minutes par semaine)")),
    ("lower_bound_placed", _lazy("Borne inférieure pour les besoins placés (postes)")),
    ("gap_to_lower_bound", _lazy("Écart à la borne (postes)")),
    ("unassigned", _lazy("Besoins non placés")),
    ("solve_seconds", _lazy("Temps de calcul (s)")),
]


@login_required
@require_GET
def run_compare(request):
    """Two runs side by side: their parameters and indicators."""
    _require(perms.can_view_runs(request.membership))
    runs = selectors.runs_visible_to(request.membership)
    chosen = []
    for key in ("a", "b"):
        value = request.GET.get(key, "")
        try:
            chosen.append(runs.filter(public_id=uuid.UUID(value)).first() if value else None)
        except ValueError:
            chosen.append(None)
    rows = []
    if all(chosen):
        for key, label in COMPARED_KPIS:
            rows.append({"label": label, "values": [run.kpis.get(key, "—") for run in chosen]})
        for key in sorted(set(chosen[0].params) | set(chosen[1].params)):
            rows.append({"label": key, "values": [run.params.get(key, "—") for run in chosen]})
        rows.append({"label": _("graine"), "values": [run.seed for run in chosen]})
        rows.append(
            {"label": _("temps de calcul demandé (s)"), "values": [run.time_limit_seconds for run in chosen]}
        )
    return render(
        request,
        "needs/run_compare.html",
        {"runs": runs.filter(status=RunStatus.SUCCEEDED)[:100], "chosen": chosen, "rows": rows},
    )


@login_required
@require_GET
def run_report(request, public_id, fmt):
    """The feasibility study of a finished run, as XLSX or PDF."""
    run = _get_run(request, public_id)
    if run.status != RunStatus.SUCCEEDED or not run.plan or fmt not in ("xlsx", "pdf"):
        raise Http404
    if fmt == "xlsx":
        content = report.feasibility_xlsx(run)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        positions, _unassigned = _position_views(run, plan_to_public(run.plan, run.id_map), set())
        content = report.feasibility_pdf(run, {p["id"]: p["chart"] for p in positions})
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="etude-faisabilite-{run.public_id}.{fmt}"'
    return response


# --- positions -----------------------------------------------------------------------------------


@login_required
@require_GET
def position_list(request):
    _require(perms.can_list_positions(request.membership))
    positions = selectors.positions_visible_to(request.membership).select_related("run")[:200]
    return render(request, "needs/position_list.html", {"positions": positions})


# --- census campaigns (staff) --------------------------------------------------------------------


def _get_campaign(request, public_id):
    _require(perms.can_view_runs(request.membership))
    return get_object_or_404(scoped(CensusCampaign, request.membership), public_id=public_id)


@login_required
@require_GET
def campaign_list(request):
    _require(perms.can_view_runs(request.membership))
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


@login_required
def campaign_create(request):
    _require(perms.can_view_runs(request.membership))
    if not perms.can_run_consolidation(request.membership):
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = census.create_campaign(
                actor=request.user, group=request.current_group, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_service_errors(form, {}, exc)
        else:
            messages.success(request, _("Campagne créée."))
            return redirect("needs:campaign_detail", public_id=campaign.public_id)
    return render(request, "needs/campaign_form.html", {"form": form})


@login_required
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


@login_required
@require_POST
def campaign_status(request, public_id):
    campaign = _get_campaign(request, public_id)
    if not perms.can_run_consolidation(request.membership):
        raise PermissionDenied
    try:
        census.set_campaign_status(
            actor=request.user, campaign=campaign, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("needs:campaign_detail", public_id=campaign.public_id)


# --- census: public pages (no account) -----------------------------------------------------------


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


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
                _add_service_errors(form, formsets, exc)
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


@login_required
@require_GET
def position_detail(request, public_id):
    _require(perms.can_list_positions(request.membership))
    position = get_object_or_404(selectors.positions_visible_to(request.membership), public_id=public_id)
    needs = {str(n.public_id): n for n in position.needs.select_related("member", "declaration", "site")}
    entries = [
        {
            "start": item["start"],
            "end": item["end"],
            "key": _organisation_key(needs[item["need"]]),
            "label": needs[item["need"]].job_title,
        }
        for item in position.schedule
        if item["need"] in needs
    ]
    chart = week_chart(entries)
    names = {_organisation_key(n): n.organisation_name for n in needs.values()}
    for row in chart["legend"]:
        row["name"] = names.get(row["key"], "?")
    rows = [
        {"when": describe(item["start"], item["end"]), "need": needs[item["need"]]}
        for item in position.schedule
        if item["need"] in needs
    ]
    return render(request, "needs/position_detail.html", {"position": position, "chart": chart, "rows": rows})


# --- feasibility studies of census campaigns (staff and territorial observers, anonymised) -------


@login_required
@require_GET
def study_list(request):
    membership = request.membership
    _require(perms.can_view_studies(membership))
    campaigns = scoped(CensusCampaign, membership).annotate(
        confirmed_count=Count(
            "declarations", filter=Q(declarations__confirmed_at__isnull=False), distinct=True
        ),
    )
    runs = (
        scoped(ConsolidationRun, membership).filter(campaign__isnull=False).select_related("campaign")[:100]
    )
    return render(
        request,
        "needs/study_list.html",
        {"campaigns": campaigns, "runs": runs, "can_start": perms.can_start_study(membership)},
    )


@login_required
@require_POST
def study_start(request, public_id):
    membership = request.membership
    _require(perms.can_view_studies(membership))
    campaign = get_object_or_404(scoped(CensusCampaign, membership), public_id=public_id)
    if not perms.can_start_study(membership):
        raise PermissionDenied
    try:
        run = consolidation.start_consolidation(
            actor=request.user,
            group=request.current_group,
            campaign=campaign,
            time_limit_seconds=30,
            label=_("Étude de faisabilité — %(campaign)s") % {"campaign": campaign.name},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("needs:studies")
    return redirect("needs:study", public_id=run.public_id)


@login_required
@require_GET
def study_detail(request, public_id):
    """A campaign run, anonymised: indicators, by job and by commune, positions without organisation names."""
    membership = request.membership
    _require(perms.can_view_studies(membership))
    run = get_object_or_404(
        scoped(ConsolidationRun, membership).filter(campaign__isnull=False).select_related("campaign", "job"),
        public_id=public_id,
    )
    context = {"run": run, "study": None, "job": None}
    if run.job is not None and scoped(Job, membership).filter(pk=run.job_id).exists():
        context["job"] = run.job  # its progress bar polls a page the user may read
    if run.status == RunStatus.SUCCEEDED and run.plan:
        study = report.study(run)
        for position in study["positions"]:
            organisations = {}
            entries = []
            for item in position["schedule"]:
                need = study_needs(study).get(item["need"])
                if need is None:
                    continue
                key = organisations.setdefault(_organisation_key(need), len(organisations) + 1)
                entries.append(
                    {"start": item["start"], "end": item["end"], "key": key, "label": need.job_title}
                )
            chart = week_chart(entries)
            for row in chart["legend"]:
                row["name"] = _("organisation %(n)s") % {"n": row["key"]}
            position["chart"] = chart
            position["organisations"] = len(organisations)
        context["study"] = study
        context["kpis"] = {**KPI_DEFAULTS, **(run.kpis or {})}
    return render(request, "needs/study_detail.html", context)


def study_needs(study):
    """Needs of a study by public id (cached on the study dict)."""
    if "_needs" not in study:
        ids = {item["need"] for p in study["positions"] for item in p["schedule"]}
        study["_needs"] = {
            str(n.public_id): n
            for n in Need.objects.filter(group_id=study["run"].group_id, public_id__in=ids).select_related(
                "member", "declaration"
            )
        }
    return study["_needs"]
