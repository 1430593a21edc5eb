"""Reads of territories and of what each GE shares with them."""

from django.db.models import Count

from mutualis.employer_groups.models import EmployerGroup

from . import perms
from .models import SharingAgreement, Territory

SHARING_PURPOSES = ("observatory", "exchange", "gpec", "directory")


def territories_for(membership):
    """Territories a membership works in: its organisation's (officer) or its GE's (staff)."""
    qs = Territory.objects.filter(is_active=True)
    if perms.is_officer(membership):
        return qs.filter(organisations=membership.organisation_id).annotate(commune_count=Count("communes"))
    if perms.is_ge_staff(membership):
        return qs.filter(groups=membership.group_id).annotate(commune_count=Count("communes"))
    return qs.none()


def territory_for(membership, public_id):
    return territories_for(membership).filter(public_id=public_id).first()


def sharing_groups(territory, purpose):
    """Active GEs of a territory whose agreement with it shares `purpose` (observatory, exchange…)."""
    if purpose not in SHARING_PURPOSES:
        raise ValueError(purpose)
    return EmployerGroup.objects.filter(
        is_active=True,
        territories=territory,
        sharing_agreements__territory=territory,
        **{f"sharing_agreements__{purpose}": True},
    ).distinct()


def group_territories(group, purpose=None):
    """Territories a GE belongs to (and, with `purpose`, shares that purpose with)."""
    qs = Territory.objects.filter(is_active=True, groups=group)
    if purpose is not None:
        qs = qs.filter(agreements__group=group, **{f"agreements__{purpose}": True})
    return qs.distinct()


def agreements_of(group):
    return (
        SharingAgreement.objects.filter(group=group).select_related("territory").order_by("territory__name")
    )


def commune_codes(territory):
    return set(territory.communes.values_list("code", flat=True))
