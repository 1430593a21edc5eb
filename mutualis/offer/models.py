"""The local insertion offer: structures and services in the data·inclusion v1 schema, imports, and
orientations of a person to a service (see docs/offer.md).

The schema's fields keep their data·inclusion names; the schema's `id` is stored as `di_id` (Django
keeps `id` for the primary key) and a service's `structure_id` is the `structure` foreign key. Our own
fields (status, update frequency, places, orientations accepted, quality score) sit beside them.
The offer is territorial data shared by the platform, not a GE's tenant rows.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualis.core.constraints import coordinates_both_or_none

from . import schema
from .enums import (
    ImportFormat,
    ImportStatus,
    OrientationStatus,
    RefusalReason,
    ServiceStatus,
    UpdateFrequency,
)

RULE_CONTACT = _("contact professionnel publié par la structure, supprimé avec le service")
RULE_ORIENTATION = _(
    "effacé à l'anonymisation du parcours de la personne (24 mois après sa dernière activité)"
)


class DataInclusionFields(models.Model):
    """Fields shared by structures and services, with the schema's names."""

    source = models.CharField(_("source"), max_length=100)
    di_id = models.CharField(_("identifiant data·inclusion"), max_length=250, unique=True)
    nom = models.CharField(_("nom"), max_length=150)
    date_maj = models.DateField(_("date de mise à jour"))
    lien_source = models.CharField(_("lien source"), max_length=500, blank=True)
    commune = models.CharField(_("commune"), max_length=150, blank=True)
    code_postal = models.CharField(_("code postal"), max_length=5, blank=True)
    code_insee = models.CharField(_("code INSEE"), max_length=5, blank=True)
    adresse = models.CharField(_("adresse"), max_length=250, blank=True)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=250, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    telephone = models.CharField(_("téléphone"), max_length=30, blank=True)
    courriel = models.EmailField(_("courriel"), blank=True)
    horaires_accueil = models.CharField(_("horaires d'accueil"), max_length=500, blank=True)
    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None


class Structure(DataInclusionFields):
    """A structure of the offer (data·inclusion `structure`), backed by one outside organisation."""

    PERSONAL_DATA = {"telephone": RULE_CONTACT, "courriel": RULE_CONTACT}

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="offer_structures",
    )
    description = models.TextField(_("description"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    site_web = models.CharField(_("site internet"), max_length=500, blank=True)
    accessibilite_lieu = models.CharField(_("accessibilité du lieu"), max_length=500, blank=True)
    reseaux_porteurs = models.JSONField(_("réseaux porteurs"), default=list, blank=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["nom", "id"]
        constraints = [coordinates_both_or_none("offer_structure_point_both_or_none")]

    def __str__(self):
        return self.nom

    def clean(self):
        from .validation import model_errors

        model_errors(self)


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ServiceStatus.PUBLISHED)


class Service(DataInclusionFields):
    """A service of the offer (data·inclusion `service`)."""

    PERSONAL_DATA = {
        "telephone": RULE_CONTACT,
        "courriel": RULE_CONTACT,
        "contact_nom_prenom": RULE_CONTACT,
    }

    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="services"
    )
    description = models.TextField(_("description"))
    type = models.CharField(_("type"), max_length=30, choices=schema.TYPE_CHOICES, blank=True)
    thematiques = models.JSONField(_("thématiques"), default=list, blank=True)
    frais = models.CharField(_("frais"), max_length=20, choices=schema.FRAIS_CHOICES, blank=True)
    frais_precisions = models.TextField(_("précisions sur les frais"), blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    publics_precisions = models.TextField(_("précisions sur les publics"), blank=True)
    conditions_acces = models.TextField(_("conditions d'accès"), blank=True)
    modes_accueil = models.JSONField(_("modes d'accueil"), default=list, blank=True)
    zone_eligibilite = models.JSONField(_("zone d'éligibilité"), default=list, blank=True)
    contact_nom_prenom = models.CharField(_("contact (nom et prénom)"), max_length=200, blank=True)
    lien_mobilisation = models.CharField(_("lien de mobilisation"), max_length=500, blank=True)
    modes_mobilisation = models.JSONField(_("modes de mobilisation"), default=list, blank=True)
    mobilisable_par = models.JSONField(_("mobilisable par"), default=list, blank=True)
    mobilisation_precisions = models.TextField(_("précisions sur la mobilisation"), blank=True)
    volume_horaire_hebdomadaire = models.FloatField(
        _("volume horaire hebdomadaire"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    nombre_semaines = models.PositiveIntegerField(
        _("nombre de semaines"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # --- Ours ---
    status = models.CharField(
        _("statut"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.PUBLISHED
    )
    update_frequency = models.CharField(
        _("fréquence de mise à jour"),
        max_length=20,
        choices=UpdateFrequency.choices,
        default=UpdateFrequency.HALF_YEARLY,
    )
    places_total = models.PositiveIntegerField(_("places (total)"), null=True, blank=True)
    places_taken = models.PositiveIntegerField(_("places occupées"), null=True, blank=True)
    accepts_orientations = models.BooleanField(_("accepte les orientations"), default=True)
    quality_score = models.DecimalField(
        _("score de qualité"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["nom", "id"]
        constraints = [
            coordinates_both_or_none("offer_service_point_both_or_none"),
            models.CheckConstraint(
                name="offer_service_places_taken_within_total",
                condition=Q(places_taken__isnull=True)
                | Q(places_total__isnull=True)
                | Q(places_taken__lte=F("places_total")),
                violation_error_message=_("Les places occupées ne dépassent pas le nombre de places."),
            ),
        ]

    def __str__(self):
        return self.nom

    def clean(self):
        from .validation import model_errors

        model_errors(self)

    @property
    def places_free(self):
        if self.places_total is None:
            return None
        return max(self.places_total - (self.places_taken or 0), 0)

    @property
    def point(self):
        """The service's own coordinates, else its structure's."""
        if self.has_point:
            return self.latitude, self.longitude
        if self.structure.has_point:
            return self.structure.latitude, self.structure.longitude
        return None

    @property
    def contact_email(self):
        return self.courriel or self.structure.courriel

    def is_stale(self, today=None):
        from .enums import UPDATE_FREQUENCY_DAYS

        today = today or timezone.localdate()
        return self.date_maj + datetime.timedelta(days=UPDATE_FREQUENCY_DAYS[self.update_frequency]) < today


class ServiceZone(models.Model):
    """One code of a service's eligibility zone, indexed for the search (kept by services.save_service)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="zones")
    code = models.CharField(_("code"), max_length=9, db_index=True)

    class Meta:
        verbose_name = _("zone d'éligibilité")
        verbose_name_plural = _("zones d'éligibilité")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"],
                name="offer_zone_unique_code",
                violation_error_message=_("Ce code figure déjà dans la zone d'éligibilité du service."),
            )
        ]

    def __str__(self):
        return self.code


class ImportRun(models.Model):
    """One data·inclusion file checked (dry run) or imported, with its row-level report."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(
        "employer_groups.EmployerGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    original_name = models.CharField(_("fichier"), max_length=250)
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    content = models.TextField(_("contenu"), blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=ImportStatus.choices)
    good_rows_only = models.BooleanField(_("seulement les lignes valides"), default=False)
    counts = models.JSONField(_("décompte"), default=dict)
    errors = models.JSONField(_("erreurs"), default=list)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("import data·inclusion")
        verbose_name_plural = _("imports data·inclusion")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name


class Orientation(models.Model):
    """A professional orients a person to a service; the structure answers through a signed link."""

    REMIND_AFTER = datetime.timedelta(days=10)
    EXPIRE_AFTER = datetime.timedelta(days=30)
    PERSONAL_DATA = {
        "message": RULE_ORIENTATION,
        "refusal_comment": RULE_ORIENTATION,
        "recipient_email": RULE_CONTACT,
        "sender_label": RULE_CONTACT,
        "answered_by": RULE_CONTACT,
    }

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="orientations"
    )
    beneficiary = models.ForeignKey(
        "insertion.Beneficiary",
        verbose_name=_("personne orientée"),
        on_delete=models.CASCADE,
        related_name="orientations",
    )
    consent = models.ForeignKey(
        "insertion.ConsentGrant",
        verbose_name=_("consentement"),
        on_delete=models.PROTECT,
        related_name="orientations",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("orientée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender_label = models.CharField(_("orientée par"), max_length=250)
    sender_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sender_group = models.ForeignKey(
        "employer_groups.EmployerGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("motif de l'orientation"), blank=True)
    recipient_email = models.EmailField(_("courriel de la structure"))
    status = models.CharField(
        _("statut"), max_length=20, choices=OrientationStatus.choices, default=OrientationStatus.PENDING
    )
    refusal_reason = models.CharField(
        _("motif du refus"), max_length=30, choices=RefusalReason.choices, blank=True
    )
    refusal_comment = models.TextField(_("précisions"), blank=True)
    answered_by = models.CharField(_("réponse de"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    reminded_at = models.DateTimeField(_("relancée le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="offer_orientation_refusal_has_reason",
                condition=~Q(status=OrientationStatus.REFUSED) | ~Q(refusal_reason=""),
                violation_error_message=_("Un refus indique son motif."),
            ),
            models.CheckConstraint(
                name="offer_orientation_one_sender_structure",
                condition=Q(sender_organisation__isnull=False, sender_group__isnull=True)
                | Q(sender_organisation__isnull=True, sender_group__isnull=False),
                violation_error_message=_("Une orientation part d'une organisation ou d'un groupement."),
            ),
        ]

    def __str__(self):
        return _("Orientation vers %(service)s") % {"service": self.service}

    def clean(self):
        if self.status == OrientationStatus.REFUSED and not self.refusal_reason:
            raise ValidationError({"refusal_reason": _("Choisissez le motif du refus.")})

    @property
    def expires_at(self):
        return self.sent_at + self.EXPIRE_AFTER

    @property
    def sender_structure_name(self):
        holder = self.sender_organisation or self.sender_group
        return holder.name if holder else ""
