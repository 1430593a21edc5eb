"""Who may do what with funding calls and applications (which rows exist comes from `scoped`).

A GE's staff read its applications; its director and planners write them; its accountant also
records the spending and the evidence once the grant is awarded. An outside organisation's users
read and write their organisation's applications. Calls are public reference data for any
signed-in user; new versions of their rules are made in the admin by the platform administrator.
"""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role

SPENDING_ROLES = REGISTRY_WRITE_ROLES | {Role.ACCOUNTANT}


def can_list_calls(membership):
    return True


def can_list_applications(membership):
    if membership is None:
        return False
    if membership.group_id is not None:
        return membership.role in STAFF_ROLES
    return membership.organisation_id is not None


def can_write_applications(membership):
    if membership is None:
        return False
    if membership.group_id is not None:
        return membership.role in REGISTRY_WRITE_ROLES
    return membership.organisation_id is not None


def can_record_spending(membership):
    if membership is None:
        return False
    if membership.group_id is not None:
        return membership.role in SPENDING_ROLES
    return membership.organisation_id is not None


def _owns(membership, application):
    if membership is None:
        return False
    if membership.group_id is not None:
        return application.group_id == membership.group_id
    return (
        membership.organisation_id is not None and application.organisation_id == membership.organisation_id
    )


def can_view_application(membership, application):
    return can_list_applications(membership) and _owns(membership, application)


def can_edit_application(membership, application):
    return can_write_applications(membership) and _owns(membership, application)


def can_record_spending_on(membership, application):
    return can_record_spending(membership) and _owns(membership, application)
