"""Writes on appointments: keyword-only, atomic, validated, journaled; messages after commit."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal

from . import messaging
from .models import (
    OUTCOME_STATUSES,
    Appointment,
    AppointmentStatus,
    AvailabilitySlot,
    BookingInvitation,
    CalendarFeed,
    MessageEvent,
    Participant,
)

REMINDER_BEFORE = dt.timedelta(hours=48)
# Changes that make the participants' calendar copy out of date (and raise SEQUENCE).
CALENDAR_FIELDS = ("starts_at", "ends_at", "mode", "place", "title", "kind")


@dataclass(frozen=True)
class ParticipantSpec:
    """A participant to invite: a user, or an outside person by name and contact."""

    name: str = ""
    email: str = ""
    phone: str = ""
    user: object = None
    sms_opt_in: bool = False


def _notify(appointment, event):
    transaction.on_commit(lambda: messaging.send_to_participants(appointment, event))


def _check_free(appointment, users):
    """A user cannot be in two planned appointments at the same time."""
    clash = (
        Appointment.objects.filter(
            status=AppointmentStatus.PLANNED,
            starts_at__lt=appointment.ends_at,
            ends_at__gt=appointment.starts_at,
        )
        .exclude(pk=appointment.pk)
        .filter(_involving(users))
    )
    if clash.exists():
        raise ValidationError({"starts_at": _("Un participant a déjà un rendez-vous à ce moment-là.")})


def _involving(users):
    ids = [u.pk for u in users if u is not None]
    return Q(organizer_id__in=ids) | Q(participants__user_id__in=ids)


def _participant(appointment, spec):
    user = spec.user
    name = spec.name or (user.get_full_name() or user.get_username() if user else "")
    participant = Participant(
        appointment=appointment,
        user=user,
        name=name,
        email=spec.email or (user.email if user else ""),
        phone=spec.phone,
        sms_opt_in=spec.sms_opt_in,
    )
    participant.full_clean(exclude=["appointment"])
    return participant


@transaction.atomic
def create_appointment(
    *,
    actor,
    group,
    kind,
    starts_at,
    ends_at,
    organizer=None,
    participants=(),
    mode="in_person",
    place="",
    title="",
    notes="",
    subject=None,
    now=None,
):
    """Plan an appointment and invite its participants (e-mail with the .ics, after commit).

    `subject`: the object the appointment is about (any model with a `public_id`), or None.
    """
    now = now or timezone.now()
    organizer = organizer or actor
    appointment = Appointment(
        group=group,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        place=place,
        title=title,
        notes=notes,
        organizer=organizer,
    )
    if subject is not None:
        appointment.subject_type = subject._meta.label_lower
        appointment.subject_id = subject.public_id
    appointment.full_clean()
    if starts_at < now:
        raise ValidationError({"starts_at": _("Un rendez-vous ne peut pas commencer dans le passé.")})
    specs = list(participants)
    if not specs:
        raise ValidationError({"participants": _("Invitez au moins une personne.")})
    _check_free(appointment, [organizer, *(s.user for s in specs)])
    rows = [_participant(appointment, spec) for spec in specs]
    if not any(p.user_id == organizer.pk for p in rows):
        rows.insert(0, _participant(appointment, ParticipantSpec(user=organizer)))
    users = [p.user_id for p in rows if p.user_id]
    if len(users) != len(set(users)):
        raise ValidationError({"participants": _("Une personne est invitée deux fois.")})
    appointment.save()
    Participant.objects.bulk_create(rows)
    journal.record(action="appointment.created", actor=actor, group=group, target=appointment, kind=kind)
    _notify(appointment, MessageEvent.INVITATION)
    return appointment


def _require_open(appointment):
    if appointment.status == AppointmentStatus.CANCELLED:
        raise ValidationError({"status": _("Ce rendez-vous est annulé.")})


@transaction.atomic
def update_appointment(*, actor, appointment, now=None, **fields):
    """Move or change an appointment: same UID, SEQUENCE + 1, participants told."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _require_open(appointment)
    allowed = {*CALENDAR_FIELDS, "notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("Ce champ ne peut pas être modifié ici.") for name in unknown})
    changed = [name for name, value in fields.items() if getattr(appointment, name) != value]
    for name, value in fields.items():
        setattr(appointment, name, value)
    appointment.full_clean()
    now = now or timezone.now()
    if "starts_at" in changed and appointment.starts_at < now:
        raise ValidationError({"starts_at": _("Un rendez-vous ne peut pas commencer dans le passé.")})
    calendar_change = any(name in CALENDAR_FIELDS for name in changed)
    if {"starts_at", "ends_at"} & set(changed):
        users = [p.user for p in appointment.participants.select_related("user") if p.user_id]
        _check_free(appointment, [appointment.organizer, *users])
        appointment.reminder_sent_at = None  # a moved appointment is reminded again
    if calendar_change:
        appointment.ical_sequence += 1
    appointment.save()
    journal.record(
        action="appointment.updated", actor=actor, group=appointment.group, target=appointment, fields=changed
    )
    if calendar_change:
        _notify(appointment, MessageEvent.UPDATE)
    return appointment


@transaction.atomic
def cancel_appointment(*, actor, appointment, reason=""):
    """Cancel: status cancelled, SEQUENCE + 1, a METHOD:CANCEL .ics to every participant, no reminder.
    A slot booked for it becomes free again."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _require_open(appointment)
    if appointment.status != AppointmentStatus.PLANNED:
        raise ValidationError({"status": _("Un rendez-vous qui a eu lieu ne s'annule plus.")})
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.cancel_reason = reason[:250]
    appointment.ical_sequence += 1
    appointment.save()
    AvailabilitySlot.objects.filter(appointment=appointment).update(appointment=None)
    journal.record(action="appointment.cancelled", actor=actor, group=appointment.group, target=appointment)
    _notify(appointment, MessageEvent.CANCELLATION)
    return appointment


@transaction.atomic
def set_status(*, actor, appointment, status, now=None):
    """Record what happened: seen or no-show once started; excused any time before."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _require_open(appointment)
    if status == AppointmentStatus.CANCELLED:
        raise ValidationError({"status": _("Utilisez l'annulation pour annuler un rendez-vous.")})
    if status not in AppointmentStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    if status in OUTCOME_STATUSES and appointment.starts_at > now:
        raise ValidationError(
            {"status": _("« Honoré » ou « absent » se note une fois le rendez-vous commencé.")}
        )
    appointment.status = status
    appointment.save(update_fields=["status", "updated_at"])
    journal.record(
        action="appointment.status", actor=actor, group=appointment.group, target=appointment, status=status
    )
    return appointment


def send_due_reminders(*, now=None, dry_run=False):
    """Remind the participants of appointments starting within 48 h (once; never a cancelled or past
    one). Durations are absolute, so a DST change in between does not shift the reminder: the sum is
    done in UTC (an aware Europe/Paris datetime plus a timedelta adds wall-clock hours)."""
    now = (now or timezone.now()).astimezone(dt.UTC)
    due = (
        Appointment.objects.filter(
            status=AppointmentStatus.PLANNED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_BEFORE,
        )
        .select_related("group", "organizer")
        .order_by("starts_at", "id")
    )
    sent = []
    for appointment in due:
        if dry_run:
            sent.append(appointment)
            continue
        with transaction.atomic():
            locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
            if locked.reminder_sent_at is not None or locked.status != AppointmentStatus.PLANNED:
                continue
            locked.reminder_sent_at = now
            locked.save(update_fields=["reminder_sent_at", "updated_at"])
            messaging.send_to_participants(appointment, MessageEvent.REMINDER)
        sent.append(appointment)
    return sent


# --- Calendar feed ------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed(*, user, renew=False):
    """The user's active feed (created on first use); `renew` revokes it and makes a new address."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True).first()
    if feed is not None and renew:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        feed = None
    return feed or CalendarFeed.objects.create(user=user)


# --- Self-service booking -----------------------------------------------------------------------


@transaction.atomic
def publish_slot(*, actor, group, kind, starts_at, ends_at, mode="in_person", place="", owner=None, now=None):
    now = now or timezone.now()
    slot = AvailabilitySlot(
        group=group,
        owner=owner or actor,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        place=place,
    )
    slot.full_clean()
    if starts_at < now:
        raise ValidationError({"starts_at": _("Un créneau ne peut pas commencer dans le passé.")})
    overlap = AvailabilitySlot.objects.filter(
        owner=slot.owner, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if overlap:
        raise ValidationError({"starts_at": _("Ce créneau chevauche un autre de vos créneaux.")})
    slot.save()
    journal.record(action="appointment.slot_published", actor=actor, group=group, target=slot)
    return slot


@transaction.atomic
def withdraw_slot(*, actor, slot):
    if slot.appointment_id:
        raise ValidationError({"slot": _("Ce créneau est réservé : annulez le rendez-vous.")})
    journal.record(action="appointment.slot_withdrawn", actor=actor, group=slot.group, target=slot)
    slot.delete()


@transaction.atomic
def invite_to_book(
    *, actor, group, kind, name, email="", phone="", owner=None, subject=None, valid_days=14, now=None
):
    """A personal link to pick one of the owner's free slots of `kind`."""
    now = now or timezone.now()
    invitation = BookingInvitation(
        group=group,
        owner=owner or actor,
        kind=kind,
        name=name,
        email=email,
        phone=phone,
        expires_at=now + dt.timedelta(days=valid_days),
        created_by=actor,
    )
    if subject is not None:
        invitation.subject_type = subject._meta.label_lower
        invitation.subject_id = subject.public_id
    invitation.full_clean()
    invitation.save()
    journal.record(action="appointment.invitation", actor=actor, group=group, target=invitation)
    return invitation


def free_slots_for(invitation, now=None):
    now = now or timezone.now()
    return AvailabilitySlot.objects.free(now).filter(
        group_id=invitation.group_id, owner_id=invitation.owner_id, kind=invitation.kind
    )


@transaction.atomic
def book_slot(*, invitation, slot_public_id, name, email="", phone="", sms_opt_in=False, now=None):
    """The invited person books a free slot: the appointment is created, the slot and link used."""
    now = now or timezone.now()
    invitation = BookingInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.appointment_id is not None:
        raise ValidationError({"slot": _("Ce lien a déjà servi à réserver un rendez-vous.")})
    if invitation.expires_at < now:
        raise ValidationError({"slot": _("Ce lien de réservation a expiré.")})
    slot = free_slots_for(invitation, now).select_for_update().filter(public_id=slot_public_id).first()
    if slot is None:
        raise ValidationError({"slot": _("Ce créneau n'est plus disponible : choisissez-en un autre.")})
    appointment = Appointment(
        group=invitation.group,
        kind=slot.kind,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        mode=slot.mode,
        place=slot.place,
        organizer=slot.owner,
        subject_type=invitation.subject_type,
        subject_id=invitation.subject_id,
    )
    appointment.full_clean()
    rows = [
        _participant(appointment, ParticipantSpec(user=slot.owner)),
        _participant(
            appointment, ParticipantSpec(name=name, email=email, phone=phone, sms_opt_in=sms_opt_in)
        ),
    ]
    appointment.save()
    Participant.objects.bulk_create(rows)
    slot.appointment = appointment
    slot.save(update_fields=["appointment", "updated_at"])
    invitation.appointment = appointment
    invitation.save(update_fields=["appointment", "updated_at"])
    journal.record(
        action="appointment.booked",
        actor_label=_("réservation en ligne"),
        group=invitation.group,
        target=appointment,
    )
    _notify(appointment, MessageEvent.INVITATION)
    return appointment
