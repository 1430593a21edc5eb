"""Retention of appointments' outside people: emptied 1 year after the appointment, or 1 year after
a booking link expired."""

import datetime

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before

from .models import BookingInvitation, Participant


def _midnight(day):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@rule(
    "appointments.participants",
    label=_("Rendez-vous de plus d'un an : nom et coordonnées des participants effacés"),
    covers=[
        "appointments.Participant.name",
        "appointments.Participant.email",
        "appointments.Participant.phone",
    ],
)
def participants(*, wet, today):
    old = Participant.objects.filter(appointment__ends_at__lt=_midnight(years_before(today, 1)))
    return erase(old, ["name", "email", "phone"], wet=wet)


@rule(
    "appointments.invitations",
    label=_("Liens de réservation expirés depuis plus d'un an : nom et coordonnées effacés"),
    covers=[
        "appointments.BookingInvitation.name",
        "appointments.BookingInvitation.email",
        "appointments.BookingInvitation.phone",
    ],
)
def invitations(*, wet, today):
    old = BookingInvitation.objects.filter(expires_at__lt=_midnight(years_before(today, 1)))
    return erase(old, ["name", "email", "phone"], wet=wet)
