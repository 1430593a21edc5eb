import hashlib
import json
import uuid
from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TenantQuerySet(models.QuerySet):
    """Every query of tenant data goes through `visible_to` (see mutualis/core/scoping.py)."""

    def for_group(self, group):
        return self.filter(group=group)

    def visible_to(self, membership):
        if membership is None:
            return self.none()
        qs = self.filter(group_id=membership.group_id)
        return self.restrict_for_role(qs, membership)

    def restrict_for_role(self, qs, membership):
        """Narrow the group's rows for roles that see only part of them. Override per model. (The
        membership knows whether its role is staff: core never imports accounts.)"""
        return qs if membership.is_staff_role else qs.none()


class TenantModel(models.Model):
    """A row that belongs to one employer group (the tenant), addressed by a public UUID."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class ArchivableQuerySet(TenantQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The journal is append-only.")

    def delete(self):
        raise PermissionError("The journal is append-only.")


class AuditEvent(models.Model):
    """Append-only journal: who (a user or a command) did what to which object."""

    group = models.ForeignKey(
        "employer_groups.EmployerGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("auteur"), max_length=150)
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("type d'objet"), max_length=80, blank=True)
    target_id = models.CharField(_("objet"), max_length=64, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)
    # Set before saving (not auto_now_add): the hash covers it.
    created_at = models.DateTimeField(_("date"), default=timezone.now, editable=False, db_index=True)
    # Hash chain (journal.verify_chain): each event seals its content and the previous event's hash,
    # so that an event changed or removed behind the application's back shows.
    prev_hash = models.CharField(_("empreinte précédente"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("empreinte"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The journal is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The journal is append-only.")

    def content_hash(self):
        """SHA-256 of the previous hash and of what the event says (not the actor's row, which a
        deleted account empties: its name stays in `actor_label`)."""
        content = {
            "prev": self.prev_hash,
            "group": self.group_id,
            "actor": self.actor_label,
            "action": self.action,
            "target": [self.target_type, self.target_id],
            "data": self.data,
            "at": self.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode()).hexdigest()
