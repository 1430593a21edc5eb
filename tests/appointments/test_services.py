import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mutualis.appointments import services
from mutualis.appointments.models import Appointment, AppointmentMessage, AppointmentStatus

from .factories import future, make_appointment


def ics_of(message):
    content = message.attachments[0][1]
    return content.decode() if isinstance(content, bytes) else content


pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def director(personas):
    return personas.director_a


def test_create_invites_participants_with_ics(personas, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = make_appointment(actor=director, group=personas.group_a)
    assert appointment.participants.count() == 2  # the organiser is a participant too
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille@example.org"]
    assert "Entretien de recrutement" in message.subject
    assert message.attachments[0][2].startswith("text/calendar")
    assert appointment.ical_uid in ics_of(message)


def test_end_must_follow_start(personas, director):
    start = future()
    with pytest.raises(ValidationError) as error:
        services.create_appointment(
            actor=director,
            group=personas.group_a,
            kind="interview",
            starts_at=start,
            ends_at=start,
            participants=[services.ParticipantSpec(name="X", email="x@example.org")],
        )
    assert "ends_at" in error.value.message_dict
    assert not Appointment.objects.exists()


def test_eight_hours_at_most(personas, director):
    make_appointment(actor=director, group=personas.group_a, hours=8)
    with pytest.raises(ValidationError, match="8 heures"):
        make_appointment(actor=director, group=personas.group_a, starts_at=future(days=5), hours=8.5)


def test_no_start_in_the_past(personas, director):
    with pytest.raises(ValidationError, match="passé"):
        make_appointment(actor=director, group=personas.group_a, starts_at=future(days=-1))


def test_organiser_cannot_be_double_booked(personas, director):
    make_appointment(actor=director, group=personas.group_a)
    with pytest.raises(ValidationError, match="déjà un rendez-vous"):
        make_appointment(actor=director, group=personas.group_a, starts_at=future(minutes=30))
    # Back to back is fine.
    make_appointment(actor=director, group=personas.group_a, starts_at=future(hour=11))


def test_phone_appointment_needs_a_number(personas, director):
    with pytest.raises(ValidationError) as error:
        make_appointment(actor=director, group=personas.group_a, mode="phone", place="")
    assert "place" in error.value.message_dict


def test_moving_keeps_uid_and_raises_sequence(personas, director, django_capture_on_commit_callbacks):
    appointment = make_appointment(actor=director, group=personas.group_a)
    uid = appointment.ical_uid
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.update_appointment(
            actor=director,
            appointment=appointment,
            starts_at=future(days=4),
            ends_at=future(days=4, hour=11),
        )
    assert moved.ical_uid == uid
    assert moved.ical_sequence == 1
    assert "modifié" in mail.outbox[0].subject
    assert "SEQUENCE:1" in ics_of(mail.outbox[0])
    # Changing the internal notes only does not touch the participants' calendars.
    again = services.update_appointment(actor=director, appointment=moved, notes="Apporter le CV")
    assert again.ical_sequence == 1


def test_cancel_sends_method_cancel_and_no_reminder(personas, director, django_capture_on_commit_callbacks):
    appointment = make_appointment(actor=director, group=personas.group_a, starts_at=future(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(actor=director, appointment=appointment, reason="Poste pourvu")
    content = ics_of(mail.outbox[0])
    assert "METHOD:CANCEL" in content and "STATUS:CANCELLED" in content
    assert "SEQUENCE:1" in content
    assert services.send_due_reminders() == []
    with pytest.raises(ValidationError):
        services.cancel_appointment(actor=director, appointment=appointment)


def test_outcome_only_once_started(personas, director):
    appointment = make_appointment(actor=director, group=personas.group_a)
    with pytest.raises(ValidationError, match="commencé"):
        services.set_status(actor=director, appointment=appointment, status=AppointmentStatus.SEEN)
    services.set_status(actor=director, appointment=appointment, status=AppointmentStatus.EXCUSED)
    later = appointment.starts_at + dt.timedelta(minutes=1)
    services.set_status(actor=director, appointment=appointment, status="no_show", now=later)
    appointment.refresh_from_db()
    assert appointment.status == "no_show"


def test_messages_carry_no_notes_or_subject(personas, director, django_capture_on_commit_callbacks):
    secret = "Suivi RSA, dettes"
    with django_capture_on_commit_callbacks(execute=True):
        make_appointment(actor=director, group=personas.group_a, notes=secret, subject=personas.employee_a)
    message = mail.outbox[0]
    assert secret not in message.body and secret not in ics_of(message)
    assert str(personas.employee_a.public_id) not in message.body


def test_sms_only_to_opted_in_mobiles(
    personas, director, settings, django_capture_on_commit_callbacks, capsys
):
    settings.MUTUALIS_APPOINTMENT_SENDERS = {
        "email": "mutualis.appointments.messaging.EmailSender",
        "sms": "mutualis.appointments.messaging.ConsoleSmsSender",
    }
    with django_capture_on_commit_callbacks(execute=True):
        make_appointment(
            actor=director,
            group=personas.group_a,
            participants=[
                services.ParticipantSpec(name="A", phone="06 12 34 56 78", sms_opt_in=True),
                services.ParticipantSpec(name="B", phone="02 33 00 00 00", sms_opt_in=True),
                services.ParticipantSpec(name="C", phone="0712345678", sms_opt_in=False),
            ],
        )
    sms = AppointmentMessage.objects.filter(channel="sms")
    assert [m.participant.name for m in sms] == ["A"]
    assert "SMS à 06 12 34 56 78" in capsys.readouterr().out
