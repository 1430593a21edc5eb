"""Saving assignments under the working-time rules: refusal, director's override, rule limits."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mutualis.accounts.tenancy import resolve_membership
from mutualis.core.models import AuditEvent
from mutualis.planning import selectors, services
from mutualis.planning.models import Assignment, RuleOverride, WorkingTimeRule
from mutualis.planning.services import PlanningConflict, SlotSpec
from tests.factories import SiteFactory

MONDAY = dt.date(2025, 1, 6)


def slot(weekday, start, end):
    return SlotSpec(weekday, dt.time(*start), dt.time(*end))


def save(personas, user, *, member, site, slots, **kwargs):
    return services.save_assignment(
        membership=resolve_membership(personas[user]),
        employee=personas.employee_a,
        member=member,
        site=site,
        start_date=MONDAY,
        slots=slots,
        **kwargs,
    )


@pytest.fixture
def evening_at_a1(personas):
    # Monday to Friday 14:00-22:00 with a 30-minute break at member A1: a legal 37.5-hour week.
    slots = [slot(d, (14, 0), (18, 0)) for d in range(5)] + [slot(d, (18, 30), (22, 0)) for d in range(5)]
    return save(personas, "planner_a", member=personas.member_a1, site=personas.site_a1, slots=slots).obj


@pytest.mark.django_db
def test_a_legal_assignment_is_saved_with_its_pattern_and_journal(personas, evening_at_a1):
    assert evening_at_a1.slots.count() == 10
    assert evening_at_a1.group == personas.group_a
    assert AuditEvent.objects.filter(action="planning.assignment_created").count() == 1
    assert selectors.check_employee(personas.employee_a, MONDAY, MONDAY + dt.timedelta(days=6)) == []


@pytest.mark.django_db
def test_breaking_the_daily_rest_across_members_is_refused_and_nothing_saved(personas, evening_at_a1):
    with pytest.raises(PlanningConflict) as excinfo:
        save(
            personas,
            "planner_a",
            member=personas.member_a2,
            site=personas.site_a2,
            slots=[slot(1, (8, 0), (12, 0))],
        )
    codes = {v.rule_code for v in excinfo.value.violations}
    assert "min_daily_rest_minutes" in codes
    rest = next(v for v in excinfo.value.violations if v.rule_code == "min_daily_rest_minutes")
    assert "Adhérent A1" in rest.message_fr and "Adhérent A2" in rest.message_fr
    assert rest.days[:2] == (MONDAY, MONDAY + dt.timedelta(days=1))
    assert not excinfo.value.can_override
    assert Assignment.objects.count() == 1


@pytest.mark.django_db
def test_a_planner_cannot_override_even_with_a_reason(personas, evening_at_a1):
    with pytest.raises(PlanningConflict):
        save(
            personas,
            "planner_a",
            member=personas.member_a2,
            site=personas.site_a2,
            slots=[slot(1, (8, 0), (12, 0))],
            override_reason="urgence",
        )
    assert not RuleOverride.objects.exists()


@pytest.mark.django_db
def test_the_director_overrides_with_a_logged_reason(personas, evening_at_a1):
    result = save(
        personas,
        "director_a",
        member=personas.member_a2,
        site=personas.site_a2,
        slots=[slot(1, (8, 0), (12, 0))],
        override_reason="Remplacement urgent validé avec le salarié",
    )
    assert result.overridden
    overrides = RuleOverride.objects.filter(rule_code="min_daily_rest_minutes")
    assert overrides.count() == len([v for v in result.overridden if v.rule_code == "min_daily_rest_minutes"])
    override = overrides.order_by("id").first()
    assert override.reason == "Remplacement urgent validé avec le salarié"
    assert override.actor == personas.director_a
    assert override.assignment == result.obj
    assert "2025-01-06" in override.days
    assert AuditEvent.objects.filter(action="planning.rule_override").exists()


@pytest.mark.django_db
def test_existing_violations_do_not_block_an_unrelated_change(personas, evening_at_a1):
    save(
        personas,
        "director_a",
        member=personas.member_a2,
        site=personas.site_a2,
        slots=[slot(1, (8, 0), (12, 0))],
        override_reason="urgence",
    )
    evening_at_a1.notes = "x"
    services.save_assignment(
        membership=resolve_membership(personas.planner_a),
        assignment=evening_at_a1,
        employee=personas.employee_a,
        member=personas.member_a1,
        site=personas.site_a1,
        start_date=MONDAY,
        slots=[slot(d, (14, 0), (18, 0)) for d in range(5)] + [slot(d, (18, 30), (22, 0)) for d in range(5)],
        notes="Badge à retirer à l'accueil",
    )
    evening_at_a1.refresh_from_db()
    assert evening_at_a1.notes == "Badge à retirer à l'accueil"


@pytest.mark.django_db
def test_bad_input_names_the_field_or_the_line(personas):
    with pytest.raises(ValidationError) as excinfo:
        save(personas, "planner_a", member=personas.member_a1, site=personas.site_a2, slots=[])
    assert "site" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        save(
            personas,
            "planner_a",
            member=personas.member_a1,
            site=personas.site_a1,
            slots=[slot(0, (8, 0), (12, 0)), slot(1, (9, 0), (9, 0))],
        )
    assert excinfo.value.message_dict["slots"] == ["Créneau 2 : la fin doit différer du début."]
    with pytest.raises(ValidationError) as excinfo:
        save(personas, "planner_a", member=personas.member_b1, site=personas.site_b1, slots=[])
    assert {"member", "site"} <= set(excinfo.value.message_dict)
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_only_planners_and_directors_write(personas):
    for user in ("accountant_a", "contact_a1", "employee_user_a"):
        with pytest.raises(PermissionDenied):
            save(personas, user, member=personas.member_a1, site=personas.site_a1, slots=[])


@pytest.mark.django_db
def test_travel_time_between_sites_is_checked(personas):
    far_site = SiteFactory(member=personas.member_a2, latitude="48.100000", longitude="0.500000")
    save(
        personas,
        "planner_a",
        member=personas.member_a1,
        site=personas.site_a1,
        slots=[slot(0, (8, 0), (12, 0))],
    )
    with pytest.raises(PlanningConflict) as excinfo:
        save(
            personas,
            "planner_a",
            member=personas.member_a2,
            site=far_site,
            slots=[slot(0, (12, 15), (14, 0))],
        )
    assert {v.rule_code for v in excinfo.value.violations} == {"travel_time"}


@pytest.mark.django_db
def test_a_director_changes_a_rule_limit(personas):
    services.ensure_default_rules(personas.group_a)
    services.ensure_default_rules(personas.group_a)
    assert WorkingTimeRule.objects.filter(group=personas.group_a).count() == 10
    rule = WorkingTimeRule.objects.get(group=personas.group_a, code="max_daily_minutes")
    with pytest.raises(PermissionDenied):
        services.update_rule(membership=resolve_membership(personas.planner_a), rule=rule, limit=720)
    services.update_rule(
        membership=resolve_membership(personas.director_a), rule=rule, limit=720, note="Accord de branche"
    )
    limits, speed = selectors.limits_for(personas.group_a)
    assert limits.max_daily_minutes == 720 and speed == 40
    # A 12-hour day (with its break) is now allowed.
    save(
        personas,
        "planner_a",
        member=personas.member_a1,
        site=personas.site_a1,
        slots=[slot(0, (7, 0), (13, 0)), slot(0, (13, 30), (19, 30))],
    )
    with pytest.raises(ValidationError):
        services.update_rule(membership=resolve_membership(personas.director_a), rule=rule, limit=0)


@pytest.mark.django_db
def test_an_inactive_rule_is_not_checked(personas):
    services.ensure_default_rules(personas.group_a)
    WorkingTimeRule.objects.filter(group=personas.group_a, code="min_part_time_weekly_minutes").update(
        is_active=False
    )
    limits, _speed = selectors.limits_for(personas.group_a)
    assert limits.min_part_time_weekly_minutes is None


@pytest.mark.django_db
def test_part_time_floor_respects_the_written_exemption(personas):
    save(
        personas,
        "planner_a",
        member=personas.member_a1,
        site=personas.site_a1,
        slots=[slot(0, (8, 0), (12, 0))],
    )
    week = (MONDAY, MONDAY + dt.timedelta(days=6))
    codes = [v.rule_code for v in selectors.check_employee(personas.employee_a, *week)]
    assert codes == ["min_part_time_weekly_minutes"]
    personas.contract_a.part_time_exemption = True
    personas.contract_a.save()
    assert selectors.check_employee(personas.employee_a, *week) == []
