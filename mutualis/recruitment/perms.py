"""Who may do what in recruitment (which rows exist comes from `scoped`).

GE staff read everything; the director and planners write (offers, candidates, applications, hire).
A member contact reads the shortlist of the positions at their member, without contact details. A
partner of the GE sends candidates to open offers and follows the applications of the people they
sent. The public pages (published offers, application form, JSON export) need no account."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role


def _in_group(membership):
    return membership is not None and membership.group_id is not None


def _same_group(membership, obj):
    return _in_group(membership) and obj.group_id == membership.group_id


def can_view_recruitment(membership):
    """The staff pages: offers, boards, pool, matching."""
    return _in_group(membership) and membership.role in STAFF_ROLES


def can_recruit(membership):
    """Create and change offers, candidates, applications; hire."""
    return _in_group(membership) and membership.role in REGISTRY_WRITE_ROLES


def can_list_offers(membership):
    return _in_group(membership) and membership.role in STAFF_ROLES | {Role.MEMBER_CONTACT, Role.PARTNER}


def can_list_applications(membership):
    return can_list_offers(membership)


def can_list_candidates(membership):
    return _in_group(membership) and membership.role in STAFF_ROLES | {Role.PARTNER}


def can_send_candidate(membership):
    """A partner (or the GE's writers) adds a candidate and applies them to an open offer."""
    return _in_group(membership) and membership.role in REGISTRY_WRITE_ROLES | {Role.PARTNER}


def can_view_shortlist(membership):
    return _in_group(membership) and membership.role == Role.MEMBER_CONTACT


def can_follow_sent(membership):
    return _in_group(membership) and membership.role == Role.PARTNER


def can_see_contact_details(membership, candidate):
    if not _same_group(membership, candidate):
        return False
    if membership.role in STAFF_ROLES:
        return True
    return membership.role == Role.PARTNER and candidate.sent_by_id == membership.user_id


def can_edit_offer(membership, offer):
    return can_recruit(membership) and _same_group(membership, offer)


def can_edit_candidate(membership, candidate):
    if not _same_group(membership, candidate):
        return False
    if membership.role in REGISTRY_WRITE_ROLES:
        return True
    return membership.role == Role.PARTNER and candidate.sent_by_id == membership.user_id


def can_edit_application(membership, application):
    return can_recruit(membership) and _same_group(membership, application)


def can_download_cv(membership, application):
    return _same_group(membership, application) and membership.role in STAFF_ROLES
