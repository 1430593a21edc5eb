"""Who may do what with needs, consolidations and positions. Visibility itself comes from `scoped`."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role

from .models import NeedStatus


def is_staff(membership) -> bool:
    return membership is not None and membership.role in STAFF_ROLES


def can_list_needs(membership) -> bool:
    """GE staff see the group's needs; a member contact sees its member's."""
    return is_staff(membership) or (
        membership is not None and membership.role == Role.MEMBER_CONTACT and membership.member_id is not None
    )


def can_declare_needs(membership) -> bool:
    """Directors and planners for any member; a member contact for its own member."""
    if membership is None:
        return False
    if membership.role in REGISTRY_WRITE_ROLES:
        return True
    return membership.role == Role.MEMBER_CONTACT and membership.member_id is not None


def can_edit_need(membership, need) -> bool:
    """Draft and open needs only (a need in an accepted position is frozen): writers of the GE, or a
    member contact on its member's needs."""
    if membership is None or need.group_id != membership.group_id:
        return False
    if need.status not in (NeedStatus.DRAFT, NeedStatus.OPEN):
        return False
    if membership.role in REGISTRY_WRITE_ROLES:
        return True
    return membership.role == Role.MEMBER_CONTACT and need.member_id == membership.member_id


def can_run_consolidation(membership) -> bool:
    return membership is not None and membership.role in REGISTRY_WRITE_ROLES


def can_view_runs(membership) -> bool:
    return is_staff(membership)


def can_accept_positions(membership, run) -> bool:
    return can_run_consolidation(membership) and run.group_id == membership.group_id


def can_build_study_pdf(membership, run) -> bool:
    """The study PDF is for whoever may read the run (GE staff, as its download): building it changes
    no business data."""
    return can_view_runs(membership) and run.group_id == membership.group_id


def can_list_positions(membership) -> bool:
    return can_list_needs(membership)


def can_view_studies(membership) -> bool:
    """Feasibility studies of census campaigns: GE staff and territorial observers (aggregated view)."""
    return is_staff(membership) or (membership is not None and membership.role == Role.OBSERVER)


def can_start_study(membership) -> bool:
    return membership is not None and (
        membership.role in REGISTRY_WRITE_ROLES or membership.role == Role.OBSERVER
    )
