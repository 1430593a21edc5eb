"""Planning pages: one employee's week, the placement agreement PDF, the rules."""

import datetime as dt

import pytest
from django.urls import reverse

from mutualis.planning.models import WorkingTimeRule
from tests.factories import AbsenceFactory, AssignmentFactory, AssignmentSlotFactory

MONDAY = dt.date(2025, 1, 6)


@pytest.fixture
def week(personas):
    """Employee A: Monday evening at member A1, Tuesday morning at A2 (10 h of rest only)."""
    evening = AssignmentFactory(
        employee=personas.employee_a, member=personas.member_a1, site=personas.site_a1
    )
    AssignmentSlotFactory(assignment=evening, weekday=0, start_time=dt.time(16), end_time=dt.time(22))
    morning = AssignmentFactory(
        employee=personas.employee_a, member=personas.member_a2, site=personas.site_a2
    )
    AssignmentSlotFactory(assignment=morning, weekday=1, start_time=dt.time(8), end_time=dt.time(12))
    return reverse("planning:employee_week", args=[personas.employee_a.public_id]) + "?semaine=2025-01-08"


@pytest.mark.django_db
def test_staff_see_the_week_across_members_with_the_rule_named(client, personas, week):
    client.force_login(personas.planner_a)
    response = client.get(week)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Adhérent A1" in page and "Adhérent A2" in page
    assert "16:00–22:00" in page and "08:00–12:00" in page
    assert "Repos quotidien minimal" in page
    assert "Repos quotidien de 10 h seulement" in page
    assert (
        reverse("planning:agreement_pdf", args=[personas.member_a1.public_id, personas.employee_a.public_id])
        in page
    )


@pytest.mark.django_db
def test_absences_and_holidays_show_in_the_week(client, personas, week):
    AbsenceFactory(
        employee=personas.employee_a,
        kind="sickness",
        start=dt.datetime(2025, 1, 6, 12, tzinfo=dt.UTC),
        end=dt.datetime(2025, 1, 7, 23, tzinfo=dt.UTC),
    )
    client.force_login(personas.director_a)
    page = client.get(week).content.decode()
    assert "Absence : Arrêt maladie" in page
    assert "Aucune infraction" in page
    page = client.get(week.replace("2025-01-08", "2025-12-25")).content.decode()
    assert "Jour férié" in page


@pytest.mark.django_db
def test_the_week_page_is_for_staff_of_the_group_only(client, personas, week):
    for user in ("contact_a1", "employee_user_a", "partner_a", "director_b"):
        client.force_login(personas[user])
        assert client.get(week).status_code == 404, user


@pytest.mark.django_db
def test_the_week_page_has_a_bounded_number_of_queries(client, personas, week, django_assert_max_num_queries):
    client.force_login(personas.planner_a)
    client.get(week)
    with django_assert_max_num_queries(25):
        assert client.get(week).status_code == 200


@pytest.mark.django_db
def test_placement_agreement_pdf_for_staff_and_the_member_contact(client, personas, week):
    url = reverse(
        "planning:agreement_pdf", args=[personas.member_a1.public_id, personas.employee_a.public_id]
    )
    for user in ("accountant_a", "contact_a1"):
        client.force_login(personas[user])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    for user in ("contact_a2", "employee_user_a", "director_b", "observer_a"):
        client.force_login(personas[user])
        assert client.get(url).status_code == 404, user


@pytest.mark.django_db
def test_the_director_changes_a_limit(client, personas):
    client.force_login(personas.planner_a)
    page = client.get(reverse("planning:rules")).content.decode()
    assert "Durée maximale quotidienne" in page and "10 h" in page
    rule = WorkingTimeRule.objects.get(group=personas.group_a, code="max_daily_minutes")
    url = reverse("planning:rule_update", args=[rule.public_id])
    data = {"limit": "720", "is_active": "on", "note": "Accord de branche du 1er mars"}
    assert client.post(url, data).status_code == 403
    client.force_login(personas.director_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {**data, "limit": "0"})
    assert response.status_code == 200 and "limite" in response.content.decode().lower()
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.limit == 720 and rule.note == "Accord de branche du 1er mars"
    client.force_login(personas.director_b)
    assert client.post(url, data).status_code == 404
