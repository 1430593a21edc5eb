from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutualis.core.models import TenantModel, TenantQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    SUCCEEDED = "succeeded", _("Terminé")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulé")


FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class JobQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        # Everyone sees the jobs they started; staff see all of their group's jobs.
        if membership.is_staff_role:
            return qs
        return qs.filter(owner_id=membership.user_id)


class Job(TenantModel):
    """One long operation (import, consolidation, billing run…) whose progress pages poll."""

    kind = models.CharField(_("type"), max_length=50)
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(_("statut"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    message = models.CharField(_("étape"), max_length=250, blank=True)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    cancel_requested = models.BooleanField(_("annulation demandée"), default=False)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("démarré le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    # The worker running the job renews this every few seconds; silent past the lease = worker lost.
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    # Runs started so far: also the fencing token of the current run (a lost run writes nothing).
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]
        constraints = [
            models.CheckConstraint(
                name="job_progress_0_100",
                condition=models.Q(progress__lte=100),
                violation_error_message=_(
                    "L'avancement d'une tâche est un pourcentage compris entre 0 et 100."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.label or self.kind} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in FINISHED

    @property
    def kind_label(self):
        from .registry import get_label

        return get_label(self.kind)

    @property
    def summary(self):
        """The French sentence a handler may return as `result["summary"]`."""
        return (self.result or {}).get("summary", "") if isinstance(self.result, dict) else ""


class PieceStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class JobPiece(models.Model):
    """One sub-problem of a job, run as its own task by whichever worker takes it (any machine).

    A worker holds a *lease* on the piece and renews it (heartbeat) while it works; a piece whose lease
    ran out (its worker died or lost the database) is queued again by the parent job, up to
    ``max_attempts`` runs.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="pieces")
    index = models.PositiveIntegerField(_("numéro"))
    kind = models.CharField(_("type"), max_length=50)
    payload = models.JSONField(_("entrée"), default=dict)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=PieceStatus.choices, default=PieceStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("essais au plus"), default=3)
    lease_seconds = models.PositiveIntegerField(_("durée du bail (s)"), default=30)
    lease_until = models.DateTimeField(_("bail jusqu'à"), null=True, blank=True)
    worker = models.CharField(_("travailleur"), max_length=120, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    started_at = models.DateTimeField(_("démarré le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("morceau de tâche")
        verbose_name_plural = _("morceaux de tâche")
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "index"],
                name="job_piece_unique_index",
                violation_error_message=_("Ce morceau existe déjà pour cette tâche."),
            ),
        ]

    def __str__(self):
        return f"{self.job_id}#{self.index} ({self.get_status_display()})"
