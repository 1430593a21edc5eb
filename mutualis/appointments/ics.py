"""iCalendar (RFC 5545) for appointments: one UID for an appointment's whole life, SEQUENCE raised on
every change, METHOD:CANCEL once cancelled. PUBLISH (not REQUEST) so that invitees get no RSVP
prompt; times in Europe/Paris with their TZID."""

import datetime as dt
import zoneinfo

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AppointmentMode, AppointmentStatus

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Mutualis//Rendez-vous//FR"


def _calendar(method, name=None):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def location(appointment):
    """What the participants read as the place: an address, or the channel and its access."""
    if appointment.mode == AppointmentMode.IN_PERSON:
        return appointment.place
    label = appointment.get_mode_display()
    return f"{label} : {appointment.place}" if appointment.place else label


def event(appointment):
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    item = icalendar.Event()
    item.add("uid", appointment.ical_uid)
    item.add("sequence", appointment.ical_sequence)
    item.add("dtstamp", timezone.now().astimezone(dt.UTC))
    item.add("dtstart", appointment.starts_at.astimezone(PARIS))
    item.add("dtend", appointment.ends_at.astimezone(PARIS))
    # Only the kind and the organiser's name: never the notes or what the appointment is about.
    item.add(
        "summary",
        _("%(title)s avec %(organizer)s")
        % {"title": appointment.display_title, "organizer": appointment.organizer.get_full_name() or ""},
    )
    place = location(appointment)
    if place:
        item.add("location", place)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item


def appointment_ics(appointment):
    """The .ics file of one appointment, as sent with messages and downloaded from its page."""
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(event(appointment))
    return calendar.to_ical()


def feed_ics(appointments, name):
    """A subscribed calendar: every appointment of the user, cancelled ones marked as such."""
    calendar = _calendar("PUBLISH", name)
    for appointment in appointments:
        calendar.add_component(event(appointment))
    return calendar.to_ical()
