"""GE projects: before any GE exists, a territorial organisation (or a group of employers) runs a
census of part-time needs, consolidates them with the engine, reads a feasibility study, and, when
the founding board decides, « Créer le GE » turns the project into a GE with its members, sites and
needs (see docs/ge_projects.md).

A project is not a GE's tenant row: it belongs to the organisation that runs it (`organisation`),
in one of its territories.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.core.constraints import FieldConstraintsMixin
from mutualis.core.validators import validate_siret
from mutualis.members.models import MemberKind
from mutualis.needs.models import NeedKind, validate_iso_weeks, validate_rome_code


class ProjectStatus(models.TextChoices):
    CENSUS = "census", _("Recensement en cours")
    STUDY = "study", _("Étude de faisabilité")
    CREATED = "created", _("GE créé")
    ABANDONED = "abandoned", _("Abandonné")


MONEY = {"max_digits": 12, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0"))]
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


CENSUS_CLOSES_BEFORE_OPENING = "census_closes_before_opening"


class GEProject(FieldConstraintsMixin, models.Model):
    """A GE in the making: its census, its study parameters, and the GE it became."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nom du projet"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("porteur du projet"),
        on_delete=models.PROTECT,
        related_name="ge_projects",
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="ge_projects",
    )
    description = models.TextField(_("présentation"), blank=True)
    census_opens_on = models.DateField(_("ouverture du recensement"))
    census_closes_on = models.DateField(_("clôture du recensement"))
    status = models.CharField(
        _("statut"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.CENSUS
    )
    # Parameters of the feasibility study.
    gross_hourly_wage = models.DecimalField(
        _("salaire horaire brut prévu (€)"),
        max_digits=8,
        decimal_places=4,
        default=Decimal("12.5000"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    employer_charges_percent = models.DecimalField(
        _("charges patronales (% du brut, après allègements)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("32.00"),
        validators=PERCENT,
    )
    billable_percent = models.DecimalField(
        _("part des heures payées facturables (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("88.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
        help_text=_("Congés payés et jours fériés sont payés mais pas facturés."),
    )
    coefficient = models.DecimalField(
        _("coefficient de facturation étudié"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("1.870"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    overheads_per_year = models.DecimalField(
        _("frais de structure prévus par an (€)"), **MONEY, default=Decimal("45000.00"), validators=POSITIVE
    )
    aids_per_year = models.DecimalField(
        _("aides à l'emploi attendues par an (€)"), **MONEY, default=Decimal("0.00"), validators=POSITIVE
    )
    # Years 1, 2, 3 of the projection: share of the consolidated hours actually placed.
    ramp_up = models.JSONField(_("montée en charge sur 3 ans (%)"), default=list, blank=True)
    plan = models.JSONField(_("plan du moteur"), null=True, blank=True)
    id_map = models.JSONField(_("correspondance des identifiants"), default=dict, blank=True)
    studied_at = models.DateTimeField(_("étude calculée le"), null=True, blank=True)
    group = models.OneToOneField(
        "employer_groups.EmployerGroup",
        verbose_name=_("GE créé"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    DEFAULT_RAMP_UP = [60, 85, 100]

    CONSTRAINT_FIELDS = {CENSUS_CLOSES_BEFORE_OPENING: "census_closes_on"}

    class Meta:
        verbose_name = _("projet de GE")
        verbose_name_plural = _("projets de GE")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="ge_project_census_dates_ordered",
                condition=Q(census_closes_on__gte=models.F("census_opens_on")),
                violation_error_code=CENSUS_CLOSES_BEFORE_OPENING,
                violation_error_message=_("La clôture du recensement précède son ouverture."),
            ),
            models.CheckConstraint(
                name="ge_project_created_has_group",
                condition=~Q(status="created") | Q(group__isnull=False),
                violation_error_message=_("Un projet dont le GE est créé désigne ce GE."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def ramp(self):
        return self.ramp_up or self.DEFAULT_RAMP_UP

    def clean(self):
        # Census dates in order: the constraint (`CONSTRAINT_FIELDS`).
        errors = {}
        ramp = self.ramp_up
        if ramp and (
            not isinstance(ramp, list)
            or len(ramp) != 3
            or any(not isinstance(v, int | float) or isinstance(v, bool) or not 0 <= v <= 100 for v in ramp)
        ):
            errors["ramp_up"] = _("La montée en charge donne 3 pourcentages entre 0 et 100 (années 1 à 3).")
        if errors:
            raise ValidationError(errors)


class ProjectEmployer(models.Model):
    """An employer's answer to the project's census: who it is, where, and its needs."""

    PERSONAL_DATA = {
        "contact_name": _("supprimé 2 ans après la clôture du recensement, sauf adhésion au GE"),
        "contact_email": _("supprimé 2 ans après la clôture du recensement, sauf adhésion au GE"),
    }

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(GEProject, on_delete=models.CASCADE, related_name="employers")
    name = models.CharField(_("raison sociale"), max_length=200)
    kind = models.CharField(
        _("nature"), max_length=20, choices=MemberKind.choices, default=MemberKind.COMPANY
    )
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    commune = models.ForeignKey(
        "geography.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel"), blank=True)
    created_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("employeur recensé")
        verbose_name_plural = _("employeurs recensés")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "siret"],
                name="project_employer_unique_siret",
                violation_error_message=_("Cet employeur (SIRET) a déjà répondu pour ce projet."),
            )
        ]

    def __str__(self):
        return self.name


class ProjectNeed(models.Model):
    """A part-time need declared in the project's census (same shape as `needs.Need`)."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(ProjectEmployer, on_delete=models.CASCADE, related_name="needs")
    job_title = models.CharField(_("emploi"), max_length=200)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True, validators=[validate_rome_code])
    kind = models.CharField(
        _("type de besoin"), max_length=20, choices=NeedKind.choices, default=NeedKind.FIXED
    )
    slots = models.JSONField(_("créneaux"), default=list, blank=True)
    windows = models.JSONField(_("plages permises"), default=list, blank=True)
    weekly_minutes = models.PositiveIntegerField(
        _("volume hebdomadaire (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7 * 1440)],
    )
    weeks = models.JSONField(_("semaines actives"), null=True, blank=True, validators=[validate_iso_weeks])

    class Meta:
        verbose_name = _("besoin recensé")
        verbose_name_plural = _("besoins recensés")
        ordering = ["employer__name", "job_title", "id"]

    def __str__(self):
        return f"{self.job_title} — {self.employer}"

    @property
    def minutes(self):
        if self.kind == NeedKind.FIXED:
            return sum(end - start for start, end in self.slots)
        return self.weekly_minutes or 0
