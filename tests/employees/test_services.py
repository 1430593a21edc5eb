import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mutualis.accounts.tenancy import resolve_membership
from mutualis.core.models import AuditEvent
from mutualis.employees import perms, services
from mutualis.employees.models import Contract

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    fields = {
        "kind": "cdi",
        "job_title": "Jardinier",
        "weekly_hours": Decimal("24"),
        "gross_hourly_wage": Decimal("12.0000"),
        "start_date": datetime.date(2025, 6, 1),
    }
    fields.update(overrides)
    return fields


def test_create_contract_sets_its_lists_and_journals(personas):
    contract = services.create_contract(
        actor=personas.planner_a,
        employee=personas.employee_a,
        potential_members=[personas.member_a1],
        places=[personas.site_a1],
        **_fields(),
    )
    assert list(contract.potential_members.all()) == [personas.member_a1]
    assert list(contract.places.all()) == [personas.site_a1]
    assert AuditEvent.objects.filter(action="contract.created", actor=personas.planner_a).exists()


def test_create_contract_refuses_another_groups_member(personas):
    with pytest.raises(ValidationError) as exc:
        services.create_contract(
            actor=personas.planner_a,
            employee=personas.employee_a,
            potential_members=[personas.member_b1],
            **_fields(),
        )
    assert "potential_members" in exc.value.error_dict
    assert not Contract.objects.filter(job_title="Jardinier").exists()


def test_fixed_term_without_end_is_refused_on_end_date(personas):
    with pytest.raises(ValidationError) as exc:
        services.create_contract(
            actor=personas.planner_a, employee=personas.employee_a, **_fields(kind="cdd")
        )
    assert "end_date" in exc.value.error_dict


def test_update_employee_replaces_skills_only_when_given(personas):
    from tests.factories import SkillFactory

    skill = SkillFactory()
    employee = personas.employee_a
    services.update_employee(actor=personas.director_a, employee=employee, skills=[skill])
    services.update_employee(actor=personas.director_a, employee=employee, first_name="Jo")
    assert list(employee.skills.all()) == [skill]
    assert employee.first_name == "Jo"


def test_perms(personas):
    staff = resolve_membership(personas.accountant_a)
    own = resolve_membership(personas.employee_user_a)
    contact = resolve_membership(personas.contact_a1)
    assert perms.can_view_employee(staff, personas.employee_a)
    assert not perms.can_edit_employee(staff, personas.employee_a)
    assert perms.can_view_contract(own, personas.contract_a)
    assert perms.can_download_contract_annex(own, personas.contract_a)
    assert not perms.can_view_employee(contact, personas.employee_a)
    assert not perms.can_view_contract(staff, personas.contract_b)
