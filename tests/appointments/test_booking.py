import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mutualis.appointments import services
from mutualis.appointments.models import Appointment

from .factories import future

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(personas):
    return services.invite_to_book(
        actor=personas.planner_a,
        group=personas.group_a,
        kind="interview",
        name="Sami K.",
        email="sami@example.org",
    )


def _slot(personas, days=2, hour=9):
    start = future(days=days, hour=hour)
    return services.publish_slot(
        actor=personas.planner_a,
        group=personas.group_a,
        kind="interview",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        place="Maison de l'emploi, Alençon",
    )


def test_person_books_a_free_slot_from_the_link(personas, invitation, client):
    slot = _slot(personas)
    page = client.get(f"/rendez-vous/reserver/{invitation.token}/")
    assert (
        page.status_code == 200 and "Maison de l'emploi" not in page.content.decode()
    )  # place after booking
    answer = client.post(
        f"/rendez-vous/reserver/{invitation.token}/",
        {"slot": str(slot.public_id), "name": "Sami K.", "email": "sami@example.org"},
    )
    assert answer.status_code == 302
    slot.refresh_from_db()
    appointment = slot.appointment
    assert appointment.organizer == personas.planner_a
    assert "Sami K." in {p.name for p in appointment.participants.all()}
    assert "réservé" in client.get(f"/rendez-vous/reserver/{invitation.token}/").content.decode()


def test_a_link_books_once_and_a_slot_once(personas, invitation):
    first, second = _slot(personas), _slot(personas, hour=14)
    services.book_slot(
        invitation=invitation, slot_public_id=first.public_id, name="Sami", email="s@example.org"
    )
    with pytest.raises(ValidationError, match="déjà servi"):
        services.book_slot(
            invitation=invitation, slot_public_id=second.public_id, name="Sami", email="s@example.org"
        )
    other = services.invite_to_book(
        actor=personas.planner_a, group=personas.group_a, kind="interview", name="Léa", phone="0611223344"
    )
    with pytest.raises(ValidationError, match="plus disponible"):
        services.book_slot(invitation=other, slot_public_id=first.public_id, name="Léa", phone="0611223344")
    assert Appointment.objects.count() == 1


def test_expired_link_refused(personas, invitation):
    slot = _slot(personas)
    with pytest.raises(ValidationError, match="expiré"):
        services.book_slot(
            invitation=invitation,
            slot_public_id=slot.public_id,
            name="Sami",
            email="s@example.org",
            now=invitation.expires_at + dt.timedelta(seconds=1),
        )


def test_cancelling_frees_the_slot(personas, invitation):
    slot = _slot(personas)
    appointment = services.book_slot(
        invitation=invitation, slot_public_id=slot.public_id, name="Sami", email="s@example.org"
    )
    services.cancel_appointment(actor=personas.planner_a, appointment=appointment)
    slot.refresh_from_db()
    assert slot.appointment is None


def test_overlapping_slots_refused(personas):
    _slot(personas)
    with pytest.raises(ValidationError, match="chevauche"):
        _slot(personas)
