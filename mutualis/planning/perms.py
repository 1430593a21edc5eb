"""Who may see and change the planning. Querysets are scoped in models.py; these answer yes/no."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role


def _same_group(membership, obj):
    return membership is not None and obj is not None and obj.group_id == membership.group_id


def can_view_planning(membership):
    """The GE-wide planning: staff only."""
    return membership is not None and membership.role in STAFF_ROLES


def can_edit_planning(membership):
    return membership is not None and membership.role in REGISTRY_WRITE_ROLES


def can_read_assignments(membership):
    """The API's assignments: staff, and a member contact or an employee (theirs, by the queryset)."""
    return membership is not None and (
        membership.role in STAFF_ROLES or membership.role in (Role.MEMBER_CONTACT, Role.EMPLOYEE)
    )


def can_read_absences(membership):
    """The API's absences: staff and the employee; never member contacts (sickness is health data)."""
    return membership is not None and (membership.role in STAFF_ROLES or membership.role == Role.EMPLOYEE)


def can_override_rules(membership):
    """Saving despite a working-time violation needs the director (logged in RuleOverride)."""
    return membership is not None and membership.role == Role.DIRECTOR


def can_edit_rules(membership):
    return membership is not None and membership.role == Role.DIRECTOR


def can_download_agreement(membership, member, employee):
    """The placement agreement of a member and an employee: GE staff and that member's contacts."""
    if not (_same_group(membership, member) and _same_group(membership, employee)):
        return False
    if membership.role in STAFF_ROLES:
        return True
    return membership.role == Role.MEMBER_CONTACT and membership.member_id == member.pk


def can_view_member_planning(membership, member):
    """The shared employees' week at one member: GE staff, and that member's contacts (read-only)."""
    if not _same_group(membership, member):
        return False
    if membership.role in STAFF_ROLES:
        return True
    return membership.role == Role.MEMBER_CONTACT and membership.member_id == member.pk


def can_view_own_planning(membership):
    """An employee's own week and month."""
    return membership is not None and membership.role == Role.EMPLOYEE and membership.employee_id is not None


def can_start_full_check(membership):
    return can_edit_planning(membership)
