"""Retention of employees: anonymised 5 years after the end of their last contract.

Anonymising a former employee also empties her user account's name and e-mail (when the account
serves only her employee record), and runs the erasures the domains above register with
:func:`on_anonymise` (planning: her absences' reasons and comments).
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.models import Membership, User
from mutualis.core.journal import record
from mutualis.core.retention import rule, years_before

from .models import Employee

RETENTION_YEARS = 5
ANONYMOUS = "ANONYME"
_ON_ANONYMISE = []


def on_anonymise(func):
    """Register `func(employee_ids)`, run in the transaction that anonymises those employees."""
    if func not in _ON_ANONYMISE:
        _ON_ANONYMISE.append(func)
    return func


def former_employees(today):
    limit = years_before(today, RETENTION_YEARS)
    employees = (
        Employee.objects.filter(archived_at__isnull=False)
        .exclude(last_name=ANONYMOUS)
        .annotate(last_end=Max("contracts__end_date"))
        .filter(last_end__lt=limit)
        # An open-ended contract (a CDI without end date) keeps the employee.
        .exclude(contracts__end_date__isnull=True, contracts__isnull=False)
    )
    return list(employees.values_list("pk", flat=True).distinct())


@transaction.atomic
def anonymise(ids, *, actor_label="apply_retention"):
    # Lock the rows themselves: PostgreSQL refuses FOR UPDATE on the aggregated query.
    for employee in Employee.objects.filter(pk__in=ids).select_for_update():
        for field in Employee.PERSONAL_DATA:
            setattr(employee, field, None if field == "birth_date" else "")
        employee.first_name, employee.last_name = "—", ANONYMOUS
        employee.save()
        record(action="employee.anonymised", actor_label=actor_label, group=employee.group, target=employee)
    own_accounts = (
        User.objects.filter(memberships__employee_id__in=ids)
        .exclude(memberships__employee__isnull=True)
        .exclude(memberships__employee__in=Employee.objects.exclude(pk__in=ids))
    )
    User.objects.filter(pk__in=own_accounts.values("pk")).update(first_name="", last_name="", email="")
    Membership.objects.filter(employee_id__in=ids).update(is_active=False)
    for func in _ON_ANONYMISE:
        func(ids)


@rule(
    "employees.former_employees",
    label=_("Salariés sortis depuis plus de 5 ans : fiche anonymisée, compte sans nom ni courriel"),
    covers=[f"employees.Employee.{name}" for name in Employee.PERSONAL_DATA],
)
def former_employees_rule(*, wet, today):
    ids = former_employees(today)
    if wet and ids:
        anonymise(ids)
    return len(ids)
