"""Access cases of the appointments pages and API (issue 12)."""

import datetime as dt

from django.utils import timezone

from tests.access.matrix import (
    AUTHENTICATED,
    EVERYONE,
    STAFF_A,
    USERS_A,
    USERS_B,
    WRITERS_A,
    WRITERS_B,
    Case,
)

# Who may organise appointments: the GE's director and planners, and its partners.
ORGANISERS = WRITERS_A | WRITERS_B | {"partner_a", "partner_b"}
GE_USERS = USERS_A | USERS_B


def _start(days=10, hour=9):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _appointment_a(w):
    from mutualis.appointments import services
    from mutualis.appointments.models import Appointment

    existing = Appointment.objects.filter(group=w.group_a, title="Entretien-Accès").first()
    if existing is not None:
        return existing
    start = _start()
    return services.create_appointment(
        actor=w.planner_a,
        group=w.group_a,
        kind="interview",
        title="Entretien-Accès",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Salle du GE",
        participants=[services.ParticipantSpec(name="Personne invitée", email="invite@example.org")],
    )


def _slot_a(w):
    from mutualis.appointments import services
    from mutualis.appointments.models import AvailabilitySlot

    slot = AvailabilitySlot.objects.filter(group=w.group_a, owner=w.planner_a).first()
    if slot is None:
        start = _start(days=12)
        slot = services.publish_slot(
            actor=w.planner_a,
            group=w.group_a,
            kind="interview",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=45),
        )
    return slot


def _invitation_token(w):
    from mutualis.appointments import services
    from mutualis.appointments.models import BookingInvitation

    invitation = BookingInvitation.objects.filter(group=w.group_a).first() or services.invite_to_book(
        actor=w.planner_a, group=w.group_a, kind="interview", name="Personne invitée", email="p@example.org"
    )
    return {"token": invitation.token}


def _feed_token(w):
    from mutualis.appointments import services

    return {"token": services.calendar_feed(user=w.planner_a).token}


def _form(w, days=20):
    return {
        "kind": "interview",
        "day": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
        "start_time": "14:00",
        "end_time": "15:00",
        "mode": "in_person",
        "place": "Salle",
        "name": "Invité-Sonde",
        "email": "sonde@example.org",
    }


def _slot_form(w):
    return {
        "form": "slot",
        "slot-kind": "interview",
        "slot-day": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "slot-start_time": "08:00",
        "slot-end_time": "08:30",
        "slot-mode": "in_person",
    }


def _api_form(w):
    start = _start(days=25, hour=16)
    return {
        "kind": "interview",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "participants": [{"name": "Sonde", "email": "sonde@example.org"}],
    }


def _pid(w):
    return {"public_id": _appointment_a(w).public_id}


CASES = {
    "appointments:list": Case(read=GE_USERS),
    "appointments:create": Case(read=ORGANISERS, write=ORGANISERS, methods=("POST",), data=_form),
    "appointments:detail": Case(kwargs=_pid, read=STAFF_A),
    "appointments:update": Case(kwargs=_pid, read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=_form),
    "appointments:cancel": Case(kwargs=_pid, write=WRITERS_A, methods=("POST",), get=False),
    "appointments:status": Case(
        kwargs=_pid, write=WRITERS_A, methods=("POST",), data=lambda w: {"status": "excused"}, get=False
    ),
    "appointments:ics": Case(kwargs=_pid, read=STAFF_A),
    "appointments:feed_page": Case(read=AUTHENTICATED),
    "appointments:feed_renew": Case(write=AUTHENTICATED, methods=("POST",), get=False),
    "appointments:feed": Case(kwargs=_feed_token, read=EVERYONE),
    "appointments:slots": Case(read=ORGANISERS, write=ORGANISERS, methods=("POST",), data=_slot_form),
    "appointments:slot_withdraw": Case(
        kwargs=lambda w: {"public_id": _slot_a(w).public_id}, write=WRITERS_A, methods=("POST",), get=False
    ),
    "appointments:invite": Case(
        write=ORGANISERS,
        methods=("POST",),
        data=lambda w: {"invite-kind": "interview", "invite-name": "Sonde", "invite-email": "s@example.org"},
        get=False,
    ),
    "appointments:book": Case(kwargs=_invitation_token, read=EVERYONE),
    "api:appointment-list": Case(
        read=GE_USERS, write=ORGANISERS, methods=("POST",), data=_api_form, api=True
    ),
    "api:appointment-detail": Case(
        kwargs=_pid,
        read=STAFF_A,
        write=WRITERS_A,
        methods=("PATCH",),
        data=lambda w: {"title": "Entretien-Accès"},
        api=True,
    ),
    "api:appointment-cancel": Case(kwargs=_pid, write=WRITERS_A, methods=("POST",), get=False, api=True),
}
