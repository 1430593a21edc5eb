"""Who may do what with employees and contracts (visibility itself comes from `scoped`)."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role


def is_staff(membership):
    return membership is not None and membership.role in STAFF_ROLES


def can_write_registry(membership):
    return membership is not None and membership.role in REGISTRY_WRITE_ROLES


def can_list_employees(membership):
    return is_staff(membership)


def can_read_employees(membership):
    """The API's employees and contracts: staff, and an employee (their own, by the queryset)."""
    return is_staff(membership) or (membership is not None and membership.role == Role.EMPLOYEE)


def can_view_employee(membership, employee):
    """Staff of the employee's GE, or the employee themself. Member contacts follow the
    employees placed with them through the planning pages, not through this registry."""
    if membership is None or employee.group_id != membership.group_id:
        return False
    if is_staff(membership):
        return True
    return membership.role == Role.EMPLOYEE and membership.employee_id == employee.pk


def can_edit_employee(membership, employee):
    return can_write_registry(membership) and employee.group_id == membership.group_id


def can_view_contract(membership, contract):
    if membership is None or contract.group_id != membership.group_id:
        return False
    if is_staff(membership):
        return True
    return membership.role == Role.EMPLOYEE and membership.employee_id == contract.employee_id


def can_edit_contract(membership, contract):
    return can_write_registry(membership) and contract.group_id == membership.group_id


def can_download_contract_annex(membership, contract):
    return can_view_contract(membership, contract)
