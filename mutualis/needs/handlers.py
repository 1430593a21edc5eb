"""Background job handlers of the needs app (registered at import, see apps.py)."""

from django.utils.translation import gettext_lazy as _

from mutualis.jobs.registry import register

from . import study_pdf
from .consolidation import JOB_KIND, run_consolidation

register(JOB_KIND, label=_("Consolidation des besoins"))(run_consolidation)
register(study_pdf.JOB_KIND, label=_("Étude de faisabilité (PDF)"))(study_pdf.build_study_pdf)
