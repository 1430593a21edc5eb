"""Bodies and dates that are not what they seem get a 400/404/413 with a message, never a 500
(issue 17 items 4 and 5)."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["[1, 2]", '"texte"', "42", "null"])
def test_a_json_body_that_is_not_an_object_is_a_400_naming_the_problem(client, personas, body):
    client.force_login(personas.director_a)
    response = client.post(reverse("api:member-list"), data=body, content_type="application/json")
    assert response.status_code == 400
    assert "objet JSON" in response.json()["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_an_oversized_json_body_is_a_json_413_naming_the_limit(client, personas):
    client.force_login(personas.director_a)
    body = json.dumps({"name": "x" * 5000})
    response = client.post(reverse("api:member-list"), data=body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "1 Ko" in response.json()["detail"]


def test_a_billing_run_for_year_one_or_9999_is_refused(client, personas):
    client.force_login(personas.director_a)
    for month in ("0001-01", "9999-12"):
        response = client.post(
            reverse("api:billing-run-list"), {"month": month}, content_type="application/json"
        )
        assert response.status_code == 400, month
        assert "month" in response.json()


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01"])
def test_planning_weeks_at_the_ends_of_the_calendar_do_not_crash(client, personas, week):
    client.force_login(personas.planner_a)
    response = client.get(reverse("planning:group_week"), {"semaine": week})
    assert response.status_code in (200, 400)


def test_timesheet_month_out_of_window_is_a_404(client, personas):
    client.force_login(personas.director_a)
    response = client.get(reverse("timesheets:overview", kwargs={"year": 9999, "month": 12}))
    assert response.status_code == 404
