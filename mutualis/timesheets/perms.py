"""Who may read and change timesheets. Querysets are scoped in models.py; these answer yes/no."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role

from .enums import CORRECTABLE, TimesheetStatus


def _same_group(membership, obj):
    return membership is not None and obj is not None and obj.group_id == membership.group_id


def is_staff(membership):
    return membership is not None and membership.role in STAFF_ROLES


def can_manage_month(membership):
    """Generate a month from the planning, close it, send reminders: directors and planners."""
    return membership is not None and membership.role in REGISTRY_WRITE_ROLES


def can_export(membership):
    """Hours exports for payroll: GE staff (accountants included)."""
    return is_staff(membership)


def can_read_timesheets(membership):
    """The API's timesheets and entries: staff, member contacts and employees (theirs, by the queryset)."""
    return membership is not None and (
        membership.role in STAFF_ROLES or membership.role in (Role.MEMBER_CONTACT, Role.EMPLOYEE)
    )


def can_act_on_timesheets(membership):
    """The API's timesheet actions (each then checked on the timesheet by its service): writers,
    member contacts (validate, dispute) and employees (submit)."""
    return membership is not None and (
        membership.role in REGISTRY_WRITE_ROLES or membership.role in (Role.MEMBER_CONTACT, Role.EMPLOYEE)
    )


def can_correct_entries(membership):
    """The API's entry corrections (then checked on the timesheet by the service): writers and employees."""
    return membership is not None and (
        membership.role in REGISTRY_WRITE_ROLES or membership.role == Role.EMPLOYEE
    )


def can_view_employee_month(membership, employee):
    if not _same_group(membership, employee):
        return False
    if membership.role in STAFF_ROLES:
        return True
    return membership.role == Role.EMPLOYEE and membership.employee_id == employee.pk


def can_view_member_month(membership, member):
    if not _same_group(membership, member):
        return False
    if membership.role in STAFF_ROLES:
        return True
    return membership.role == Role.MEMBER_CONTACT and membership.member_id == member.pk


def is_author(membership, timesheet):
    """The employee of the timesheet, or GE writers on their behalf."""
    if not _same_group(membership, timesheet):
        return False
    if membership.role in REGISTRY_WRITE_ROLES:
        return True
    return membership.role == Role.EMPLOYEE and membership.employee_id == timesheet.employee_id


def can_correct(membership, timesheet):
    """Correct actual hours: the employee or GE writers, until the member validates."""
    return is_author(membership, timesheet) and timesheet.status in CORRECTABLE


def can_submit(membership, timesheet):
    return is_author(membership, timesheet) and timesheet.status in (
        TimesheetStatus.DRAFT,
        TimesheetStatus.DISPUTED,
    )


def is_member_contact_of(membership, timesheet):
    return (
        _same_group(membership, timesheet)
        and membership.role == Role.MEMBER_CONTACT
        and membership.member_id == timesheet.member_id
    )


def can_validate(membership, timesheet):
    """Validate or dispute: the contact of the timesheet's member, before validation."""
    return is_member_contact_of(membership, timesheet) and timesheet.status in (
        TimesheetStatus.DRAFT,
        TimesheetStatus.SUBMITTED,
    )


def can_manage_calendar(membership, *, employee=None, member=None):
    """See and regenerate a calendar feed: GE staff, the employee themself, the member's contacts."""
    owner = employee or member
    if not _same_group(membership, owner):
        return False
    if membership.role in STAFF_ROLES:
        return True
    if employee is not None:
        return membership.role == Role.EMPLOYEE and membership.employee_id == employee.pk
    return membership.role == Role.MEMBER_CONTACT and membership.member_id == member.pk
