"""« Un courriel ou un téléphone »: an outside participant (and a person invited to book) can be
reached. The rule is the models' constraint; the page, the API and the booking link give its words,
on the e-mail field, and save nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mutualis.appointments import services
from mutualis.appointments.models import CONTACT_MISSING, Appointment, BookingInvitation, Participant
from mutualis.core.constraints import constraint_message

from .factories import future

pytestmark = pytest.mark.django_db

MESSAGE = "Indiquez un courriel ou un téléphone."


def test_the_message_is_the_constraints_own():
    assert constraint_message(Participant, CONTACT_MISSING) == MESSAGE
    assert constraint_message(BookingInvitation, CONTACT_MISSING) == MESSAGE


def test_page_names_the_rule(personas, client):
    client.force_login(personas.planner_a)
    day = future().date()
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
        },
    )
    assert answer.status_code == 200
    assert [str(m) for m in answer.context["form"].errors["email"]] == [MESSAGE]
    assert not Appointment.objects.exists()


def test_api_names_the_rule(api):
    start = future()
    answer = api("director_a").post(
        "/api/v1/appointments/",
        {
            "kind": "interview",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
            "participants": [{"name": "Camille Martin"}],
        },
        format="json",
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["email"] == [MESSAGE]
    assert not Appointment.objects.exists()


def test_a_user_participant_needs_no_contact(personas):
    start = future()
    appointment = services.create_appointment(
        actor=personas.planner_a,
        group=personas.group_a,
        kind="interview",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        participants=[services.ParticipantSpec(user=personas.director_a, email="")],
    )
    assert appointment.participants.count() == 2


def test_booking_link_and_invitation_name_the_rule(personas, client):
    with pytest.raises(ValidationError) as caught:
        services.invite_to_book(
            actor=personas.planner_a, group=personas.group_a, kind="interview", name="Léa"
        )
    assert caught.value.message_dict == {"email": [MESSAGE]}
    invitation = services.invite_to_book(
        actor=personas.planner_a, group=personas.group_a, kind="interview", name="Léa", phone="0611223344"
    )
    start = future(days=2, hour=9)
    slot = services.publish_slot(
        actor=personas.planner_a,
        group=personas.group_a,
        kind="interview",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
    )
    answer = client.post(
        f"/rendez-vous/reserver/{invitation.token}/", {"slot": str(slot.public_id), "name": "Léa"}
    )
    assert answer.status_code == 200
    assert [str(m) for m in answer.context["form"].errors["email"]] == [MESSAGE]
    assert not Appointment.objects.exists()
