"""Territories: sets of communes (from an EPCI, a département, a région, or a custom list) that GEs and
outside organisations belong to, and what each GE agrees to share with a territory.

A territory is not a tenant: it is shared by the platform. A user of a territorial organisation
(`Role.TERRITORIAL_OFFICER` on an organisation of kind `territorial_body`) works across the GEs of
the territories its organisation belongs to, and sees of each GE only what the GE's sharing
agreement with that territory allows (see docs/territories.md).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TerritoryKind(models.TextChoices):
    EPCI = "epci", _("Intercommunalité (EPCI)")
    DEPARTMENT = "department", _("Département")
    REGION = "region", _("Région")
    CUSTOM = "custom", _("Territoire choisi (liste de communes)")


class Territory(models.Model):
    """A set of communes, built from an area of the geography module or listed one by one."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type de territoire"), max_length=20, choices=TerritoryKind.choices)
    source_code = models.CharField(
        _("code de l'aire d'origine"),
        max_length=12,
        blank=True,
        help_text=_("SIREN de l'EPCI, code du département ou de la région ; vide pour une liste choisie."),
    )
    communes = models.ManyToManyField(
        "geography.Commune", verbose_name=_("communes"), related_name="territories", blank=True
    )
    groups = models.ManyToManyField(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupements"),
        related_name="territories",
        blank=True,
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations"),
        related_name="territories",
        blank=True,
    )
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="territory_source_for_areas",
                condition=Q(kind="custom", source_code="") | (~Q(kind="custom") & ~Q(source_code="")),
                violation_error_message=_(
                    "Un territoire tiré d'une aire (EPCI, département, région) indique son code ; "
                    "une liste choisie n'en a pas."
                ),
            )
        ]

    def __str__(self):
        return self.name


class SharingAgreement(models.Model):
    """What one GE agrees to share with one territory (and so with the territorial officers of the
    organisations of that territory). Without an agreement, nothing is shared."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement"),
        on_delete=models.CASCADE,
        related_name="sharing_agreements",
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.CASCADE, related_name="agreements"
    )
    observatory = models.BooleanField(
        _("participer à l'observatoire"),
        default=False,
        help_text=_("Les indicateurs agrégés du GE comptent dans l'observatoire, sous secret statistique."),
    )
    exchange = models.BooleanField(
        _("publier et lire la bourse d'emplois"),
        default=True,
        help_text=_("Les annonces anonymisées du GE sont visibles des GE du territoire."),
    )
    gpec = models.BooleanField(
        _("compter dans la GPEC territoriale"),
        default=False,
        help_text=_("Heures de besoins et heures disponibles du GE, par famille de métiers."),
    )
    directory = models.BooleanField(
        _("figurer dans l'annuaire du territoire"),
        default=True,
        help_text=_("Nom, commune et nombre d'adhérents du GE visibles des organisations du territoire."),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("accord de partage")
        verbose_name_plural = _("accords de partage")
        ordering = ["territory__name", "group__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "territory"],
                name="sharing_agreement_unique",
                violation_error_message=_("Ce GE a déjà un accord de partage avec ce territoire."),
            )
        ]

    def __str__(self):
        return f"{self.group} — {self.territory}"

    def clean(self):
        if (
            self.group_id
            and self.territory_id
            and not self.territory.groups.filter(pk=self.group_id).exists()
        ):
            raise ValidationError({"territory": _("Ce GE n'appartient pas à ce territoire.")})


# --- GPEC: public forecast files ----------------------------------------------------------------


class ForecastFile(models.Model):
    """One import of a public forecast file (job family, area, planned hires, difficulty, seasonality)."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.CASCADE, related_name="forecast_files"
    )
    name = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fichier de prévisions")
        verbose_name_plural = _("fichiers de prévisions")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.year})"


PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ForecastRow(models.Model):
    """One line of a forecast file: planned hires of a job family in an area."""

    file = models.ForeignKey(ForecastFile, on_delete=models.CASCADE, related_name="rows")
    job_family = models.CharField(_("famille de métiers"), max_length=10)
    job_family_label = models.CharField(_("libellé"), max_length=200, blank=True)
    area = models.CharField(_("zone"), max_length=120)
    planned_hires = models.PositiveIntegerField(_("projets de recrutement"))
    difficult_percent = models.DecimalField(
        _("part jugée difficile (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    seasonal_percent = models.DecimalField(
        _("part saisonnière (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = _("ligne de prévisions")
        verbose_name_plural = _("lignes de prévisions")
        ordering = ["job_family", "area", "id"]
        constraints = [
            models.CheckConstraint(
                name="forecast_row_percents",
                condition=Q(difficult_percent__gte=0, difficult_percent__lte=100)
                & Q(seasonal_percent__gte=0, seasonal_percent__lte=100),
                # No « % » sign: Django formats the message with the constraint's name.
                violation_error_message=_("Une part est un pourcentage compris entre 0 et 100."),
            )
        ]

    def __str__(self):
        return f"{self.job_family} — {self.area}"
