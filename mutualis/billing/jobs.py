"""The billing run as a background job (see mutualis/jobs/registry.py)."""

from django.utils.translation import gettext_lazy as _

from mutualis.jobs.models import JobStatus
from mutualis.jobs.registry import register

KIND = "billing.run"


def on_job_lost(job):
    """A billing run whose worker died is failed with the job's message; « Relancer le calcul » (retry_run)
    computes it again. Not re-queued by itself: the drafts are saved in one transaction, but a person
    should see why the first computation did not finish."""
    from .models import BillingRun, RunStatus

    if job.status in (JobStatus.FAILED, JobStatus.CANCELLED):
        BillingRun.objects.filter(job=job, status=RunStatus.PENDING).update(
            status=RunStatus.FAILED, problems=[job.error or job.message]
        )


def reap_if_lost(run):
    """Reap the run's job if its worker died (a page or the API looking at the run); the run as it is now."""
    from mutualis.jobs.services import reap_if_lost as reap_job

    if run.job is not None and run.job.status == JobStatus.RUNNING and reap_job(run.job).is_finished:
        run.refresh_from_db()
    return run


@register(KIND, label=_("Facturation mensuelle"), on_lost=on_job_lost)
def run_billing_job(job, progress):
    from . import services

    return services.execute_run(run_id=job.params["run_id"], progress=progress)
