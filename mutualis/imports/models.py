import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutualis.core.models import TenantModel, TenantQuerySet


class ImportKind(models.TextChoices):
    MEMBERS = "members", _("Adhérents")
    SITES = "sites", _("Sites des adhérents")
    EMPLOYEES = "employees", _("Salariés")


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Vérification en cours")
    READY = "ready", _("Vérifié, en attente de confirmation")
    IMPORTING = "importing", _("Enregistrement en cours")
    IMPORTED = "imported", _("Importé")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulé")


def batch_upload_to(instance, filename):
    """An unguessable name: the file holds personal data and keeps none of its original name."""
    suffix = Path(filename).suffix.lower()[:6]
    return f"imports/{instance.group_id}/{uuid.uuid4().hex}{suffix}"


class ImportBatchQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        # Like jobs: staff see the group's imports; anyone else only the ones they started.
        if membership.is_staff_role:
            return qs
        return qs.filter(owner_id=membership.user_id)


class ImportBatch(TenantModel):
    """One uploaded file of members, sites or employees: its check report, then its import."""

    PERSONAL_DATA = {
        "file": _("supprimé 90 jours après l'import (fichier source, peut contenir des données salariés)"),
        "errors": _("supprimé 90 jours après l'import (les messages citent des valeurs du fichier)"),
    }

    kind = models.CharField(_("type de données"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("fichier"), upload_to=batch_upload_to, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    status = models.CharField(
        _("statut"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    valid_rows = models.PositiveIntegerField(_("lignes valides"), default=0)
    error_rows = models.PositiveIntegerField(_("lignes en erreur"), default=0)
    imported_rows = models.PositiveIntegerField(_("lignes importées"), default=0)
    errors = models.JSONField(
        _("erreurs"), default=list, blank=True, help_text=_("Liste de {line, column, message}.")
    )
    only_valid = models.BooleanField(_("seulement les lignes valides"), default=False)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("tâche de fond"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    imported_at = models.DateTimeField(_("importé le"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def is_clean(self):
        return self.status == ImportStatus.READY and self.error_rows == 0 and self.valid_rows > 0

    @property
    def can_be_confirmed(self):
        return self.status == ImportStatus.READY and self.valid_rows > 0
