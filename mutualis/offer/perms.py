"""Who may do what in the local offer. The offer itself is public (published services); a person's
data in an orientation is read under her consent (`mutualis.insertion.consents`)."""

from mutualis.accounts.roles import Role
from mutualis.insertion import consents

IMPORT_ROLES = frozenset({Role.DIRECTOR})
ANALYSIS_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER, Role.OBSERVER})


def is_structure_staff(membership):
    """A professional of an outside organisation: maintains the services of its own structures."""
    return (
        membership is not None and membership.organisation_id is not None and membership.role == Role.PARTNER
    )


def can_manage_structure(membership, structure):
    return is_structure_staff(membership) and structure.organisation_id == membership.organisation_id


def can_import(membership):
    """The GE that runs the territory's platform loads the data·inclusion files of its territory."""
    return membership is not None and membership.group_id is not None and membership.role in IMPORT_ROLES


def can_orient(membership):
    """Professionals who accompany people (organisation partners, GE director, planner, partner)."""
    return consents.is_professional(membership)


def can_view_orientations(membership):
    return can_orient(membership)


def is_receiver(membership, orientation):
    return (
        is_structure_staff(membership)
        and orientation.service.structure.organisation_id == membership.organisation_id
    )


def can_answer_orientation(membership, orientation):
    """The receiving structure's staff (signed in); anyone else answers through the e-mailed link."""
    return is_receiver(membership, orientation)


def can_view_analysis(membership):
    return membership is not None and membership.group_id is not None and membership.role in ANALYSIS_ROLES


def can_request_orientation(membership):
    """The person accompanied asks her référent to orient her to a service she found herself."""
    return consents.is_person(membership)
