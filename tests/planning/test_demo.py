"""Demo assignments: deterministic weekly patterns, 2 to 4 members per employee, idempotent."""

import datetime as dt
import io
import random
from collections import Counter

import pytest
from django.core.management import call_command

from mutualis.employer_groups.models import EmployerGroup
from mutualis.planning import selectors
from mutualis.planning.demo import build_demo_assignments, weekly_pattern
from mutualis.planning.models import Assignment, AssignmentSlot


def test_pattern_shares_the_contract_hours_between_the_members():
    for hours in (18, 24, 30, 35):
        for members in (2, 3, 4):
            slots = weekly_pattern(hours * 60, members, random.Random(hours * members))
            assert {member for member, *_rest in slots} == set(range(members))
            total = sum(
                (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
                for _m, _d, start, end in slots
            )
            assert hours * 60 - len(slots) * 15 < total <= hours * 60


@pytest.mark.django_db
def test_seed_demo_plans_every_employee_with_two_to_four_members():
    call_command("seed_demo", stdout=io.StringIO())
    group = EmployerGroup.objects.get(slug="ge-partage-orne")
    assignments = Assignment.objects.filter(group=group)
    per_employee = Counter(assignments.values_list("employee_id", flat=True))
    assert len(per_employee) >= 55  # one employee in 50 waits for an assignment
    assert set(per_employee.values()) <= {2, 3, 4}
    for assignment in assignments.select_related("site", "contract"):
        assignment.full_clean()
        assert assignment.contract.employee_id == assignment.employee_id
    assert AssignmentSlot.objects.filter(assignment__group=group).count() > 2 * len(per_employee)
    # Realistic: few violations, all of them the deliberate evening blocks.
    monday = dt.date(2026, 9, 7)
    found = selectors.check_employees(group=group, start=monday, end=monday + dt.timedelta(days=6))
    rules = Counter(v.rule_code for violations in found.values() for v in violations)
    assert set(rules) <= {"min_daily_rest_minutes", "max_daily_minutes", "break_after_minutes"}
    before = list(assignments.order_by("id").values_list("employee_id", "member_id", "site_id"))
    assert build_demo_assignments(group) == 0  # idempotent
    assert list(assignments.order_by("id").values_list("employee_id", "member_id", "site_id")) == before
