"""Who may do what with territories, sharing agreements, the observatory and the GPEC.

Territorial officers act for a territorial organisation (a membership on an organisation, role
`territorial_officer`); GE staff act for their GE. What an officer sees of a GE is decided by the
GE's sharing agreement with the territory (selectors.py), never by these functions alone.
"""

from mutualis.accounts.roles import STAFF_ROLES, Role


def is_officer(membership) -> bool:
    return (
        membership is not None
        and membership.role == Role.TERRITORIAL_OFFICER
        and membership.organisation_id is not None
    )


def is_ge_staff(membership) -> bool:
    return membership is not None and membership.group_id is not None and membership.role in STAFF_ROLES


def is_ge_director(membership) -> bool:
    return membership is not None and membership.group_id is not None and membership.role == Role.DIRECTOR


def can_list_territories(membership) -> bool:
    """Officers see their organisation's territories; GE staff the territories of their GE."""
    return is_officer(membership) or is_ge_staff(membership)


def can_create_territory(membership) -> bool:
    return is_officer(membership)


def can_edit_territory(membership, territory) -> bool:
    return is_officer(membership) and territory.organisations.filter(pk=membership.organisation_id).exists()


def can_manage_sharing(membership) -> bool:
    """The GE's director decides which territories the GE belongs to and what it shares."""
    return is_ge_director(membership)


def can_view_observatory(membership) -> bool:
    return is_officer(membership) or is_ge_staff(membership)


def can_view_gpec(membership) -> bool:
    return is_officer(membership) or is_ge_staff(membership)


def can_import_forecasts(membership) -> bool:
    return is_officer(membership)
