"""Absences and one-day changes from the pages."""

import datetime as dt

import pytest
from django.urls import reverse

from mutualis.planning.models import Absence, RuleOverride, ScheduleException
from mutualis.planning.rules import PARIS
from tests.factories import AssignmentFactory, AssignmentSlotFactory


@pytest.fixture
def evening(personas):
    assignment = AssignmentFactory(
        employee=personas.employee_a, member=personas.member_a1, site=personas.site_a1
    )
    AssignmentSlotFactory(assignment=assignment, weekday=0, start_time=dt.time(16), end_time=dt.time(22))
    return assignment


@pytest.mark.django_db
def test_recording_whole_days_of_paid_leave(client, personas, evening):
    client.force_login(personas.planner_a)
    url = reverse("planning:absence_create", args=[personas.employee_a.public_id])
    assert client.get(url).status_code == 200
    data = {"kind": "paid_leave", "start_date": "2025-01-06", "end_date": "2025-01-10"}
    response = client.post(url, data)
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.start == dt.datetime(2025, 1, 6, tzinfo=PARIS)
    assert absence.end == dt.datetime(2025, 1, 11, tzinfo=PARIS)
    page = client.get(response["Location"]).content.decode()
    assert "Absence : Congés payés" in page
    assert "16:00–22:00" not in page


@pytest.mark.django_db
def test_an_absence_ending_before_it_starts_is_refused(client, personas):
    client.force_login(personas.planner_a)
    url = reverse("planning:absence_create", args=[personas.employee_a.public_id])
    data = {
        "kind": "training",
        "start_date": "2025-01-06",
        "end_date": "2025-01-06",
        "start_time": "14:00",
        "end_time": "09:00",
    }
    page = client.post(url, data).content.decode()
    assert "La fin de l&#x27;absence doit suivre son début." in page
    assert not Absence.objects.exists()


@pytest.mark.django_db
def test_moving_a_day_that_breaks_the_rest_needs_the_director(client, personas, evening):
    morning = AssignmentFactory(
        employee=personas.employee_a, member=personas.member_a2, site=personas.site_a2
    )
    AssignmentSlotFactory(assignment=morning, weekday=2, start_time=dt.time(8), end_time=dt.time(12))
    url = reverse("planning:exception_create", args=[morning.public_id])
    # Move Wednesday 8 January to Tuesday 7 January 08:00, after Monday's evening ending at 22:00.
    data = {
        "kind": "moved",
        "date": "2025-01-08",
        "new_date": "2025-01-07",
        "start_time": "08:00",
        "end_time": "12:00",
    }
    client.force_login(personas.planner_a)
    page = client.post(url, data).content.decode()
    assert "Repos quotidien minimal" in page
    assert not ScheduleException.objects.exists()
    client.force_login(personas.director_a)
    response = client.post(url, {**data, "override_reason": "Inventaire annuel"})
    assert response.status_code == 302
    assert ScheduleException.objects.get().new_date == dt.date(2025, 1, 7)
    assert RuleOverride.objects.filter(rule_code="min_daily_rest_minutes", assignment=morning).exists()


@pytest.mark.django_db
def test_cancelling_a_day_and_bad_input(client, personas, evening):
    url = reverse("planning:exception_create", args=[evening.public_id])
    client.force_login(personas.planner_a)
    page = client.post(url, {"kind": "added", "date": "2025-01-07"}).content.decode()
    assert "Indiquez l&#x27;heure de début et l&#x27;heure de fin." in page
    assert client.post(url, {"kind": "cancelled", "date": "2025-01-06"}).status_code == 302
    assert ScheduleException.objects.get().kind == "cancelled"


@pytest.mark.django_db
def test_day_change_pages_are_for_writers_of_the_group(client, personas, evening):
    urls = [
        reverse("planning:absence_create", args=[personas.employee_a.public_id]),
        reverse("planning:exception_create", args=[evening.public_id]),
    ]
    for url in urls:
        client.force_login(personas.accountant_a)
        assert client.get(url).status_code == 403
        for user in ("contact_a1", "employee_user_a", "planner_b"):
            client.force_login(personas[user])
            assert client.get(url).status_code == 404
