"""Who may do what in insertion journeys. What of a person one may *read* is decided by consents
(`mutualis.insertion.consents`); these functions answer the page- and action-level questions."""

from mutualis.accounts.roles import Role

from . import consents
from .enums import FollowUpStatus, MemberRole, Part

TEMPLATE_EDITOR_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER})
GE_INSERTION_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER})


def is_professional(membership):
    """A professional who accompanies people (partner of an organisation or a GE, GE director/planner)."""
    return consents.is_professional(membership)


def is_person(membership):
    return consents.is_person(membership)


def is_ge_staff(membership):
    return (
        membership is not None and membership.group_id is not None and membership.role in GE_INSERTION_ROLES
    )


def can_edit_templates(membership):
    """GE staff maintain the territory's shared model (new versions; published ones never change)."""
    return (
        membership is not None
        and membership.group_id is not None
        and membership.role in TEMPLATE_EDITOR_ROLES
    )


def can_view_follow_up(membership, follow_up):
    return consents.allows(membership, follow_up.beneficiary, Part.IDENTITY)


def active_member(membership, follow_up):
    if membership is None:
        return None
    return next(
        (m for m in follow_up.members.all() if m.membership_id == membership.pk and m.ended_on is None), None
    )


def can_edit_plan(membership, follow_up):
    """The référent and the professionals of the follow-up (not read-only members), under consent."""
    if not is_professional(membership) or follow_up.status == FollowUpStatus.CLOSED:
        return False
    if not consents.allows(membership, follow_up.beneficiary, Part.PLAN):
        return False
    member = active_member(membership, follow_up)
    if member is not None:
        return member.role in (MemberRole.REFERENT, MemberRole.MEMBER)
    return consents.holds(membership, follow_up.beneficiary)


def can_manage_follow_up(membership, follow_up):
    """Members, hire, exit, identity, consents: the référent or her structure."""
    return is_professional(membership) and consents.holds(membership, follow_up.beneficiary)


def can_write_diagnostic(membership, follow_up):
    return (
        is_professional(membership)
        and follow_up.status != FollowUpStatus.CLOSED
        and consents.allows(membership, follow_up.beneficiary, Part.DIAGNOSTIC)
        and (consents.holds(membership, follow_up.beneficiary) or _member_writer(membership, follow_up))
    )


def _member_writer(membership, follow_up):
    member = active_member(membership, follow_up)
    return member is not None and member.role in (MemberRole.REFERENT, MemberRole.MEMBER)


def can_review(membership):
    """The « sans solution » review: professionals and GE staff, each for the people they follow."""
    return is_professional(membership)
