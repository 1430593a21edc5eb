import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mutualis.appointments.models import Appointment
from tests.appointments.factories import future, make_appointment

pytestmark = pytest.mark.django_db


def test_plan_an_appointment_from_the_form(personas, client):
    client.force_login(personas.planner_a)
    day = timezone.localdate() + dt.timedelta(days=5)
    answer = client.post(
        "/rendez-vous/nouveau/",
        {
            "kind": "interview",
            "day": day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "mode": "in_person",
            "place": "GE",
            "name": "Camille Martin",
            "email": "camille@example.org",
        },
    )
    appointment = Appointment.objects.get()
    assert answer.status_code == 302
    assert timezone.localtime(appointment.starts_at).hour == 10
    page = client.get(f"/rendez-vous/{appointment.public_id}/").content.decode()
    assert "Camille Martin" in page


def test_end_before_start_named_and_nothing_saved(personas, client):
    client.force_login(personas.planner_a)
    answer = client.post(
        "/rendez-vous/nouveau/",
        {
            "kind": "interview",
            "day": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
            "start_time": "11:00",
            "end_time": "10:00",
            "mode": "in_person",
            "name": "C",
            "email": "c@example.org",
        },
    )
    assert answer.status_code == 200
    assert "La fin du rendez-vous doit suivre son début." in answer.content.decode()
    assert not Appointment.objects.exists()


def test_list_queries_do_not_grow_with_rows(personas, client):
    client.force_login(personas.planner_a)
    make_appointment(actor=personas.planner_a, group=personas.group_a)
    with CaptureQueriesContext(connection) as first:
        client.get("/rendez-vous/")
    for day in range(4, 9):
        make_appointment(actor=personas.planner_a, group=personas.group_a, starts_at=future(days=day))
    with CaptureQueriesContext(connection) as second:
        page = client.get("/rendez-vous/")
    assert page.content.decode().count("Camille Martin") == 6
    assert len(second) == len(first)
