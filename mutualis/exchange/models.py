"""The job exchange between GEs (bourse d'emplois): a GE publishes, to the GEs of its territories,
hours its employees have free (anonymised) or needs it cannot fill; another GE answers; accepting
turns the answer into a draft need (the member joins the employee's GE) or a candidate (the
employee signs with the member's GE), the two ways article L1253-1 of the Code du travail leaves.
See docs/exchange.md.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES
from mutualis.core.models import TenantModel, TenantQuerySet

POST_LIFETIME_DAYS = 90


class PostKind(models.TextChoices):
    FREE_HOURS = "free_hours", _("Heures disponibles d'un salarié")
    UNFILLED_NEED = "unfilled_need", _("Besoin non pourvu d'un adhérent")


class PostStatus(models.TextChoices):
    OPEN = "open", _("Publiée")
    CLOSED = "closed", _("Close")
    EXPIRED = "expired", _("Expirée")


class PostQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        """GE staff see their own posts and the open posts published to a territory their GE belongs
        to and exchanges with. Nobody else sees any post."""
        if membership is None or membership.group_id is None or membership.role not in STAFF_ROLES:
            return self.none()
        from mutualis.territories.models import Territory

        mine = Territory.objects.filter(
            groups=membership.group_id,
            agreements__group=membership.group_id,
            agreements__exchange=True,
            is_active=True,
        )
        return self.filter(
            Q(group_id=membership.group_id)
            | Q(status=PostStatus.OPEN, territories__in=mine, expires_on__gte=timezone.localdate())
        ).distinct()


def default_expiry():
    return timezone.localdate() + datetime.timedelta(days=POST_LIFETIME_DAYS)


class Post(TenantModel):
    """An anonymised post: a job, skills, weekly hours, time windows, a commune — never a person's name."""

    kind = models.CharField(_("type d'annonce"), max_length=20, choices=PostKind.choices)
    job_title = models.CharField(_("emploi"), max_length=200)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True)
    skills = models.CharField(_("compétences"), max_length=500, blank=True)
    weekly_minutes = models.PositiveIntegerField(_("heures par semaine (minutes)"))
    windows = models.JSONField(_("plages horaires"), default=list, blank=True)
    commune = models.ForeignKey(
        "geography.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description (anonymisée)"), blank=True)
    territories = models.ManyToManyField(
        "territories.Territory", verbose_name=_("territoires de diffusion"), related_name="exchange_posts"
    )
    status = models.CharField(_("statut"), max_length=20, choices=PostStatus.choices, default=PostStatus.OPEN)
    expires_on = models.DateField(_("expire le"), default=default_expiry)
    # Internal links, never shown to other GEs.
    employee = models.ForeignKey(
        "employees.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    need = models.ForeignKey("needs.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("annonce de la bourse d'emplois")
        verbose_name_plural = _("annonces de la bourse d'emplois")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="exchange_post_hours_positive",
                condition=Q(weekly_minutes__gt=0, weekly_minutes__lte=2100),
                violation_error_message=_("Les heures par semaine vont de quelques minutes à 35 h."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.job_title}"

    @property
    def is_open(self):
        return self.status == PostStatus.OPEN and self.expires_on >= timezone.localdate()


class ResponseStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")


class ResponsePath(models.TextChoices):
    """The two ways of article L1253-1: a GE's employee works only for the GE's own members."""

    MEMBER_JOINS = "member_joins", _("L'adhérent rejoint le GE du salarié (besoin en brouillon)")
    EMPLOYEE_SIGNS = "employee_signs", _("Le salarié signe avec le GE de l'adhérent (candidat)")


class ResponseQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        """The responding GE's staff and the post's GE's staff."""
        if membership is None or membership.group_id is None or membership.role not in STAFF_ROLES:
            return self.none()
        return self.filter(Q(group_id=membership.group_id) | Q(post__group_id=membership.group_id))


class Response(TenantModel):
    """Another GE's answer to a post (`group` is the responding GE)."""

    post = models.ForeignKey(
        Post, verbose_name=_("annonce"), on_delete=models.CASCADE, related_name="responses"
    )
    message = models.TextField(_("message"))
    weekly_minutes = models.PositiveIntegerField(
        _("heures par semaine proposées (minutes)"), null=True, blank=True
    )
    # The responding GE's member (answer to free hours) or employee (answer to an unfilled need).
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    employee = models.ForeignKey(
        "employees.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.PENDING
    )
    path = models.CharField(
        _("suite donnée (L1253-1)"), max_length=20, choices=ResponsePath.choices, blank=True
    )
    result_need = models.ForeignKey(
        "needs.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_candidate = models.ForeignKey(
        "recruitment.Candidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse à une annonce")
        verbose_name_plural = _("réponses aux annonces")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.post} — {self.get_status_display()}"
