"""Who may do what with training (which rows exist comes from `scoped`: a GE sees its own catalogue,
sessions shared with its territories, and only its own trainees)."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role


def _ge(membership):
    return membership is not None and membership.group_id is not None


def is_staff(membership):
    return _ge(membership) and membership.role in STAFF_ROLES


def can_manage(membership):
    """Catalogue, sessions, sharing, enrolments, funding, review rules: the GE's director and planners."""
    return _ge(membership) and membership.role in REGISTRY_WRITE_ROLES


def can_list_catalogue(membership):
    return is_staff(membership)


def can_edit_own(membership, obj):
    return can_manage(membership) and obj.group_id == membership.group_id


def can_list_enrolments(membership):
    """Staff: the GE's trainees; the employee: their own; a member contact: what their member asked."""
    return _ge(membership) and membership.role in STAFF_ROLES | {Role.EMPLOYEE, Role.MEMBER_CONTACT}


def can_sign_attendance(membership, enrolment):
    """Only the trainee signs their attendance, in the app."""
    return (
        _ge(membership)
        and membership.role == Role.EMPLOYEE
        and enrolment.group_id == membership.group_id
        and enrolment.employee_id == membership.employee_id
    )


def can_list_reviews(membership):
    return _ge(membership) and membership.role in STAFF_ROLES | {Role.EMPLOYEE}


def can_list_plans(membership):
    """Training plans, sales, documents, certifications: the GE's staff read."""
    return is_staff(membership)


def can_read_review_record(membership, review):
    """The written record of a review: the GE's staff, and the employee it was held with."""
    if not _ge(membership) or review.group_id != membership.group_id:
        return False
    if membership.role in STAFF_ROLES:
        return True
    return membership.role == Role.EMPLOYEE and review.employee_id == membership.employee_id


def can_set_opco(membership):
    """The GE's OPCO (its collective agreement's): the director and planners, as the rest of training."""
    return can_manage(membership)


def can_list_requests(membership):
    """Training requests: the GE's staff, and a member contact for their member's."""
    return _ge(membership) and membership.role in STAFF_ROLES | {Role.MEMBER_CONTACT}


def can_ask_training(membership):
    """A member contact asks for their member; the director and planners record a member's request."""
    if not _ge(membership):
        return False
    if membership.role == Role.MEMBER_CONTACT:
        return membership.member_id is not None
    return membership.role in REGISTRY_WRITE_ROLES


def can_decide_request(membership, request):
    return can_manage(membership) and request.group_id == membership.group_id
