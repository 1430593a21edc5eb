"""Stored values of the local offer that are ours (the schema's vocabularies are in schema.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")
    ARCHIVED = "archived", _("Archivé")


class UpdateFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Tous les mois")
    QUARTERLY = "quarterly", _("Tous les trois mois")
    HALF_YEARLY = "half_yearly", _("Tous les six mois")
    YEARLY = "yearly", _("Tous les ans")


UPDATE_FREQUENCY_DAYS = {
    UpdateFrequency.MONTHLY: 31,
    UpdateFrequency.QUARTERLY: 92,
    UpdateFrequency.HALF_YEARLY: 183,
    UpdateFrequency.YEARLY: 366,
}


class OrientationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")
    EXPIRED = "expired", _("Expirée sans réponse")


OPEN_ORIENTATION_STATUSES = frozenset({OrientationStatus.PENDING})


class RefusalReason(models.TextChoices):
    """Why a structure refuses an orientation (the list of les emplois de l'inclusion)."""

    NOT_REACHABLE = "not_reachable", _("Personne injoignable")
    DID_NOT_COME = "did_not_come", _("Personne non venue à l'entretien")
    HIRED_ELSEWHERE = "hired_elsewhere", _("Personne embauchée ailleurs")
    TRAINING = "training", _("Personne entrée en formation")
    NOT_ELIGIBLE = "not_eligible", _("Personne non éligible")
    NOT_MOBILE = "not_mobile", _("Personne non mobile")
    NOT_INTERESTED = "not_interested", _("Personne non intéressée")
    INCOMPATIBLE = "incompatible", _("Incompatible avec le service")
    FULL = "full", _("Plus de place")
    DUPLICATE = "duplicate", _("Orientation en double")
    OTHER = "other", _("Autre")


class ImportFormat(models.TextChoices):
    JSON = "json", _("JSON")
    CSV = "csv", _("CSV")


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Vérifié (rien d'enregistré)")
    IMPORTED = "imported", _("Importé")
