import datetime as dt

import icalendar
import pytest

from mutualis.appointments import ics, selectors, services

from .factories import future, make_appointment

pytestmark = pytest.mark.django_db


def test_ics_round_trips(personas):
    appointment = make_appointment(actor=personas.director_a, group=personas.group_a)
    calendar = icalendar.Calendar.from_ical(ics.appointment_ics(appointment))
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == appointment.ical_uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == appointment.starts_at
    assert event.decoded("DTEND") == appointment.ends_at
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"


def test_feed_lists_the_users_appointments_cancelled_included(personas):
    kept = make_appointment(actor=personas.director_a, group=personas.group_a)
    gone = make_appointment(actor=personas.director_a, group=personas.group_a, starts_at=future(days=6))
    services.cancel_appointment(actor=personas.director_a, appointment=gone)
    other = make_appointment(actor=personas.director_b, group=personas.group_b)
    feed = icalendar.Calendar.from_ical(
        ics.feed_ics(selectors.feed_appointments(personas.director_a), "Agenda")
    )
    events = {str(e["UID"]): str(e["STATUS"]) for e in feed.walk("VEVENT")}
    assert events == {kept.ical_uid: "CONFIRMED", gone.ical_uid: "CANCELLED"}
    assert other.ical_uid not in events


def test_feed_renewal_revokes_the_old_address(personas, client):
    feed = services.calendar_feed(user=personas.planner_a)
    assert client.get(f"/rendez-vous/agenda/{feed.token}.ics").status_code == 200
    services.calendar_feed(user=personas.planner_a, renew=True)
    assert client.get(f"/rendez-vous/agenda/{feed.token}.ics").status_code == 404


def test_duration_helper(personas):
    appointment = make_appointment(actor=personas.director_a, group=personas.group_a, hours=1.5)
    assert appointment.duration_minutes == 90
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=90)
