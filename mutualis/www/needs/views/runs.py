"""Consolidation runs: start, follow, results, accept, re-run around locks, compare, study files."""

import json
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mutualis.core.access import ensure, permission
from mutualis.jobs.models import JobStatus
from mutualis.jobs.services import reap_if_lost
from mutualis.members.models import Member
from mutualis.needs import consolidation, perms, report, selectors, study_pdf
from mutualis.needs.instance import organisation_key, plan_to_public, readable_reason
from mutualis.needs.models import (
    Need,
    RunStatus,
)
from mutualis.needs.timeline import describe, format_duration

from ..forms import (
    ConsolidationForm,
)
from .common import get_run

POSITIONS_PER_PAGE = 20
RUN_READ_ONLY = gettext_lazy("Votre rôle permet de consulter les consolidations, pas d'en lancer.")

# --- consolidation runs --------------------------------------------------------------------------


@permission(perms.can_view_runs)
@require_GET
def run_list(request):
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


@permission(perms.can_run_consolidation, visible=perms.can_view_runs, message=RUN_READ_ONLY)
def run_create(request):
    membership = request.membership
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
        chart = report.position_chart(proposal, needs, names=member_names)
        positions.append(
            {
                "id": proposal["id"],
                "hours": format_duration(proposal["weekly_minutes"]),
                "weekly_minutes": proposal["weekly_minutes"],
                "full_time": proposal["weekly_minutes"] >= (run.params.get("max_weekly_minutes") or 2100),
                "travel": format_duration(proposal["travel_minutes"]),
                "is_new": proposal["employee"] is None,
                "members_count": len(keys),
                "families": ", ".join(proposal.get("families", [])),
                "chart": chart,
                "rows": [
                    {
                        "when": describe(item["start"], item["end"]),
                        "need": needs[item["need"]],
                        "member": member_names.get(organisation_key(needs[item["need"]]), "?"),
                    }
                    for item in proposal["schedule"]
                    if item["need"] in needs
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


def _study_pdf_context(membership, run):
    """The study PDF block of the results page: the last file built, and the last build asked for
    while it runs (progress bar) or when it failed."""
    job = run.study_pdf_job
    if job is not None:
        job = reap_if_lost(job)
    return {
        "pdf_job": job,
        "pdf_running": job is not None and not job.is_finished,
        "pdf_failed": job is not None and job.status == JobStatus.FAILED,
        "can_build_pdf": perms.can_build_study_pdf(membership, run),
    }


@permission(perms.can_view_runs)
@require_GET
def run_detail(request, public_id):
    run = consolidation.reap_if_lost(get_run(request, public_id))
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
    context.update(_study_pdf_context(request.membership, run))
    context["can_accept"] = perms.can_accept_positions(request.membership, run)
    context["can_cancel"] = (
        run.job is not None and not run.job.is_finished and perms.can_run_consolidation(request.membership)
    )
    context["can_retry"] = consolidation.can_retry(run) and perms.can_run_consolidation(request.membership)
    return render(request, "needs/run_detail.html", context)


@permission(perms.can_run_consolidation, visible=perms.can_view_runs, message=RUN_READ_ONLY)
@require_POST
def run_retry(request, public_id):
    """« Relancer » a consolidation that failed (its worker died…) or was stopped: same selection."""
    run = get_run(request, public_id)
    try:
        consolidation.retry_consolidation(run=run, actor=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Consolidation relancée : elle reprend depuis le début."))
    return redirect("needs:run_detail", public_id=run.public_id)


@permission(perms.can_view_runs)
@require_POST
def run_accept(request, public_id):
    run = get_run(request, public_id)
    ensure(perms.can_accept_positions(request.membership, run))
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


@permission(perms.can_view_runs)
@require_POST
def run_rerun(request, public_id):
    """Re-run around the planner's decisions: locked positions and needs moved between positions."""
    run = get_run(request, public_id)
    ensure(perms.can_accept_positions(request.membership, run))
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


@permission(perms.can_view_runs)
@require_GET
def run_instance(request, public_id):
    """The run's engine instance as JSON, to replay it with `python -m mutualis.engine solve`."""
    run = get_run(request, public_id)
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
    ("positions", gettext_lazy("Postes proposés")),
    ("full_time_positions", gettext_lazy("Postes à temps plein")),
    ("positions_24h_or_more", gettext_lazy("Postes de 24 h ou plus")),
    ("placed_percent", gettext_lazy("Heures placées (%)")),
    ("minutes_placed", gettext_lazy("Minutes placées")),
    ("members_per_position", gettext_lazy("Adhérents par poste")),
    ("travel_minutes", gettext_lazy("Trajets (minutes par semaine)")),
    ("lower_bound_placed", gettext_lazy("Borne inférieure pour les besoins placés (postes)")),
    ("gap_to_lower_bound", gettext_lazy("Écart à la borne (postes)")),
    ("unassigned", gettext_lazy("Besoins non placés")),
    ("solve_seconds", gettext_lazy("Temps de calcul (s)")),
]


@permission(perms.can_view_runs)
@require_GET
def run_compare(request):
    """Two runs side by side: their parameters and indicators."""
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


@permission(perms.can_view_runs)
@require_GET
def run_report(request, public_id):
    """The feasibility study of a finished run as XLSX, built in the request (0.5 s for 160 positions)."""
    run = get_run(request, public_id)
    if run.status != RunStatus.SUCCEEDED or not run.plan:
        raise Http404
    response = HttpResponse(
        report.feasibility_xlsx(run),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="etude-faisabilite-{run.public_id}.xlsx"'
    return response


@permission(perms.can_view_runs)
@require_POST
def run_study_pdf_build(request, public_id):
    """Start building the study PDF in the background (or follow the build already under way)."""
    run = get_run(request, public_id)
    ensure(perms.can_build_study_pdf(request.membership, run))
    try:
        study_pdf.start_study_pdf(run=run, actor=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.info(
            request, _("L'étude PDF est en préparation ; le lien de téléchargement apparaîtra ci-dessous.")
        )
    return redirect(reverse("needs:run_detail", kwargs={"public_id": run.public_id}) + "#etude")


@permission(perms.can_view_runs)
@require_GET
def run_study_pdf(request, public_id):
    """The study PDF last built for the run: stored outside public media, read here after the same
    check as the results page."""
    run = get_run(request, public_id)
    if not run.study_pdf:
        raise Http404
    try:
        with run.study_pdf.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="etude-faisabilite-{run.public_id}.pdf"'
    return response
