"""The billing run as a background job (see mutualis/jobs/registry.py)."""

from django.utils.translation import gettext_lazy as _

from mutualis.jobs.registry import register

KIND = "billing.run"


@register(KIND, label=_("Facturation mensuelle"))
def run_billing_job(job, progress):
    from . import services

    return services.execute_run(run_id=job.params["run_id"], progress=progress)
