"""Editing and ending an existing assignment from the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualis.core.models import AuditEvent
from mutualis.planning.models import Assignment, RuleOverride
from mutualis.planning.rules import PARIS
from tests.factories import AssignmentFactory, AssignmentSlotFactory
from tests.www.planning.test_assignment_form import form_data


def edit_data(assignment, slots, **extra):
    """The creation form's data for this assignment, with its slot already saved (initial form)."""
    fields = {
        "start_date": f"{assignment.start_date:%Y-%m-%d}",
        "priority": str(assignment.priority),
        "status": assignment.status,
        "slots-TOTAL_FORMS": "7",
        "slots-INITIAL_FORMS": "1",
        **extra,
    }
    return form_data(None, assignment.member, assignment.site, slots, **fields)


@pytest.fixture
def morning(personas):
    """Employee a works Monday 16:00–22:00 at member a1 and Wednesday 08:00–12:00 at member a2."""
    evening = AssignmentFactory(
        employee=personas.employee_a, member=personas.member_a1, site=personas.site_a1
    )
    AssignmentSlotFactory(assignment=evening, weekday=0, start_time=dt.time(16), end_time=dt.time(22))
    assignment = AssignmentFactory(
        employee=personas.employee_a, member=personas.member_a2, site=personas.site_a2, priority=2
    )
    AssignmentSlotFactory(assignment=assignment, weekday=2, start_time=dt.time(8), end_time=dt.time(12))
    return assignment


def pattern(assignment):
    return list(
        assignment.slots.order_by("weekday").values_list("weekday", "start_time", "end_time", "week_parity")
    )


@pytest.mark.django_db
def test_the_form_is_pre_filled_with_the_assignment_and_its_slots(client, personas, morning):
    client.force_login(personas.planner_a)
    response = client.get(reverse("planning:assignment_update", args=[morning.public_id]))
    form, slots = response.context["form"], response.context["slots"]
    assert form["member"].value() == personas.member_a2.pk
    assert form["site"].value() == personas.site_a2.pk
    assert form["start_date"].value() == dt.date(2025, 1, 6)
    assert form["priority"].value() == 2
    assert slots.initial_form_count() == 1
    assert (slots[0]["weekday"].value(), slots[0]["start_time"].value()) == (2, dt.time(8))
    page = response.content.decode()
    assert "Modifier la mise à disposition de" in page and "Adhérent A2" in page
    assert 'value="08:00"' in page and 'value="12:00"' in page


@pytest.mark.django_db
def test_a_planner_changes_the_pattern_and_the_journal_records_it(client, personas, morning):
    client.force_login(personas.planner_a)
    url = reverse("planning:assignment_update", args=[morning.public_id])
    data = edit_data(morning, [(3, "09:00", "13:00"), (4, "09:00", "12:00")], priority="5")
    response = client.post(url, data)
    assert response.status_code == 302
    morning.refresh_from_db()
    assert morning.priority == 5
    assert pattern(morning) == [(3, dt.time(9), dt.time(13), ""), (4, dt.time(9), dt.time(12), "")]
    assert Assignment.objects.filter(employee=personas.employee_a).count() == 2
    event = AuditEvent.objects.get(action="planning.assignment_updated")
    assert event.target_id == str(morning.public_id)
    assert event.actor == personas.planner_a
    assert event.data["slots"] == ["3 09:00-13:00", "4 09:00-12:00"]


@pytest.mark.django_db
def test_a_change_breaking_the_daily_rest_is_shown_and_saves_nothing(client, personas, morning):
    client.force_login(personas.planner_a)
    url = reverse("planning:assignment_update", args=[morning.public_id])
    # Tuesday 08:00 comes 10 h after Monday's evening ends at 22:00.
    data = edit_data(morning, [(1, "08:00", "12:00")], end_date="2025-03-31", override_reason="urgence")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Repos quotidien minimal" in page and "Adhérent A2" in page
    assert "demandez à la direction" in page
    morning.refresh_from_db()
    assert morning.end_date is None
    assert pattern(morning) == [(2, dt.time(8), dt.time(12), "")]
    assert not AuditEvent.objects.filter(action="planning.assignment_updated").exists()
    assert not RuleOverride.objects.exists()


@pytest.mark.django_db
def test_the_director_saves_the_change_with_a_reason(client, personas, morning):
    client.force_login(personas.director_a)
    url = reverse("planning:assignment_update", args=[morning.public_id])
    data = edit_data(morning, [(1, "08:00", "12:00")])
    assert "indiquez la justification" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "override_reason": "Inventaire, accepté par le salarié"})
    assert response.status_code == 302
    assert pattern(morning) == [(1, dt.time(8), dt.time(12), "")]
    overrides = RuleOverride.objects.filter(rule_code="min_daily_rest_minutes")
    assert overrides.exists()  # one per week of the checked span
    assert {(o.assignment_id, o.reason) for o in overrides} == {
        (morning.pk, "Inventaire, accepté par le salarié")
    }
    assert AuditEvent.objects.filter(action="planning.rule_override").exists()


@pytest.mark.django_db
def test_ending_an_assignment(client, personas, morning):
    client.force_login(personas.planner_a)
    url = reverse("planning:assignment_end", args=[morning.public_id])
    response = client.get(url)
    assert response.context["form"]["end_date"].value() == timezone.localdate(timezone=PARIS)
    response = client.post(url, {"end_date": "2025-01-31"})
    assert response.status_code == 302
    assert response["Location"].endswith("?semaine=2025-01-31")
    morning.refresh_from_db()
    assert morning.end_date == dt.date(2025, 1, 31)
    assert morning.status == "ended"  # a past end date
    event = AuditEvent.objects.get(action="planning.assignment_ended")
    assert event.data == {"end_date": "2025-01-31"}


@pytest.mark.django_db
def test_an_end_before_the_start_or_after_the_planned_end_is_refused(client, personas, morning):
    client.force_login(personas.planner_a)
    url = reverse("planning:assignment_end", args=[morning.public_id])
    page = client.post(url, {"end_date": "2025-01-05"}).content.decode()
    assert (
        "La date de fin ne peut pas précéder la date de début de la mise à disposition (6 janvier 2025)."
        in page
    )
    page = client.post(url, {"end_date": ""}).content.decode()
    assert "Ce champ est obligatoire." in page
    morning.end_date = dt.date(2025, 2, 28)
    morning.save()
    page = client.post(url, {"end_date": "2025-03-31"}).content.decode()
    assert "ne peut pas dépasser la fin déjà prévue (28 février 2025)" in page
    morning.refresh_from_db()
    assert morning.end_date == dt.date(2025, 2, 28)
    assert not AuditEvent.objects.filter(action="planning.assignment_ended").exists()


@pytest.mark.django_db
def test_edit_and_end_are_for_writers_of_the_group(client, personas, morning):
    before = (pattern(morning), morning.end_date)
    urls = {
        reverse("planning:assignment_update", args=[morning.public_id]): edit_data(
            morning, [(4, "08:00", "12:00")]
        ),
        reverse("planning:assignment_end", args=[morning.public_id]): {"end_date": "2025-01-31"},
    }
    for url, data in urls.items():
        client.force_login(personas.accountant_a)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
        for user in ("contact_a1", "employee_user_a", "director_b", "planner_b"):
            client.force_login(personas[user])
            assert client.get(url).status_code == 404
            assert client.post(url, data).status_code == 404
    morning.refresh_from_db()
    assert (pattern(morning), morning.end_date) == before
    assert not AuditEvent.objects.filter(action__startswith="planning.assignment").exists()


@pytest.mark.django_db
def test_the_week_links_to_edit_and_end_for_writers_only(client, personas, morning):
    url = reverse("planning:employee_week", args=[personas.employee_a.public_id]) + "?semaine=2025-01-06"
    edit = reverse("planning:assignment_update", args=[morning.public_id])
    end = reverse("planning:assignment_end", args=[morning.public_id])
    client.force_login(personas.planner_a)
    page = client.get(url).content.decode()
    assert edit in page and end in page
    client.force_login(personas.accountant_a)
    page = client.get(url).content.decode()
    assert edit not in page and end not in page
