import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from mutualis.accounts.tenancy import resolve_membership, scoped
from mutualis.planning.models import Absence, Assignment, RuleOverride, ScheduleException
from tests.factories import AbsenceFactory, AssignmentFactory, SiteFactory


@pytest.fixture
def assignments(personas):
    a1 = AssignmentFactory(employee=personas.employee_a, member=personas.member_a1, site=personas.site_a1)
    a2 = AssignmentFactory(employee=personas.employee_a, member=personas.member_a2, site=personas.site_a2)
    b1 = AssignmentFactory(employee=personas.employee_b, member=personas.member_b1, site=personas.site_b1)
    return a1, a2, b1


@pytest.mark.django_db
def test_assignments_are_scoped_by_role(personas, assignments):
    a1, a2, b1 = assignments
    for user in ("director_a", "planner_a", "accountant_a"):
        assert set(scoped(Assignment, resolve_membership(personas[user]))) == {a1, a2}
    assert list(scoped(Assignment, resolve_membership(personas.contact_a1))) == [a1]
    assert list(scoped(Assignment, resolve_membership(personas.contact_a2))) == [a2]
    assert set(scoped(Assignment, resolve_membership(personas.employee_user_a))) == {a1, a2}
    assert list(scoped(Assignment, resolve_membership(personas.director_b))) == [b1]
    for user in ("partner_a", "observer_a"):
        assert not scoped(Assignment, resolve_membership(personas[user])).exists()


@pytest.mark.django_db
def test_absences_hidden_from_member_contacts(personas):
    absence = AbsenceFactory(employee=personas.employee_a)
    assert list(scoped(Absence, resolve_membership(personas.planner_a))) == [absence]
    assert list(scoped(Absence, resolve_membership(personas.employee_user_a))) == [absence]
    assert not scoped(Absence, resolve_membership(personas.contact_a1)).exists()
    assert not scoped(Absence, resolve_membership(personas.director_b)).exists()


@pytest.mark.django_db
def test_assignment_clean_checks_site_member_and_contract(personas):
    other_site = SiteFactory(member=personas.member_a2)
    assignment = Assignment(
        group=personas.group_a,
        employee=personas.employee_a,
        member=personas.member_a1,
        site=other_site,
        contract=personas.contract_b,
        start_date=datetime.date(2025, 1, 6),
        end_date=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        assignment.clean()
    assert set(excinfo.value.message_dict) == {"site", "contract", "end_date"}


@pytest.mark.django_db
def test_rate_and_coefficient_are_exclusive(personas):
    with pytest.raises(IntegrityError):
        AssignmentFactory(
            employee=personas.employee_a,
            member=personas.member_a1,
            site=personas.site_a1,
            hourly_rate="25.00",
            billing_coefficient="1.900",
        )


@pytest.mark.django_db
def test_exception_fields_follow_kind(assignments):
    exception = ScheduleException(
        group=assignments[0].group, assignment=assignments[0], kind="moved", date=datetime.date(2025, 1, 6)
    )
    with pytest.raises(ValidationError) as excinfo:
        exception.clean()
    assert {"start_time", "new_date"} <= set(excinfo.value.message_dict)


@pytest.mark.django_db
def test_rule_overrides_are_append_only(personas):
    override = RuleOverride.objects.create(
        group=personas.group_a,
        employee=personas.employee_a,
        rule_code="max_daily_minutes",
        message="x",
        reason="urgence",
        actor=personas.director_a,
        actor_label="director_a",
    )
    with pytest.raises(PermissionError):
        override.save()
    with pytest.raises(PermissionError):
        RuleOverride.objects.filter(pk=override.pk).update(reason="y")
    with pytest.raises(PermissionError):
        RuleOverride.objects.all().delete()
