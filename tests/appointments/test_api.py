import pytest

from mutualis.appointments.models import Appointment

from .factories import future, make_appointment

pytestmark = pytest.mark.django_db


def test_plan_move_and_cancel_through_the_api(personas, api):
    client = api("planner_a")
    start = future()
    answer = client.post(
        "/api/v1/appointments/",
        {
            "kind": "interview",
            "starts_at": start.isoformat(),
            "ends_at": start.replace(hour=11).isoformat(),
            "place": "GE, 3 rue du Moulin",
            "participants": [{"name": "Camille", "email": "camille@example.org"}],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    public_id = answer.json()["id"]
    moved = client.patch(
        f"/api/v1/appointments/{public_id}/",
        {"starts_at": future(days=4).isoformat(), "ends_at": future(days=4, hour=11).isoformat()},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["ical_sequence"] == 1
    cancelled = client.post(f"/api/v1/appointments/{public_id}/cancel/", {"reason": "x"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.post(f"/api/v1/appointments/{public_id}/cancel/", {}, format="json")
    assert again.status_code == 400


def test_bad_times_named_in_french(api):
    start = future()
    answer = api("director_a").post(
        "/api/v1/appointments/",
        {
            "kind": "interview",
            "starts_at": start.isoformat(),
            "ends_at": start.isoformat(),
            "participants": [{"name": "C", "email": "c@example.org"}],
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "fin" in answer.json()["ends_at"][0]
    assert not Appointment.objects.exists()


def test_other_ge_gets_404_and_participants_see_theirs(personas, api):
    appointment = make_appointment(actor=personas.director_a, group=personas.group_a)
    assert api("director_b").get(f"/api/v1/appointments/{appointment.public_id}/").status_code == 404
    assert api("contact_a1").get("/api/v1/appointments/").json()["count"] == 0
    assert api("accountant_a").get("/api/v1/appointments/").json()["count"] == 1
    assert (
        api("accountant_a").post(f"/api/v1/appointments/{appointment.public_id}/cancel/").status_code == 403
    )
