"""Retention of candidates: kept while they consent to the pool, otherwise 2 years after their last
application; application documents 2 years after the last decision, unless the candidate is in the pool."""

from django.db.models import Max, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before

from .models import Application, Candidate


def _not_in_pool(today, prefix=""):
    return Q(**{f"{prefix}pool_consent_until__isnull": True}) | Q(
        **{f"{prefix}pool_consent_until__lt": today}
    )


@rule(
    "recruitment.candidates",
    label=_("Candidats hors vivier sans candidature depuis 2 ans : identité et coordonnées effacées"),
    covers=[f"recruitment.Candidate.{name}" for name in Candidate.PERSONAL_DATA],
)
def candidates(*, wet, today):
    limit = years_before(today, 2)
    old = (
        Candidate.objects.filter(_not_in_pool(today))
        .annotate(last=Coalesce(Max("applications__created_at"), "created_at"))
        .annotate(last_day=TruncDate("last"))
        .filter(last_day__lt=limit)
    )
    return erase(Candidate.objects.filter(pk__in=old.values("pk")), list(Candidate.PERSONAL_DATA), wet=wet)


@rule(
    "recruitment.application_documents",
    label=_("Candidatures décidées depuis plus de 2 ans (hors vivier) : CV et messages supprimés"),
    covers=[f"recruitment.Application.{name}" for name in Application.PERSONAL_DATA],
)
def application_documents(*, wet, today):
    old = Application.objects.filter(_not_in_pool(today, "candidate__")).filter(
        status_changed_at__date__lt=years_before(today, 2)
    )
    return erase(old, list(Application.PERSONAL_DATA), wet=wet)
