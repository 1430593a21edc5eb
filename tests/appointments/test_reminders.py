import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from mutualis.appointments import services

from .factories import make_appointment

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_reminder_48_hours_before_once(personas):
    appointment = make_appointment(actor=personas.director_a, group=personas.group_a)
    start = appointment.starts_at
    mail.outbox.clear()
    assert services.send_due_reminders(now=start - dt.timedelta(hours=48, minutes=1)) == []
    assert services.send_due_reminders(now=start - dt.timedelta(hours=48)) == [appointment]
    assert "Rappel" in mail.outbox[0].subject
    assert services.send_due_reminders(now=start - dt.timedelta(hours=47)) == []
    assert len(mail.outbox) == 1


def test_no_reminder_once_started(personas):
    appointment = make_appointment(actor=personas.director_a, group=personas.group_a)
    assert services.send_due_reminders(now=appointment.starts_at + dt.timedelta(minutes=1)) == []


def test_reminder_across_the_autumn_clock_change(personas):
    # Monday 26 October 2026 at 10:00 (UTC+1). The clocks went back on Sunday 25 at 03:00, so 48 real
    # hours before is Saturday 24 at 11:00 Paris time (UTC+2) — not 10:00, as a wall-clock count says.
    start = dt.datetime(2026, 10, 26, 10, 0, tzinfo=PARIS)
    appointment = make_appointment(
        actor=personas.director_a, group=personas.group_a, starts_at=start, now=start - dt.timedelta(days=5)
    )
    assert services.send_due_reminders(now=dt.datetime(2026, 10, 24, 10, 59, tzinfo=PARIS)) == []
    assert services.send_due_reminders(now=dt.datetime(2026, 10, 24, 11, 0, tzinfo=PARIS)) == [appointment]


def test_moved_appointment_is_reminded_again(personas):
    appointment = make_appointment(actor=personas.director_a, group=personas.group_a)
    services.send_due_reminders(now=appointment.starts_at - dt.timedelta(hours=1))
    later = appointment.starts_at + dt.timedelta(days=7)
    services.update_appointment(
        actor=personas.director_a,
        appointment=appointment,
        starts_at=later,
        ends_at=later + dt.timedelta(hours=1),
        now=appointment.starts_at - dt.timedelta(hours=2),
    )
    assert services.send_due_reminders(now=later - dt.timedelta(hours=2)) != []
