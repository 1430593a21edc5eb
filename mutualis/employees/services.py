"""Writes on employees and contracts: keyword-only, atomic, validated, journaled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.core.archiving import apply_fields, set_archived

from .models import Contract, Employee


@transaction.atomic
def create_employee(*, actor, group, skills=(), **fields):
    employee = Employee(group=group)
    apply_fields(employee, fields)
    employee.full_clean()
    employee.save()
    employee.skills.set(skills)
    journal.record(action="employee.created", actor=actor, group=group, target=employee)
    return employee


@transaction.atomic
def update_employee(*, actor, employee, skills=None, **fields):
    apply_fields(employee, fields)
    employee.full_clean()
    employee.save()
    if skills is not None:
        employee.skills.set(skills)
    journal.record(
        action="employee.updated", actor=actor, group=employee.group, target=employee, fields=sorted(fields)
    )
    return employee


def archive_employee(*, actor, employee):
    return set_archived(actor=actor, obj=employee, archived=True)


def unarchive_employee(*, actor, employee):
    return set_archived(actor=actor, obj=employee, archived=False)


def _check_l1253_9(contract, potential_members, places):
    """The members and places must be the contract's GE's, and each place a potential member's.

    `None` leaves a list as stored (an update that does not change it)."""
    stored = contract.pk is not None
    if potential_members is None:
        potential_members = list(contract.potential_members.all()) if stored else []
        if places is None:
            return
    if places is None:
        places = list(contract.places.all()) if stored else []
    if any(m.group_id != contract.group_id for m in potential_members):
        raise ValidationError(
            {"potential_members": _("Un adhérent choisi n'appartient pas à ce groupement.")}
        )
    if any(s.group_id != contract.group_id for s in places):
        raise ValidationError({"places": _("Un lieu choisi n'appartient pas à ce groupement.")})
    member_ids = {m.pk for m in potential_members}
    strays = [s for s in places if s.member_id not in member_ids]
    if strays:
        raise ValidationError(
            {
                "places": _(
                    "Ces lieux appartiennent à un adhérent absent de la liste des utilisateurs "
                    "potentiels : %(sites)s."
                )
                % {"sites": ", ".join(f"{s.name} ({s.member.name})" for s in strays)}
            }
        )


@transaction.atomic
def create_contract(*, actor, employee, potential_members=(), places=(), **fields):
    contract = Contract(group_id=employee.group_id, employee=employee)
    apply_fields(contract, fields)
    contract.full_clean()
    _check_l1253_9(contract, potential_members, places)
    contract.save()
    contract.potential_members.set(potential_members)
    contract.places.set(places)
    journal.record(action="contract.created", actor=actor, group=employee.group, target=contract)
    return contract


@transaction.atomic
def update_contract(*, actor, contract, potential_members=None, places=None, **fields):
    apply_fields(contract, fields)
    contract.full_clean()
    _check_l1253_9(contract, potential_members, places)
    contract.save()
    if potential_members is not None:
        contract.potential_members.set(potential_members)
    if places is not None:
        contract.places.set(places)
    journal.record(
        action="contract.updated", actor=actor, group=contract.group, target=contract, fields=sorted(fields)
    )
    return contract


def archive_contract(*, actor, contract):
    return set_archived(actor=actor, obj=contract, archived=True)


def unarchive_contract(*, actor, contract):
    return set_archived(actor=actor, obj=contract, archived=False)
