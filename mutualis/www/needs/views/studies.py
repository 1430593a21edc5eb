"""Feasibility studies of census campaigns for staff and territorial observers (anonymised)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, permission
from mutualis.jobs.models import Job
from mutualis.needs import consolidation, perms, report
from mutualis.needs.charts import week_chart
from mutualis.needs.instance import organisation_key
from mutualis.needs.models import (
    CensusCampaign,
    ConsolidationRun,
    Need,
    RunStatus,
)

from .runs import KPI_DEFAULTS

# --- feasibility studies of census campaigns (staff and territorial observers, anonymised) -------


@permission(perms.can_view_studies)
@require_GET
def study_list(request):
    membership = request.membership
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


@permission(perms.can_view_studies)
@require_POST
def study_start(request, public_id):
    membership = request.membership
    campaign = get_object_or_404(scoped(CensusCampaign, membership), public_id=public_id)
    ensure(perms.can_start_study(membership))
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


@permission(perms.can_view_studies)
@require_GET
def study_detail(request, public_id):
    """A campaign run, anonymised: indicators, by job and by commune, positions without organisation names."""
    membership = request.membership
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
                key = organisations.setdefault(organisation_key(need), len(organisations) + 1)
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
