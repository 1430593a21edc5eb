from mutualis.territories.perms import is_officer

from .models import GEProject


def projects_for(membership):
    if not is_officer(membership):
        return GEProject.objects.none()
    return GEProject.objects.filter(organisation_id=membership.organisation_id).select_related(
        "territory", "organisation", "group"
    )
