"""Insertion journeys: the person accompanied, the shared diagnostic, the follow-up (carnet de bord),
consents and the log of who read what (see docs/insertion.md).

A person's record is not a GE's tenant row: it is held by one structure — an outside organisation
(`organisations.Organisation`) or a GE — and every other structure reads it only under a consent grant
(`mutualis.insertion.consents`).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualis.core.constraints import FieldConstraintsMixin
from mutualis.core.dates import add_months

from .enums import (
    ActionStatus,
    ConstraintStatus,
    CorrectionStatus,
    DiagnosticStatus,
    EducationLevel,
    ExitOutcome,
    FollowUpStatus,
    GivenVia,
    LinkedContract,
    MemberRole,
    ObjectiveStatus,
    Part,
    Purpose,
    ReviewDecision,
    ReviewStatus,
    TaskKind,
    TemplateStatus,
    Theme,
)

ERASED = "—"
RULE_PERSON = _("anonymisé 24 mois après la dernière activité du parcours (avis 30 jours avant)")
RULE_LOG = _("supprimé 12 mois après la consultation")


class PublicIdModel(models.Model):
    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        abstract = True


def holder_constraint(prefix):
    return models.CheckConstraint(
        name=f"{prefix}_one_holder",
        condition=Q(organisation__isnull=False, group__isnull=True)
        | Q(organisation__isnull=True, group__isnull=False),
        violation_error_message=_("Indiquez une organisation ou un groupement, pas les deux."),
    )


# --- The person ----------------------------------------------------------------------------------


class Beneficiary(PublicIdModel):
    """A person accompanied towards employment, held by one structure (an organisation or a GE)."""

    PERSONAL_DATA = {
        "first_name": RULE_PERSON,
        "last_name": RULE_PERSON,
        "birth_date": RULE_PERSON,
        "email": RULE_PERSON,
        "phone": RULE_PERSON,
        "address": RULE_PERSON,
        "postcode": RULE_PERSON,
        "city": RULE_PERSON,
        "employment_service_id": RULE_PERSON,
        "education_level": RULE_PERSON,
        "rights": RULE_PERSON,
        "driving_licence": RULE_PERSON,
        "has_vehicle": RULE_PERSON,
        "mobility_radius_km": RULE_PERSON,
        "situation_notes": RULE_PERSON,
    }

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("structure qui accompagne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="beneficiaries",
    )
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement qui accompagne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte de la personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="beneficiary",
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=120, blank=True)
    employment_service_id = models.CharField(_("identifiant demandeur d'emploi"), max_length=20, blank=True)
    education_level = models.CharField(
        _("niveau de formation"),
        max_length=20,
        choices=EducationLevel.choices,
        default=EducationLevel.UNKNOWN,
    )
    rights = models.JSONField(_("droits ouverts"), default=list, blank=True)
    driving_licence = models.BooleanField(_("permis B"), default=False)
    has_vehicle = models.BooleanField(_("véhicule"), default=False)
    mobility_radius_km = models.PositiveSmallIntegerField(_("rayon de mobilité (km)"), null=True, blank=True)
    situation_notes = models.TextField(_("situation (notes)"), blank=True)
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié (après embauche par un GE)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The link to a recruitment candidate is added by the recruitment domain (docs/insertion.md).
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("personne accompagnée")
        verbose_name_plural = _("personnes accompagnées")
        ordering = ["last_name", "first_name", "id"]
        constraints = [holder_constraint("beneficiary")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        from .enums import Right

        unknown = [r for r in self.rights or [] if r not in Right.values]
        if unknown:
            raise ValidationError({"rights": _("Droit inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}})

    @property
    def holder(self):
        return self.organisation or self.group

    @property
    def holder_name(self):
        return self.holder.name if self.holder else ""


# --- Diagnostic ----------------------------------------------------------------------------------


class DiagnosticTemplate(PublicIdModel):
    """One version of the shared diagnostic model. A published version never changes."""

    code = models.SlugField(_("code du modèle"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=200)
    status = models.CharField(
        _("statut"), max_length=20, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    schema = models.JSONField(_("sections et questions"), default=dict)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("modèle de diagnostic")
        verbose_name_plural = _("modèles de diagnostic")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="diagnostic_template_unique_version",
                violation_error_message=_("Cette version du modèle existe déjà."),
            )
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def clean(self):
        from .diagnostics import validate_schema

        validate_schema(self.schema)
        if self.pk:
            stored = DiagnosticTemplate.objects.filter(pk=self.pk).values("status", "schema", "title").first()
            if stored and stored["status"] != TemplateStatus.DRAFT:
                changed = stored["schema"] != self.schema or stored["title"] != self.title
                going_back = self.status == TemplateStatus.DRAFT
                if changed or going_back:
                    raise ValidationError(
                        {
                            "schema": _(
                                "Une version publiée du modèle ne change plus : créez une nouvelle version."
                            )
                        }
                    )

    @property
    def questions(self):
        from .diagnostics import questions_of

        return questions_of(self.schema)


class Diagnostic(PublicIdModel):
    """One version of a person's diagnostic, against one template version; an update is a new row."""

    PERSONAL_DATA = {
        "answers": RULE_PERSON,
        "constraints": RULE_PERSON,
        "needs": RULE_PERSON,
        "summary": RULE_PERSON,
    }

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="diagnostics")
    template = models.ForeignKey(
        DiagnosticTemplate, verbose_name=_("modèle"), on_delete=models.PROTECT, related_name="diagnostics"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("statut"), max_length=20, choices=DiagnosticStatus.choices, default=DiagnosticStatus.COMPLETED
    )
    answers = models.JSONField(_("réponses"), default=dict)
    constraints = models.JSONField(_("freins"), default=list, blank=True)
    needs = models.JSONField(_("besoins"), default=list, blank=True)
    summary = models.TextField(_("synthèse"), blank=True)
    co_built = models.BooleanField(_("construit avec la personne"), default=True)
    content_hash = models.CharField(_("empreinte"), max_length=64, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(_("auteur"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        ordering = ["beneficiary", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "version"],
                name="diagnostic_unique_version",
                violation_error_message=_("Cette version du diagnostic existe déjà."),
            )
        ]

    def __str__(self):
        return _("Diagnostic v%(version)d de %(person)s") % {
            "version": self.version,
            "person": self.beneficiary,
        }

    def clean(self):
        from .diagnostics import validate_answers

        if self.template_id and self.template.status != TemplateStatus.PUBLISHED and not self.pk:
            raise ValidationError({"template": _("Un diagnostic se fait sur une version publiée du modèle.")})
        if self.template_id:
            validate_answers(self.template.schema, self.answers)


# --- Follow-up (carnet de bord) --------------------------------------------------------------------


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=FollowUpStatus.CLOSED)


class FollowUp(PublicIdModel):
    """The one follow-up (carnet de bord) of a person: members, plan, timeline, states."""

    PERSONAL_DATA = {
        "hire_employer": RULE_PERSON,
        "hire_job_title": RULE_PERSON,
        "exit_outcome": RULE_PERSON,
        "exit_note": RULE_PERSON,
        "outcome_6m": RULE_PERSON,
        "outcome_6m_note": RULE_PERSON,
    }
    POST_HIRE_MONTHS = 6
    OUTCOME_AFTER_MONTHS = 6

    beneficiary = models.OneToOneField(Beneficiary, on_delete=models.CASCADE, related_name="follow_up")
    status = models.CharField(
        _("état"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.ACTIVE
    )
    started_on = models.DateField(_("début de l'accompagnement"), default=timezone.localdate)
    hired_on = models.DateField(_("date d'embauche"), null=True, blank=True)
    hire_employer = models.CharField(_("employeur"), max_length=200, blank=True)
    hire_job_title = models.CharField(_("emploi"), max_length=200, blank=True)
    hire_contract = models.CharField(_("contrat"), max_length=20, choices=ExitOutcome.choices, blank=True)
    post_hire_until = models.DateField(_("fin du suivi dans l'emploi"), null=True, blank=True)
    closed_on = models.DateField(_("date de sortie"), null=True, blank=True)
    exit_outcome = models.CharField(
        _("situation à la sortie"), max_length=20, choices=ExitOutcome.choices, blank=True
    )
    exit_note = models.CharField(_("précision sur la sortie"), max_length=250, blank=True)
    outcome_due_on = models.DateField(_("situation à 6 mois attendue le"), null=True, blank=True)
    outcome_6m = models.CharField(
        _("situation 6 mois après la sortie"), max_length=20, choices=ExitOutcome.choices, blank=True
    )
    outcome_6m_note = models.CharField(_("précision (6 mois)"), max_length=250, blank=True)
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now, db_index=True)
    anonymisation_notice_at = models.DateTimeField(_("avis d'anonymisation envoyé le"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("suivi (carnet de bord)")
        verbose_name_plural = _("suivis (carnets de bord)")
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="follow_up_closed_has_outcome",
                condition=~Q(status=FollowUpStatus.CLOSED)
                | (~Q(exit_outcome="") & Q(closed_on__isnull=False)),
                violation_error_message=_(
                    "Une sortie demande sa situation de sortie (champ « situation à la sortie »)."
                ),
            ),
            models.CheckConstraint(
                name="follow_up_post_hire_has_dates",
                condition=~Q(status=FollowUpStatus.POST_HIRE)
                | Q(hired_on__isnull=False, post_hire_until__isnull=False),
                violation_error_message=_("Le suivi dans l'emploi demande une date d'embauche."),
            ),
        ]

    def __str__(self):
        return _("Suivi de %(person)s") % {"person": self.beneficiary}

    def active_members(self):
        return self.members.filter(ended_on__isnull=True)

    @property
    def referent_member(self):
        return next(
            (m for m in self.members.all() if m.role == MemberRole.REFERENT and m.ended_on is None), None
        )


class FollowUpMember(models.Model):
    """A professional around the person: the one active référent, other professionals, read-only."""

    PERSONAL_DATA = {"end_reason": _("supprimé avec le suivi")}

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(
        "accounts.Membership", verbose_name=_("professionnel"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("rôle dans le suivi"), max_length=20, choices=MemberRole.choices)
    started_on = models.DateField(_("depuis le"), default=timezone.localdate)
    ended_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    end_reason = models.CharField(_("motif de fin"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("membre du suivi")
        verbose_name_plural = _("membres du suivi")
        ordering = ["follow_up", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up"],
                condition=Q(role=MemberRole.REFERENT, ended_on__isnull=True),
                name="follow_up_one_active_referent",
                violation_error_message=_("Ce suivi a déjà un référent de parcours actif."),
            ),
            models.CheckConstraint(
                name="follow_up_member_end_has_reason",
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                violation_error_message=_("Indiquez le motif de fin."),
            ),
        ]

    def __str__(self):
        return f"{self.membership.user} — {self.get_role_display()}"

    @property
    def structure_name(self):
        return self.membership.organisation_label


class Axis(PublicIdModel):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="axes")
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        verbose_name = _("axe de travail")
        verbose_name_plural = _("axes de travail")
        ordering = ["follow_up", "created_at", "id"]

    def __str__(self):
        return self.get_theme_display()


class Objective(PublicIdModel):
    PERSONAL_DATA = {"title": RULE_PERSON}

    axis = models.ForeignKey(Axis, verbose_name=_("axe"), on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objectif"), max_length=250)
    status = models.CharField(
        _("statut"), max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.IN_PROGRESS
    )
    linked_contract = models.CharField(
        _("contrat lié"), max_length=10, choices=LinkedContract.choices, default=LinkedContract.NONE
    )
    person_agreed_at = models.DateTimeField(_("accord de la personne le"), null=True, blank=True)
    person_agreed_via = models.CharField(
        _("accord donné"), max_length=20, choices=GivenVia.choices, blank=True
    )

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["axis", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="objective_contract_needs_agreement",
                condition=Q(linked_contract=LinkedContract.NONE) | Q(person_agreed_at__isnull=False),
                violation_error_message=_(
                    "Un objectif lié à un contrat demande l'accord de la personne (champ « contrat lié »)."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.linked_contract != LinkedContract.NONE and self.person_agreed_at is None:
            raise ValidationError(
                {
                    "linked_contract": _(
                        "Un objectif lié à un contrat demande d'abord l'accord de la personne."
                    )
                }
            )


class Action(PublicIdModel):
    """One step of the plan. An orientation to a service of the local offer is referred to, never
    copied: the local-offer domain adds a nullable `orientation` link here (docs/insertion.md)."""

    PERSONAL_DATA = {"title": RULE_PERSON}

    objective = models.ForeignKey(
        Objective, verbose_name=_("objectif"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=250)
    status = models.CharField(
        _("statut"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["objective", "due_on", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.objective_id and self.objective.axis.closed_at is not None and self._state.adding:
            raise ValidationError({"objective": _("Cet axe est clos : on n'y ajoute plus d'action.")})


class JourneyEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The timeline is append-only.")

    def delete(self):
        raise PermissionError("The timeline is append-only.")


class JourneyEvent(models.Model):
    """The timeline of a follow-up: append-only, who did what and when. Other domains (appointments,
    recruitment, local offer) add their events through `services.record_event`."""

    PERSONAL_DATA = {"summary": RULE_PERSON}

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("type"), max_length=60)
    part = models.CharField(_("partie du dossier"), max_length=20, choices=Part.choices, default=Part.PLAN)
    source = models.CharField(_("domaine"), max_length=30, default="insertion")
    summary = models.CharField(_("événement"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("par"), max_length=250)
    ref_type = models.CharField(_("objet lié (type)"), max_length=80, blank=True)
    ref_id = models.CharField(_("objet lié"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    objects = JourneyEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement du parcours")
        verbose_name_plural = _("événements du parcours")
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return self.summary

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The timeline is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The timeline is append-only.")


class FollowUpTask(models.Model):
    """A dated task on the référent's list: post-hire check-ins, the outcome 6 months after exit."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("tâche"), max_length=20, choices=TaskKind.choices)
    due_on = models.DateField(_("à faire le"))
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tâche de suivi")
        verbose_name_plural = _("tâches de suivi")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "kind", "due_on"],
                name="follow_up_task_unique",
                violation_error_message=_("Cette tâche existe déjà."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due_on:%d/%m/%Y})"


# --- Consent and access log ------------------------------------------------------------------------


class ConsentGrantQuerySet(models.QuerySet):
    def in_force(self, today=None):
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, given_on__lte=today, expires_on__gte=today)


EXPIRES_BEFORE_GIVEN = "expires_before_given"


class ConsentGrant(FieldConstraintsMixin, PublicIdModel):
    """The person's consent that one structure (organisation or GE) sees some parts of her data."""

    DEFAULT_MONTHS = 12
    MAX_MONTHS = 24
    PERSONAL_DATA = {"evidence": RULE_PERSON}

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation destinataire"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement destinataire"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    purpose = models.CharField(_("finalité"), max_length=20, choices=Purpose.choices)
    parts = models.JSONField(_("parties partagées"), default=list)
    given_via = models.CharField(_("recueilli"), max_length=10, choices=GivenVia.choices)
    evidence = models.CharField(_("trace du recueil"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by_label = models.CharField(_("enregistré par"), max_length=250, blank=True)
    given_on = models.DateField(_("donné le"), default=timezone.localdate)
    expires_on = models.DateField(_("jusqu'au"))
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsentGrantQuerySet.as_manager()

    CONSTRAINT_FIELDS = {EXPIRES_BEFORE_GIVEN: "expires_on"}

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-given_on", "-id"]
        constraints = [
            holder_constraint("consent"),
            models.CheckConstraint(
                name="consent_expires_after_given",
                condition=Q(expires_on__gt=models.F("given_on")),
                violation_error_code=EXPIRES_BEFORE_GIVEN,
                violation_error_message=_("La fin du consentement doit suivre la date où il est donné."),
            ),
        ]

    def __str__(self):
        return _("Consentement de %(person)s pour %(to)s") % {
            "person": self.beneficiary,
            "to": self.grantee_name,
        }

    @property
    def grantee(self):
        return self.organisation or self.group

    @property
    def grantee_name(self):
        return self.grantee.name if self.grantee else ""

    def parts_display(self):
        labels = dict(Part.choices)
        return [str(labels.get(p, p)) for p in self.parts]

    def is_in_force(self, today=None):
        today = today or timezone.localdate()
        return self.revoked_at is None and self.given_on <= today <= self.expires_on

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if not self.parts or any(p not in Part.values for p in self.parts):
            errors["parts"] = _(
                "Choisissez au moins une partie parmi : identité, diagnostic, plan, rendez-vous, documents."
            )
        elif len(set(self.parts)) != len(self.parts):
            errors["parts"] = _("Une partie est citée deux fois.")
        if self.expires_on and self._state.adding and self.expires_on < today:
            errors["expires_on"] = _("Ce consentement est déjà expiré.")
        # An end on or before the day it is given: the constraint (`CONSTRAINT_FIELDS`).
        if self.expires_on and self.given_on and self.expires_on > add_months(self.given_on, self.MAX_MONTHS):
            errors["expires_on"] = _("Un consentement vaut 24 mois au plus.")
        if self.given_on and self.given_on > today:
            errors["given_on"] = _("Un consentement ne se date pas dans le futur.")
        if self.given_via == GivenVia.ORAL and not self.recorded_by_id:
            errors["given_via"] = _("Un consentement oral est enregistré par un professionnel nommé.")
        if errors:
            raise ValidationError(errors)


class AccessLog(models.Model):
    """One read of a person's data by someone other than her référent (or herself)."""

    PERSONAL_DATA = {"viewer_label": RULE_LOG}

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="access_logs")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_label = models.CharField(_("consulté par"), max_length=250)
    structure_label = models.CharField(_("structure"), max_length=250)
    part = models.CharField(_("partie consultée"), max_length=20, choices=Part.choices)
    channel = models.CharField(_("par"), max_length=10, default="web")
    consent = models.ForeignKey(
        ConsentGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    read_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-read_at", "-id"]

    def __str__(self):
        return f"{self.viewer_label} — {self.get_part_display()}"


# --- The person's requests and the « sans solution » review ----------------------------------------


class CorrectionRequest(PublicIdModel):
    PERSONAL_DATA = {"message": RULE_PERSON, "answer": RULE_PERSON}

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="correction_requests")
    part = models.CharField(_("partie concernée"), max_length=20, choices=Part.choices)
    message = models.TextField(_("ce qui est à corriger"))
    status = models.CharField(
        _("statut"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    answer = models.TextField(_("réponse"), blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("demande de correction")
        verbose_name_plural = _("demandes de correction")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return _("Demande de correction (%(part)s)") % {"part": self.get_part_display()}


class SituationReview(PublicIdModel):
    """A situation submitted to the multi-partner « sans solution » review, and its recorded decision."""

    PERSONAL_DATA = {"reason": RULE_PERSON, "decision_note": RULE_PERSON}

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="reviews")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by_label = models.CharField(_("soumise par"), max_length=250)
    reason = models.TextField(
        _("situation et difficulté"),
        help_text=_("Sans détail de santé : le diagnostic reste dans le dossier, lisible sous consentement."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED
    )
    meeting_on = models.DateField(_("examinée le"), null=True, blank=True)
    participants = models.CharField(_("structures présentes"), max_length=500, blank=True)
    decision = models.CharField(_("décision"), max_length=20, choices=ReviewDecision.choices, blank=True)
    decision_note = models.TextField(_("motif de la décision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("situation « sans solution »")
        verbose_name_plural = _("situations « sans solution »")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="review_decided_has_decision",
                condition=~Q(status=ReviewStatus.DECIDED)
                | (
                    ~Q(decision="") & ~Q(decision_note="") & ~Q(participants="") & Q(meeting_on__isnull=False)
                ),
                violation_error_message=_(
                    "Une décision demande la date d'examen, les structures présentes, la décision et son motif."
                ),
            )
        ]

    def __str__(self):
        return _("Situation de %(person)s") % {"person": self.beneficiary}


__all__ = [
    "AccessLog",
    "Action",
    "ActionStatus",
    "Axis",
    "Beneficiary",
    "ConsentGrant",
    "ConstraintStatus",
    "CorrectionRequest",
    "Diagnostic",
    "DiagnosticTemplate",
    "FollowUp",
    "FollowUpMember",
    "FollowUpTask",
    "JourneyEvent",
    "Objective",
    "SituationReview",
]
