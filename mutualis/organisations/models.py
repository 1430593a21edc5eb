"""Outside organisations: the one model behind « structure partenaire », the structures of the local
offer (data·inclusion) and the territorial bodies (see ../docs/architecture.md, « Organisations »).

An organisation is not a tenant: it is shared by the platform (a mission locale works with several
GEs). Its users hold memberships on it (`accounts.Membership.organisation`); what they may see of a
GE's or a person's data is decided by the domain that owns that data (consents, sharing agreements).
"""

import uuid

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.core.validators import validate_siret


class OrganisationKind(models.TextChoices):
    INSERTION_STRUCTURE = "insertion_structure", _("Structure d'insertion (SIAE, GEIQ…)")
    PUBLIC_EMPLOYMENT_SERVICE = "public_employment_service", _("Service public de l'emploi")
    YOUTH_MISSION = "youth_mission", _("Mission locale")
    DISABILITY_EMPLOYMENT = "disability_employment", _("Cap emploi")
    SOCIAL_SERVICE = "social_service", _("Service social (département, CCAS…)")
    ASSOCIATION = "association", _("Association")
    TRAINING_BODY = "training_body", _("Organisme de formation")
    TERRITORIAL_BODY = "territorial_body", _("Organisme territorial (CRGE, DREETS, collectivité…)")
    EMPLOYERS_GROUP = "employers_group", _("Collectif d'employeurs (projet de GE)")
    OTHER = "other", _("Autre")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    """An organisation outside the GEs: insertion structure, public employment service, territorial body…"""

    # The organisation's own switchboard contacts, published by itself; kept while it is listed.
    PERSONAL_DATA = {
        "email": _("coordonnées de l'organisation, supprimées 1 an après sa désactivation"),
        "phone": _("coordonnées de l'organisation, supprimées 1 an après sa désactivation"),
    }

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type d'organisation"), max_length=40, choices=OrganisationKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=120, blank=True)
    commune_code = models.CharField(_("code INSEE de la commune"), max_length=5, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    # A CharField with the URL validator: Django 5.2's URL form field warns about its default scheme.
    website = models.CharField(_("site internet"), max_length=200, blank=True, validators=[URLValidator()])
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="organisation_unique_siret",
                violation_error_message=_("Une organisation porte déjà ce SIRET."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def siren(self):
        return self.siret[:9]
