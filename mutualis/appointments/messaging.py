"""Sending appointment messages through pluggable senders.

`settings.MUTUALIS_APPOINTMENT_SENDERS` maps a channel (`email`, `sms`) to a sender class path. The
default e-mail sender goes through Django's mail (console backend by default, SMTP in production);
SMS are off unless a provider is configured (`ConsoleSmsSender` prints them, for development). A
sender returns a `Receipt`; a failure is recorded, never raised to the person who acted.

What a message may say is decided here, in one place (`compose`): the kind, the date and time, the
place or channel and the organiser's name. Never the notes, the subject (an application, a
follow-up) or anything about the person's situation.
"""

import dataclasses
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import formats, timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import ics
from .models import MessageChannel, MessageEvent

logger = logging.getLogger(__name__)

DEFAULT_SENDERS = {MessageChannel.EMAIL: "mutualis.appointments.messaging.EmailSender"}
# French mobiles only (06, 07, +336, +337): SMS to landlines are lost.
MOBILE = re.compile(r"^(?:\+33|0033|0)[67]\d{8}$")
SMS_MAX_CHARS = 2 * 153  # two concatenated GSM-7 segments


@dataclasses.dataclass(frozen=True)
class Message:
    channel: str
    event: str
    to: str
    subject: str
    body: str
    attachment: bytes | None = None


@dataclasses.dataclass(frozen=True)
class Receipt:
    ok: bool
    provider: str
    message_id: str = ""
    error: str = ""


class EmailSender:
    name = "django-mail"

    def send(self, message):
        email = EmailMessage(message.subject, message.body, None, [message.to])
        if message.attachment:
            email.attach("rendez-vous.ics", message.attachment, "text/calendar; charset=utf-8")
        email.send()
        return Receipt(ok=True, provider=self.name)


class ConsoleSmsSender:
    """Prints the SMS (development); a real provider implements the same `send`."""

    name = "console-sms"

    def send(self, message):
        logger.info("SMS à %s : %s", message.to, message.body)
        print(f"SMS à {message.to} : {message.body}")
        return Receipt(ok=True, provider=self.name)


def senders():
    configured = getattr(settings, "MUTUALIS_APPOINTMENT_SENDERS", None) or DEFAULT_SENDERS
    return {channel: import_string(path)() for channel, path in configured.items() if path}


def is_mobile(phone):
    return bool(MOBILE.match(re.sub(r"[\s.\-]", "", phone or "")))


def _when(appointment):
    start = timezone.localtime(appointment.starts_at)
    end = timezone.localtime(appointment.ends_at)
    return _("le %(day)s de %(start)s à %(end)s") % {
        "day": formats.date_format(start, "l j F Y"),
        "start": start.strftime("%H h %M"),
        "end": end.strftime("%H h %M"),
    }


SUBJECTS = {
    MessageEvent.INVITATION: _lazy("Rendez-vous : %(title)s, %(when)s"),
    MessageEvent.UPDATE: _lazy("Rendez-vous modifié : %(title)s, %(when)s"),
    MessageEvent.CANCELLATION: _lazy("Rendez-vous annulé : %(title)s, %(when)s"),
    MessageEvent.REMINDER: _lazy("Rappel de rendez-vous : %(title)s, %(when)s"),
}


def compose(appointment, event, channel, to):
    """The one place that decides what a message says (see the module's docstring)."""
    params = {
        "title": appointment.display_title,
        "when": _when(appointment),
        "organizer": appointment.organizer.get_full_name() or appointment.organizer.get_username(),
        "group": appointment.group.name,
        "place": ics.location(appointment) or _("à préciser"),
    }
    subject = str(SUBJECTS[event]) % params
    if event == MessageEvent.CANCELLATION:
        lines = _("Votre rendez-vous « %(title)s » %(when)s avec %(organizer)s (%(group)s) est annulé.")
    else:
        lines = _(
            "Votre rendez-vous « %(title)s » avec %(organizer)s (%(group)s) a lieu %(when)s.\n"
            "Lieu ou accès : %(place)s."
        )
    if channel == MessageChannel.SMS:
        body = (lines % params).replace("\n", " ")[:SMS_MAX_CHARS]
        return Message(channel, event, to, subject, body)
    body = _("Bonjour,\n\n%(lines)s\n\nCeci est un message automatique de Mutualis.") % {
        "lines": lines % params
    }
    return Message(channel, event, to, subject, body, attachment=ics.appointment_ics(appointment))


def send_to_participants(appointment, event, participants=None):
    """Send `event` to each participant by e-mail, and by SMS when they accepted it on a mobile.
    Returns the receipts recorded (AppointmentMessage rows)."""
    from .models import AppointmentMessage, DeliveryStatus

    available = senders()
    recorded = []
    for participant in participants if participants is not None else appointment.participants.all():
        if participant.user_id == appointment.organizer_id:
            continue
        targets = []
        if participant.email and MessageChannel.EMAIL in available:
            targets.append((MessageChannel.EMAIL, participant.email))
        if participant.sms_opt_in and is_mobile(participant.phone) and MessageChannel.SMS in available:
            targets.append((MessageChannel.SMS, participant.phone))
        for channel, to in targets:
            sender = available[channel]
            message = compose(appointment, event, channel, to)
            try:
                receipt = sender.send(message)
            except Exception as exc:  # a provider's failure is recorded, the action goes on
                logger.exception("Appointment message failed")
                receipt = Receipt(ok=False, provider=getattr(sender, "name", channel), error=str(exc)[:500])
            recorded.append(
                AppointmentMessage.objects.create(
                    appointment=appointment,
                    participant=participant,
                    channel=channel,
                    event=event,
                    provider=receipt.provider,
                    provider_message_id=receipt.message_id,
                    status=DeliveryStatus.SENT if receipt.ok else DeliveryStatus.FAILED,
                    error=receipt.error,
                )
            )
    return recorded
