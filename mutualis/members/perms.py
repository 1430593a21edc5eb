"""Who may do what with members and sites. Visibility itself comes from `scoped` (querysets);
these functions answer the finer questions the pages ask."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role


def is_staff(membership):
    return membership is not None and membership.role in STAFF_ROLES


def can_write_registry(membership):
    """Directors and planners change the registry; accountants only read it."""
    return membership is not None and membership.role in REGISTRY_WRITE_ROLES


def can_list_members(membership):
    return is_staff(membership)


def can_read_members(membership):
    """The API's members and sites: staff, and a member contact (its own member, by the queryset)."""
    return is_staff(membership) or (membership is not None and membership.role == Role.MEMBER_CONTACT)


def can_view_member(membership, member):
    """Staff of the member's GE, or a contact of that very member."""
    if membership is None or member.group_id != membership.group_id:
        return False
    if is_staff(membership):
        return True
    return membership.role == Role.MEMBER_CONTACT and membership.member_id == member.pk


def can_edit_member(membership, member):
    return can_write_registry(membership) and member.group_id == membership.group_id


def can_view_site(membership, site):
    if membership is None or site.group_id != membership.group_id:
        return False
    if is_staff(membership):
        return True
    return membership.role == Role.MEMBER_CONTACT and membership.member_id == site.member_id


def can_edit_site(membership, site):
    return can_write_registry(membership) and site.group_id == membership.group_id
