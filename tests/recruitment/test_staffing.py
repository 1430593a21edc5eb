"""Staffing with existing employees (issue 12, item 7)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mutualis.employees.models import Employee
from mutualis.needs.instance import build_instance, employees_for_instance
from mutualis.needs.models import PositionStatus
from mutualis.planning.models import Assignment
from mutualis.recruitment import services
from tests.factories import AssignmentFactory, AssignmentSlotFactory
from tests.needs.factories import NeedFactory

from .factories import make_offer, make_position, next_monday

pytestmark = pytest.mark.django_db


def test_instance_subtracts_what_current_assignments_take(personas):
    employee = personas.employee_a  # 35 h CDI
    assignment = AssignmentFactory(employee=employee, member=personas.member_a1, site=personas.site_a1)
    AssignmentSlotFactory(assignment=assignment, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    AssignmentSlotFactory(assignment=assignment, weekday=6, start_time=dt.time(22), end_time=dt.time(2))
    need = NeedFactory(member=personas.member_a1, site=personas.site_a1)
    employees = employees_for_instance(Employee.objects.filter(pk=employee.pk), on=dt.date(2026, 6, 1))
    instance, _ids = build_instance([need], employees=employees, on=dt.date(2026, 6, 1))
    (item,) = instance["employees"]
    assert item["contract_weekly_minutes"] == 35 * 60 - 4 * 60 - 4 * 60
    free = [(a["start"], a["end"]) for a in item["availability"]]
    # Monday 00:00–02:00 and 08:00–12:00 and Sunday from 22:00 are taken.
    assert free == [(120, 480), (720, 6 * 1440 + 22 * 60)]


def test_employee_without_assignments_keeps_full_week(personas):
    need = NeedFactory(member=personas.member_a1, site=personas.site_a1)
    employees = employees_for_instance(Employee.objects.filter(pk=personas.employee_a.pk))
    instance, _ids = build_instance([need], employees=employees)
    (item,) = instance["employees"]
    assert item["contract_weekly_minutes"] == 35 * 60 and "availability" not in item


def test_position_accepted_for_an_employee_creates_the_assignments(personas):
    position = make_position(personas)
    position.employee = personas.employee_a
    position.save()
    membership = personas.planner_a.memberships.get()
    services.staff_position(membership=membership, position=position, start_date=next_monday())
    position.refresh_from_db()
    assert position.status == PositionStatus.FILLED
    contract = personas.contract_a
    assert {personas.member_a1, personas.member_a2} <= set(contract.potential_members.all())
    assert personas.site_a2 in contract.places.all()
    assignments = Assignment.objects.filter(employee=personas.employee_a, contract=contract)
    assert {a.member for a in assignments} == {personas.member_a1, personas.member_a2}


def test_staffing_that_breaks_a_rule_saves_nothing(personas):
    position = make_position(personas, blocks_a1=[(480, 1140)], blocks_a2=[(1440 + 480, 1440 + 600)])
    position.employee = personas.employee_a
    position.save()
    before = (Assignment.objects.count(), personas.contract_a.potential_members.count())
    with pytest.raises(ValidationError) as exc:
        services.staff_position(
            membership=personas.planner_a.memberships.get(), position=position, start_date=next_monday()
        )
    assert "hiring_start_date" in exc.value.message_dict
    assert (Assignment.objects.count(), personas.contract_a.potential_members.count()) == before
    position.refresh_from_db()
    assert position.status == PositionStatus.OPEN


def test_staffing_refused_while_an_offer_is_live(personas):
    offer = make_offer(personas)
    position = offer.position
    with pytest.raises(ValidationError) as exc:
        services.staff_position(
            membership=personas.planner_a.memberships.get(),
            position=position,
            employee=personas.employee_a,
            start_date=next_monday(),
        )
    assert "position" in exc.value.message_dict
