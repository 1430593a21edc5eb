"""Background job handlers of the needs app (registered at import, see apps.py)."""

from django.utils.translation import gettext_lazy as _

from mutualis.jobs.registry import register

from . import study_pdf
from .consolidation import JOB_KIND, on_job_lost, run_consolidation

# A consolidation whose worker died is failed with a « Relancer » (a solve may take long and its
# plan is rebuilt from scratch: a person decides); the study PDF is idempotent, so queued again.
register(JOB_KIND, label=_("Consolidation des besoins"), on_lost=on_job_lost)(run_consolidation)
register(study_pdf.JOB_KIND, label=_("Étude de faisabilité (PDF)"), idempotent=True)(
    study_pdf.build_study_pdf
)
