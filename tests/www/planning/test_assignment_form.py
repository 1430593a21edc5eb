"""Creating an assignment from the page: the rule is named, the director may override."""

import datetime as dt

import pytest
from django.urls import reverse

from mutualis.planning.models import Assignment, RuleOverride
from tests.factories import AssignmentFactory, AssignmentSlotFactory


def form_data(personas, member, site, slots, **extra):
    data = {
        "member": member.pk,
        "site": site.pk,
        "start_date": "2025-01-06",
        "status": "active",
        "slots-TOTAL_FORMS": "6",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "21",
        **extra,
    }
    for index, (weekday, start, end) in enumerate(slots):
        data.update(
            {
                f"slots-{index}-weekday": weekday,
                f"slots-{index}-start_time": start,
                f"slots-{index}-end_time": end,
            }
        )
    return data


@pytest.fixture
def url(personas):
    evening = AssignmentFactory(
        employee=personas.employee_a, member=personas.member_a1, site=personas.site_a1
    )
    AssignmentSlotFactory(assignment=evening, weekday=0, start_time=dt.time(16), end_time=dt.time(22))
    return reverse("planning:assignment_create", args=[personas.employee_a.public_id])


@pytest.mark.django_db
def test_a_planner_creates_an_assignment(client, personas, url):
    client.force_login(personas.planner_a)
    assert client.get(url).status_code == 200
    data = form_data(
        personas, personas.member_a2, personas.site_a2, [(2, "08:00", "12:00"), (3, "08:00", "12:00")]
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assignment = Assignment.objects.get(member=personas.member_a2)
    assert assignment.slots.count() == 2


@pytest.mark.django_db
def test_breaking_the_11_hour_rest_names_the_rule_and_saves_nothing(client, personas, url):
    client.force_login(personas.planner_a)
    data = form_data(personas, personas.member_a2, personas.site_a2, [(1, "08:00", "12:00")])
    response = client.post(url, {**data, "override_reason": "urgence"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Repos quotidien minimal" in page and "Adhérent A2" in page
    assert "demandez à la direction" in page
    assert not Assignment.objects.filter(member=personas.member_a2).exists()


@pytest.mark.django_db
def test_the_director_saves_with_a_reason(client, personas, url):
    client.force_login(personas.director_a)
    data = form_data(personas, personas.member_a2, personas.site_a2, [(1, "08:00", "12:00")])
    response = client.post(url, data)
    assert "indiquez la justification" in response.content.decode()
    response = client.post(url, {**data, "override_reason": "Remplacement accepté par le salarié"})
    assert response.status_code == 302
    assert RuleOverride.objects.filter(rule_code="min_daily_rest_minutes").exists()


@pytest.mark.django_db
def test_bad_input_is_named(client, personas, url):
    client.force_login(personas.planner_a)
    data = form_data(personas, personas.member_a1, personas.site_a2, [(1, "08:00", "")])
    page = client.post(url, data).content.decode()
    assert "Indiquez le jour, l&#x27;heure de début et l&#x27;heure de fin." in page
    data = form_data(personas, personas.member_a1, personas.site_a2, [(4, "08:00", "12:00")])
    page = client.post(url, data).content.decode()
    assert "Ce lieu de travail n&#x27;appartient pas à cet adhérent." in page
    assert Assignment.objects.count() == 1


@pytest.mark.django_db
def test_only_writers_of_the_group(client, personas, url):
    client.force_login(personas.accountant_a)
    assert client.get(url).status_code == 403
    for user in ("contact_a1", "director_b"):
        client.force_login(personas[user])
        assert client.get(url).status_code == 404
    client.force_login(personas.director_b)
    data = form_data(personas, personas.member_b1, personas.site_b1, [(1, "08:00", "12:00")])
    assert client.post(url, data).status_code == 404
    assert Assignment.objects.count() == 1
