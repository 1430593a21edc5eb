"""Retention of a GE project's census contacts: 2 years after the census closed, unless the
organisation joined a GE (a member with the same SIRET exists)."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before
from mutualis.members.models import Member

from .models import ProjectEmployer


@rule(
    "ge_projects.census_contacts",
    label=_("Projets de GE : contacts effacés 2 ans après la clôture du recensement (sauf adhésion)"),
    covers=["ge_projects.ProjectEmployer.contact_name", "ge_projects.ProjectEmployer.contact_email"],
)
def census_contacts(*, wet, today):
    old = ProjectEmployer.objects.filter(project__census_closes_on__lt=years_before(today, 2)).exclude(
        siret__in=Member.objects.values("siret")
    )
    return erase(old, ["contact_name", "contact_email"], wet=wet)
