from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, permission, signed_in
from mutualis.jobs import services
from mutualis.jobs.models import Job, JobStatus
from mutualis.jobs.perms import can_cancel_job
from mutualis.jobs.selectors import jobs_visible_to

PAGE_SIZE = 25
# htmx stops polling an element when the response has this status (and still swaps it).
HTMX_STOP_POLLING = 286


def _get_job(request, public_id):
    """The job, reaped first if its worker died (so that the page says so)."""
    return services.reap_if_lost(get_object_or_404(scoped(Job, request.membership), public_id=public_id))


@permission(signed_in)
@require_GET
def job_list(request):
    status = request.GET.get("statut", "")
    jobs = jobs_visible_to(request.membership, status=status)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/list.html",
        {
            "page": page,
            "status": status if status in JobStatus.values else "",
            "status_choices": JobStatus.choices,
        },
    )


@permission(signed_in)
@require_GET
def job_detail(request, public_id):
    job = _get_job(request, public_id)
    return render(
        request,
        "jobs/detail.html",
        {"job": job, "can_cancel": can_cancel_job(request.membership, job)},
    )


@permission(signed_in)
@require_GET
def job_progress(request, public_id):
    """The htmx partial polled every second by `www/_job_progress.html`."""
    job = _get_job(request, public_id)
    response = render(request, "jobs/_progress.html", {"job": job})
    if job.is_finished:
        response.status_code = HTMX_STOP_POLLING
        if request.GET.get("refresh") == "1":
            response["HX-Refresh"] = "true"
    return response


@permission(signed_in)
@require_POST
def job_cancel(request, public_id):
    job = _get_job(request, public_id)
    ensure(can_cancel_job(request.membership, job))
    services.request_cancel(job=job)
    messages.success(
        request, _("L'annulation de la tâche est demandée ; elle s'arrêtera à la prochaine étape.")
    )
    return redirect("jobs:detail", public_id=job.public_id)
