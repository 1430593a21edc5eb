"""Recruitment: job offers made from an accepted position, the candidate pool, applications and their
logged transitions. The hire itself (employee, CDI, assignments) is `services.hire`.

Week times (schedules, availability windows) are minutes from Monday 00:00, as in the engine and the
positions (0 to 11 520: a block may end on the next Monday morning)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.core.constraints import (
    COORDINATES_PAIR,
    FieldConstraintsMixin,
    coordinates_both_or_none,
    latitude_field,
    longitude_field,
    missing_coordinate,
)
from mutualis.core.models import TenantModel, TenantQuerySet
from mutualis.needs.timeline import format_duration

from .wages import validate_minimum_wage

MIN_WEEKLY_MINUTES = 60  # 1 h
MAX_WEEKLY_MINUTES = 48 * 60  # the legal weekly maximum
# Violation codes of the constraints whose message services also give (`constraint_message`).
HOURS_RANGE_REVERSED = "hours_range_reversed"
PAY_RANGE_REVERSED = "pay_range_reversed"
WEEKLY_HOURS_OUT_OF_RANGE = "weekly_hours_out_of_range"
OFFER_ALREADY_LIVE = "offer_already_live"
APPLIED_TWICE = "applied_twice"
REFUSAL_WITHOUT_REASON = "refusal_without_reason"
WEEK_END = 11_520  # Monday 00:00 + 8 days: a block starting on Sunday may end on Monday


def validate_week_ranges(value):
    """A list of {"start", "end"} in minutes of the week, each end after its start."""
    if not isinstance(value, list):
        raise ValidationError(_("Une liste de plages est attendue."))
    for line, item in enumerate(value, start=1):
        try:
            start, end = int(item["start"]), int(item["end"])
        except (TypeError, KeyError, ValueError):
            raise ValidationError(
                _("Plage %(line)d : début et fin (minutes depuis lundi 0 h) sont attendus.") % {"line": line}
            ) from None
        if not (0 <= start < end <= WEEK_END):
            raise ValidationError(
                _("Plage %(line)d : la fin doit suivre le début, dans la semaine.") % {"line": line}
            )


# --- Offers ---------------------------------------------------------------------------------------


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    PAUSED = "paused", _("Suspendue")
    FILLED = "filled", _("Pourvue")
    CLOSED = "closed", _("Close")


LIVE_OFFER_STATUSES = (OfferStatus.DRAFT, OfferStatus.PUBLISHED, OfferStatus.PAUSED)
# The offer's state machine: from -> allowed targets (filled is reached only through a hire).
OFFER_TRANSITIONS = {
    OfferStatus.DRAFT: {OfferStatus.PUBLISHED, OfferStatus.CLOSED},
    OfferStatus.PUBLISHED: {OfferStatus.PAUSED, OfferStatus.CLOSED, OfferStatus.FILLED},
    OfferStatus.PAUSED: {OfferStatus.PUBLISHED, OfferStatus.CLOSED, OfferStatus.FILLED},
    OfferStatus.FILLED: set(),
    OfferStatus.CLOSED: set(),
}


class JobOfferQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(position__members=membership.member_id).distinct()
        if membership.role == Role.PARTNER:
            # A partner sends candidates to the GE's open offers.
            return qs.filter(status__in=(OfferStatus.PUBLISHED, OfferStatus.PAUSED))
        return qs.none()

    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)


class JobOffer(FieldConstraintsMixin, TenantModel):
    """A job offer for one accepted position: what the public page shows and candidates apply to."""

    position = models.ForeignKey(
        "needs.Position", verbose_name=_("poste"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True)
    description = models.TextField(_("présentation du poste"), blank=True)
    weekly_minutes = models.PositiveIntegerField(
        _("durée hebdomadaire (minutes)"),
        validators=[MinValueValidator(MIN_WEEKLY_MINUTES), MaxValueValidator(MAX_WEEKLY_MINUTES)],
    )
    schedule = models.JSONField(_("semaine type"), default=list, blank=True)
    show_member_names = models.BooleanField(
        _("nommer les adhérents et les lieux"),
        default=False,
        help_text=_("Sinon, l'offre ne montre que les communes des lieux de travail."),
    )
    pay_min = models.DecimalField(
        _("salaire horaire brut minimum (€)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    pay_max = models.DecimalField(
        _("salaire horaire brut maximum (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start_date = models.DateField(_("date de prise de poste"))
    status = models.CharField(
        _("statut"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    # Last change made by the GE (edits, publication): offers without one for 90 days are unpublished.
    last_activity_at = models.DateTimeField(_("dernière mise à jour"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = JobOfferQuerySet.as_manager()

    CONSTRAINT_FIELDS = {
        OFFER_ALREADY_LIVE: "position",
        PAY_RANGE_REVERSED: "pay_max",
        WEEKLY_HOURS_OUT_OF_RANGE: "weekly_minutes",
    }

    class Meta:
        verbose_name = _("offre d'emploi")
        verbose_name_plural = _("offres d'emploi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(status__in=["draft", "published", "paused"]),
                name="job_offer_one_live_per_position",
                violation_error_code=OFFER_ALREADY_LIVE,
                violation_error_message=_("Ce poste a déjà une offre en cours."),
            ),
            models.CheckConstraint(
                name="job_offer_pay_range_ordered",
                condition=Q(pay_max__isnull=True) | Q(pay_max__gte=models.F("pay_min")),
                violation_error_code=PAY_RANGE_REVERSED,
                violation_error_message=_("Le salaire maximum est inférieur au minimum."),
            ),
            models.CheckConstraint(
                name="job_offer_weekly_hours_1_48",
                condition=Q(weekly_minutes__gte=MIN_WEEKLY_MINUTES, weekly_minutes__lte=MAX_WEEKLY_MINUTES),
                violation_error_code=WEEKLY_HOURS_OUT_OF_RANGE,
                violation_error_message=_("La durée hebdomadaire doit être comprise entre 1 h et 48 h."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.weekly_hours})"

    @property
    def weekly_hours(self):
        return format_duration(self.weekly_minutes)

    @property
    def is_live(self):
        return self.status in LIVE_OFFER_STATUSES

    def clean(self):
        errors = {}
        if self.pay_min is not None:
            try:
                validate_minimum_wage(self.pay_min, self.start_date)
            except ValidationError as exc:
                errors["pay_min"] = exc.messages
        try:
            validate_week_ranges(self.schedule)
        except ValidationError as exc:
            errors["schedule"] = exc.messages
        if errors:
            raise ValidationError(errors)


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Requise")
    DESIRED = "desired", _("Souhaitée")


class OfferSkill(models.Model):
    """A skill the offer asks for, with its weight (1 to 3) and the level wanted (1 to 4)."""

    offer = models.ForeignKey(
        JobOffer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.ForeignKey(
        "employees.Skill", verbose_name=_("compétence"), on_delete=models.PROTECT, related_name="+"
    )
    requirement = models.CharField(
        _("exigence"), max_length=10, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    weight = models.PositiveSmallIntegerField(
        _("poids"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    level = models.PositiveSmallIntegerField(
        _("niveau attendu"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("compétence de l'offre")
        verbose_name_plural = _("compétences de l'offre")
        ordering = ["requirement", "-weight", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "skill"],
                name="offer_skill_unique",
                violation_error_message=_("Cette compétence figure déjà dans l'offre."),
            ),
            models.CheckConstraint(
                name="offer_skill_weight_1_3",
                condition=Q(weight__gte=1, weight__lte=3),
                violation_error_message=_("Le poids va de 1 à 3."),
            ),
        ]

    def __str__(self):
        return f"{self.skill} ({self.get_requirement_display()}, {self.weight})"


# --- Candidates -----------------------------------------------------------------------------------


class CandidateSource(models.TextChoices):
    SPONTANEOUS = "spontaneous", _("Candidature en ligne")
    PARTNER = "partner", _("Orienté par un partenaire")
    EMPLOYEE = "employee", _("Salarié du GE (plus d'heures)")
    STAFF = "staff", _("Saisi par le GE")
    EXCHANGE = "exchange", _("Bourse d'emplois entre GE (anonyme)")


class CandidateQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.PARTNER:
            return qs.filter(sent_by_id=membership.user_id)
        return qs.none()

    def in_pool(self, on):
        return self.filter(pool_consent_until__gte=on)


class Candidate(FieldConstraintsMixin, TenantModel):
    """A person in the GE's candidate pool (an applicant, someone sent by a partner, an employee)."""

    PERSONAL_DATA = {
        "first_name": _(
            "jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"
        ),
        "last_name": _("jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"),
        "email": _("jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"),
        "phone": _("jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"),
        "city": _("jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"),
        "latitude": _("jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"),
        "longitude": _("jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"),
        "availability": _(
            "jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"
        ),
        "notes": _("jusqu'à la fin du consentement au vivier, sinon 2 ans après la dernière candidature"),
    }

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    city = models.CharField(_("commune"), max_length=120, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    travel_km = models.PositiveSmallIntegerField(
        _("distance acceptée (km)"), null=True, blank=True, validators=[MaxValueValidator(300)]
    )
    weekly_minutes_min = models.PositiveIntegerField(
        _("heures souhaitées, minimum (minutes)"), null=True, blank=True, validators=[MaxValueValidator(2880)]
    )
    weekly_minutes_max = models.PositiveIntegerField(
        _("heures souhaitées, maximum (minutes)"), null=True, blank=True, validators=[MaxValueValidator(2880)]
    )
    availability = models.JSONField(
        _("disponibilités"),
        default=list,
        blank=True,
        validators=[validate_week_ranges],
        help_text=_("Plages de la semaine ; vide : disponible à tout moment."),
    )
    source = models.CharField(
        _("origine"), max_length=20, choices=CandidateSource.choices, default=CandidateSource.STAFF
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié du GE"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("orienté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sharing_consent = models.BooleanField(
        _("consentement au partage avec le GE"),
        default=False,
        help_text=_("Recueilli par le partenaire qui oriente la personne."),
    )
    pool_consent_until = models.DateField(
        _("dans le vivier jusqu'au"),
        null=True,
        blank=True,
        help_text=_(
            "La personne accepte que le GE garde sa candidature pour d'autres postes jusqu'à cette date."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    skills = models.ManyToManyField(
        "employees.Skill", through="CandidateSkill", verbose_name=_("compétences"), related_name="+"
    )

    objects = CandidateQuerySet.as_manager()

    CONSTRAINT_FIELDS = {
        HOURS_RANGE_REVERSED: "weekly_minutes_max",
        COORDINATES_PAIR: missing_coordinate,
    }

    class Meta:
        verbose_name = _("candidat")
        verbose_name_plural = _("candidats")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                name="candidate_hours_range_ordered",
                condition=Q(weekly_minutes_min__isnull=True)
                | Q(weekly_minutes_max__isnull=True)
                | Q(weekly_minutes_max__gte=models.F("weekly_minutes_min")),
                violation_error_code=HOURS_RANGE_REVERSED,
                violation_error_message=_("Le maximum d'heures souhaitées est inférieur au minimum."),
            ),
            coordinates_both_or_none("candidate_coordinates_both_or_none"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return str(self)

    @property
    def initials_name(self):
        """What a member contact sees: first name and initial, no contact details."""
        return f"{self.first_name} {self.last_name[:1]}."

    def clean(self):
        errors = {}
        for name in ("weekly_minutes_min", "weekly_minutes_max"):
            value = getattr(self, name)
            if value is not None and not (MIN_WEEKLY_MINUTES <= value <= MAX_WEEKLY_MINUTES):
                errors[name] = _("Les heures souhaitées vont de 1 h à 48 h par semaine.")
        if errors:
            raise ValidationError(errors)


class CandidateSkill(models.Model):
    """A skill of a candidate, with a level from 1 (notions) to 4 (expert)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="skill_levels"
    )
    skill = models.ForeignKey("employees.Skill", verbose_name=_("compétence"), on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(
        _("niveau"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("compétence du candidat")
        verbose_name_plural = _("compétences du candidat")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "skill"],
                name="candidate_skill_unique",
                violation_error_message=_("Cette compétence figure déjà pour ce candidat."),
            ),
        ]

    def __str__(self):
        return f"{self.skill} ({self.level})"


# --- Applications ---------------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    SCREENING = "screening", _("En étude")
    INTERVIEW = "interview", _("Entretien")
    PRIOR_TO_HIRE = "prior_to_hire", _("Avant embauche")
    HIRED = "hired", _("Embauché")
    REFUSED = "refused", _("Refusée")
    WITHDRAWN = "withdrawn", _("Retirée")
    OBSOLETE = "obsolete", _("Embauché ailleurs / caduque")


OPEN_APPLICATION_STATUSES = (
    ApplicationStatus.NEW,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.PRIOR_TO_HIRE,
)
_CLOSING = {ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN, ApplicationStatus.OBSOLETE}
# from -> allowed targets. `hired` is reached only through `services.hire` (it creates the contract).
APPLICATION_TRANSITIONS = {
    ApplicationStatus.NEW: {ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED}
    | _CLOSING,
    ApplicationStatus.SCREENING: {
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.PRIOR_TO_HIRE,
        ApplicationStatus.HIRED,
    }
    | _CLOSING,
    ApplicationStatus.INTERVIEW: {
        ApplicationStatus.SCREENING,
        ApplicationStatus.PRIOR_TO_HIRE,
        ApplicationStatus.HIRED,
    }
    | _CLOSING,
    ApplicationStatus.PRIOR_TO_HIRE: {ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED} | _CLOSING,
    ApplicationStatus.HIRED: set(),
    ApplicationStatus.REFUSED: set(),
    ApplicationStatus.WITHDRAWN: set(),
    ApplicationStatus.OBSOLETE: set(),
}


class RefusalReason(models.TextChoices):
    # The list of les emplois de l'inclusion, plus the two reasons matching makes visible.
    DID_NOT_COME = "did_not_come", _("Ne s'est pas présenté à l'entretien")
    UNAVAILABLE = "unavailable", _("Candidat indisponible ou non intéressé")
    HIRED_ELSEWHERE = "hired_elsewhere", _("A trouvé un autre emploi")
    LACKING_SKILLS = "lacking_skills", _("Compétences insuffisantes pour le poste")
    INCOMPATIBLE_SCHEDULE = "schedule_incompatible", _("Horaires incompatibles")
    TOO_FAR = "too_far", _("Lieux de travail trop éloignés")
    POSITION_FILLED = "position_filled", _("Poste pourvu par une autre candidature")
    NO_POSITION = "no_position", _("Plus de poste à pourvoir")
    OTHER = "other", _("Autre motif (précisé dans le message)")


class ApplicationQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            # The shortlist of the positions at their member (contact details are hidden by the pages).
            return qs.filter(
                offer__position__members=membership.member_id,
                status__in=(
                    ApplicationStatus.INTERVIEW,
                    ApplicationStatus.PRIOR_TO_HIRE,
                    ApplicationStatus.HIRED,
                ),
            ).distinct()
        if membership.role == Role.PARTNER:
            return qs.filter(candidate__sent_by_id=membership.user_id)
        return qs.none()

    def open(self):
        return self.filter(status__in=OPEN_APPLICATION_STATUSES)


def cv_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"recruitment/cv/{instance.group_id}/{uuid.uuid4().hex}.{extension}"


class Application(FieldConstraintsMixin, TenantModel):
    """A candidate's application to one offer, moved through its states by the GE."""

    PERSONAL_DATA = {
        "cv": _("2 ans après la dernière décision, sauf consentement au vivier"),
        "cover_letter": _("2 ans après la dernière décision, sauf consentement au vivier"),
        "message_to_candidate": _("2 ans après la dernière décision, sauf consentement au vivier"),
    }

    offer = models.ForeignKey(
        JobOffer, verbose_name=_("offre"), on_delete=models.PROTECT, related_name="applications"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW
    )
    cover_letter = models.TextField(_("message de candidature"), blank=True)
    cv = models.FileField(_("CV"), upload_to=cv_upload_to, max_length=200, blank=True)
    cv_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    refusal_reason = models.CharField(
        _("motif du refus"), max_length=30, choices=RefusalReason.choices, blank=True
    )
    message_to_candidate = models.TextField(_("message au candidat"), blank=True)
    status_changed_at = models.DateTimeField(_("dernier changement de statut"), null=True, blank=True)
    hiring_start_date = models.DateField(_("date d'embauche"), null=True, blank=True)
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié embauché"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contract = models.ForeignKey(
        "employees.Contract",
        verbose_name=_("contrat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    CONSTRAINT_FIELDS = {APPLIED_TWICE: "candidate", REFUSAL_WITHOUT_REASON: "refusal_reason"}

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "candidate"],
                name="application_unique_candidate_offer",
                violation_error_code=APPLIED_TWICE,
                violation_error_message=_("Ce candidat a déjà une candidature sur cette offre."),
            ),
            models.CheckConstraint(
                name="application_refusal_has_reason",
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                violation_error_code=REFUSAL_WITHOUT_REASON,
                violation_error_message=_("Choisissez le motif du refus."),
            ),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.offer.title}"

    @property
    def is_open(self):
        return self.status in OPEN_APPLICATION_STATUSES

    def allowed_targets(self):
        return APPLICATION_TRANSITIONS.get(self.status, set())


class ApplicationTransitionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Application transitions are append-only.")

    def delete(self):
        raise PermissionError("Application transitions are append-only.")


class ApplicationTransition(models.Model):
    """One logged state change of an application (append-only)."""

    application = models.ForeignKey(
        Application, verbose_name=_("candidature"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("de"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("vers"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("auteur"), max_length=150)
    note = models.CharField(_("note"), max_length=250, blank=True)
    at = models.DateTimeField(_("le"), auto_now_add=True)

    objects = ApplicationTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("Application transitions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Application transitions are append-only.")
