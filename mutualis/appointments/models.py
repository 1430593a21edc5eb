"""Appointments (rendez-vous): one model for recruitment interviews and, later, insertion follow-ups.

An appointment belongs to a GE, has an organiser (a user) and participants who are users or outside
people (name and e-mail/phone). A domain that needs an appointment attaches it through the generic
`subject` link (`subject_type` = "app_label.model", `subject_id` = the object's public id), so that
this app depends on no domain above it; a domain may also add a nullable foreign key of its own.

Messages to participants (invitation, change, cancellation, reminder 48 h before) carry only the
kind, date, time, place or channel and the organiser's name — never notes or the subject's data.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES
from mutualis.core.constraints import FieldConstraintsMixin
from mutualis.core.models import TenantModel, TenantQuerySet

MAX_DURATION_MINUTES = 8 * 60

CONTACT_MISSING = "contact_missing"
CONTACT_MESSAGE = _("Indiquez un courriel ou un téléphone.")


def contact_reachable(name, *, unless=None):
    """An outside person is reachable: an e-mail or a phone (reported on the e-mail field).
    `unless`: a condition that makes the rule moot (a participant who is a user of the platform)."""
    reachable = ~Q(email="") | ~Q(phone="")
    return models.CheckConstraint(
        name=name,
        condition=reachable if unless is None else unless | reachable,
        violation_error_code=CONTACT_MISSING,
        violation_error_message=CONTACT_MESSAGE,
    )


def new_token():
    return secrets.token_urlsafe(32)


class AppointmentKind(models.TextChoices):
    INTERVIEW = "interview", _("Entretien de recrutement")
    INFORMATION = "information", _("Réunion d'information")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    FOLLOW_UP = "follow_up", _("Entretien de suivi")
    ORIENTATION = "orientation", _("Orientation")
    OTHER = "other", _("Autre rendez-vous")


class AppointmentMode(models.TextChoices):
    IN_PERSON = "in_person", _("Sur place")
    PHONE = "phone", _("Par téléphone")
    VIDEO = "video", _("En visioconférence")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    SEEN = "seen", _("Honoré")
    NO_SHOW = "no_show", _("Absent sans prévenir")
    EXCUSED = "excused", _("Excusé")
    CANCELLED = "cancelled", _("Annulé")


# Statuses recorded once the appointment has started (never before).
OUTCOME_STATUSES = frozenset({AppointmentStatus.SEEN, AppointmentStatus.NO_SHOW})


class AppointmentQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        """GE staff see the GE's appointments; anyone else those they organise or take part in."""
        if membership.role in STAFF_ROLES:
            return qs
        return self.involving(qs, membership.user_id)

    @staticmethod
    def involving(qs, user_id):
        mine = Q(organizer_id=user_id) | Q(participants__user_id=user_id)
        return qs.filter(pk__in=qs.model.objects.filter(mine).values("pk"))

    def upcoming(self, now):
        return self.filter(ends_at__gte=now).exclude(status=AppointmentStatus.CANCELLED)


ENDS_BEFORE_START = "ends_before_start"
SUBJECT_HALF_GIVEN = "subject_half_given"
PLACE_REQUIRED = _("Indiquez le numéro à appeler ou le lien de visioconférence.")


def _too_long(obj):
    return bool(
        obj.starts_at
        and obj.ends_at
        and (obj.ends_at - obj.starts_at).total_seconds() > MAX_DURATION_MINUTES * 60
    )


def _place_missing(obj):
    """A phone or video meeting says where: the number to call or the link."""
    return obj.mode in (AppointmentMode.PHONE, AppointmentMode.VIDEO) and not obj.place


class Appointment(FieldConstraintsMixin, TenantModel):
    kind = models.CharField(_("type de rendez-vous"), max_length=20, choices=AppointmentKind.choices)
    title = models.CharField(
        _("intitulé"),
        max_length=150,
        blank=True,
        help_text=_("Visible des participants : n'y mettez aucune donnée personnelle ou sociale."),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    mode = models.CharField(
        _("modalité"), max_length=20, choices=AppointmentMode.choices, default=AppointmentMode.IN_PERSON
    )
    place = models.CharField(
        _("lieu ou accès"),
        max_length=250,
        blank=True,
        help_text=_("Adresse, numéro à appeler ou lien de visioconférence."),
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisateur"),
        on_delete=models.PROTECT,
        related_name="organised_appointments",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    notes = models.TextField(
        _("notes internes"), blank=True, help_text=_("Jamais envoyées aux participants.")
    )
    # The generic link to what the appointment is about (an application, a follow-up…).
    subject_type = models.CharField(_("objet (type)"), max_length=80, blank=True)
    subject_id = models.UUIDField(_("objet (identifiant)"), null=True, blank=True)
    # iCalendar identity: one UID for the appointment's life; SEQUENCE grows with every change.
    ical_uid = models.CharField(_("UID iCalendar"), max_length=120, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(_("version iCalendar"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=250, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    CONSTRAINT_FIELDS = {ENDS_BEFORE_START: "ends_at", SUBJECT_HALF_GIVEN: "subject_type"}

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["group", "starts_at"], name="appointment_group_start"),
            models.Index(fields=["subject_type", "subject_id"], name="appointment_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                name="appointment_ends_after_start",
                condition=Q(ends_at__gt=models.F("starts_at")),
                violation_error_code=ENDS_BEFORE_START,
                violation_error_message=_("La fin du rendez-vous doit suivre son début."),
            ),
            models.CheckConstraint(
                name="appointment_subject_both_or_none",
                condition=Q(subject_type="", subject_id__isnull=True)
                | (~Q(subject_type="") & Q(subject_id__isnull=False)),
                violation_error_code=SUBJECT_HALF_GIVEN,
                violation_error_message=_("Un objet lié a un type et un identifiant."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self.ical_uid:
            self.ical_uid = f"{self.public_id}@mutualis"
        super().save(*args, **kwargs)

    @property
    def is_cancelled(self):
        return self.status == AppointmentStatus.CANCELLED

    @property
    def duration_minutes(self):
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def display_title(self):
        return self.title or self.get_kind_display()

    def clean(self):
        # An end before the start and a half-given subject: the constraints (`CONSTRAINT_FIELDS`).
        errors = {}
        if _too_long(self):
            errors["ends_at"] = _("Un rendez-vous dure au plus 8 heures.")
        if _place_missing(self):
            errors["place"] = PLACE_REQUIRED
        if errors:
            raise ValidationError(errors)


class Participant(FieldConstraintsMixin, models.Model):
    """Someone invited: a user of the platform, or an outside person known by name and contact."""

    PERSONAL_DATA = {
        "name": _("supprimé 1 an après le rendez-vous"),
        "email": _("supprimé 1 an après le rendez-vous"),
        "phone": _("supprimé 1 an après le rendez-vous"),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("rendez-vous"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment_participations",
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    sms_opt_in = models.BooleanField(_("accepte les SMS"), default=False)

    CONSTRAINT_FIELDS = {CONTACT_MISSING: "email"}

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["id"]
        constraints = [
            contact_reachable("participant_reachable", unless=Q(user__isnull=False)),
            models.UniqueConstraint(
                fields=["appointment", "user"],
                condition=Q(user__isnull=False),
                name="participant_unique_user",
                violation_error_message=_("Cette personne participe déjà à ce rendez-vous."),
            ),
        ]

    def __str__(self):
        return self.name


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    SMS = "sms", _("SMS")


class MessageEvent(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    UPDATE = "update", _("Modification")
    CANCELLATION = "cancellation", _("Annulation")
    REMINDER = "reminder", _("Rappel")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")


class AppointmentMessage(models.Model):
    """A receipt: one message sent (or attempted) to one participant, through one channel."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("rendez-vous"), on_delete=models.CASCADE, related_name="messages"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("canal"), max_length=10, choices=MessageChannel.choices)
    event = models.CharField(_("événement"), max_length=20, choices=MessageEvent.choices)
    provider = models.CharField(_("fournisseur"), max_length=80)
    provider_message_id = models.CharField(_("référence du fournisseur"), max_length=120, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=DeliveryStatus.choices)
    error = models.CharField(_("erreur"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("message de rendez-vous")
        verbose_name_plural = _("messages de rendez-vous")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.get_event_display()} ({self.get_channel_display()})"


class CalendarFeed(models.Model):
    """A user's secret calendar address (https or webcal): their appointments, in any GE."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointment_feeds"
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active",
                violation_error_message=_("Cette personne a déjà une adresse d'agenda active."),
            )
        ]

    def __str__(self):
        return str(self.user)


# --- Self-service booking ------------------------------------------------------------------------


class AvailabilitySlotQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        return qs.filter(owner_id=membership.user_id)

    def free(self, now):
        return self.filter(appointment__isnull=True, starts_at__gt=now)


class AvailabilitySlot(FieldConstraintsMixin, TenantModel):
    """A time a staff member publishes as free: a person with an invitation link may book it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reçu par"),
        on_delete=models.CASCADE,
        related_name="availability_slots",
    )
    kind = models.CharField(_("type de rendez-vous"), max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    mode = models.CharField(
        _("modalité"), max_length=20, choices=AppointmentMode.choices, default=AppointmentMode.IN_PERSON
    )
    place = models.CharField(_("lieu ou accès"), max_length=250, blank=True)
    appointment = models.OneToOneField(
        Appointment,
        verbose_name=_("rendez-vous réservé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booked_slot",
    )

    objects = AvailabilitySlotQuerySet.as_manager()

    CONSTRAINT_FIELDS = {ENDS_BEFORE_START: "ends_at"}

    class Meta:
        verbose_name = _("créneau disponible")
        verbose_name_plural = _("créneaux disponibles")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="availability_ends_after_start",
                condition=Q(ends_at__gt=models.F("starts_at")),
                violation_error_code=ENDS_BEFORE_START,
                violation_error_message=_("La fin du créneau doit suivre son début."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def clean(self):
        # An end before the start: the constraint (`CONSTRAINT_FIELDS`).
        errors = {}
        if _too_long(self):
            errors["ends_at"] = _("Un créneau dure au plus 8 heures.")
        if _place_missing(self):
            errors["place"] = PLACE_REQUIRED
        if errors:
            raise ValidationError(errors)


class BookingInvitationQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        return qs.filter(owner_id=membership.user_id)


class BookingInvitation(FieldConstraintsMixin, TenantModel):
    """A link sent to one person: they pick one of the owner's free slots of that kind."""

    PERSONAL_DATA = {
        "name": _("supprimé 1 an après l'expiration du lien"),
        "email": _("supprimé 1 an après l'expiration du lien"),
        "phone": _("supprimé 1 an après l'expiration du lien"),
    }

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reçu par"),
        on_delete=models.CASCADE,
        related_name="booking_invitations",
    )
    kind = models.CharField(_("type de rendez-vous"), max_length=20, choices=AppointmentKind.choices)
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_token, editable=False)
    name = models.CharField(_("nom de la personne invitée"), max_length=150)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    subject_type = models.CharField(_("objet (type)"), max_length=80, blank=True)
    subject_id = models.UUIDField(_("objet (identifiant)"), null=True, blank=True)
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    appointment = models.OneToOneField(
        Appointment,
        verbose_name=_("rendez-vous réservé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BookingInvitationQuerySet.as_manager()

    CONSTRAINT_FIELDS = {CONTACT_MISSING: "email"}

    class Meta:
        verbose_name = _("invitation à réserver")
        verbose_name_plural = _("invitations à réserver")
        ordering = ["-created_at", "-id"]
        constraints = [contact_reachable("booking_invitation_reachable")]

    def __str__(self):
        return f"{self.name} — {self.get_kind_display()}"
