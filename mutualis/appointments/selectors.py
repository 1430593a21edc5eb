"""Reads of appointments, always from a membership's scoped rows (or a user's own, for the feed)."""

import datetime as dt

from django.db.models import Prefetch, Q
from django.utils import timezone

from mutualis.accounts.tenancy import scoped

from .models import Appointment, AvailabilitySlot, BookingInvitation, CalendarFeed, Participant

FEED_DAYS_BEFORE = 60


def appointment_list(membership):
    return (
        scoped(Appointment, membership)
        .select_related("organizer")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user").order_by("id"))
        )
    )


def for_subject(membership, subject):
    """Appointments attached to `subject` that the membership may see."""
    return appointment_list(membership).filter(
        subject_type=subject._meta.label_lower, subject_id=subject.public_id
    )


def active_feed(user):
    """The user's calendar feed in use, or None (it is created by a POST, never on reading)."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_appointments(user, now=None):
    now = now or timezone.now()
    mine = Q(organizer=user) | Q(participants__user=user)
    ids = Appointment.objects.filter(mine).values("pk")
    return (
        Appointment.objects.filter(pk__in=ids, ends_at__gte=now - dt.timedelta(days=FEED_DAYS_BEFORE))
        .select_related("organizer")
        .order_by("starts_at", "id")
    )


def my_slots(membership):
    return scoped(AvailabilitySlot, membership).select_related("owner", "appointment").order_by("starts_at")


def my_invitations(membership):
    return scoped(BookingInvitation, membership).select_related("owner", "appointment")


def no_show_rate(membership, since):
    """Share of past appointments (seen or no-show) that were no-shows, in % (None without data)."""
    rows = scoped(Appointment, membership).filter(starts_at__gte=since, status__in=["seen", "no_show"])
    total = rows.count()
    if not total:
        return None
    return round(100 * rows.filter(status="no_show").count() / total, 1)
