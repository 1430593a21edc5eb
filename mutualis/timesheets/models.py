"""Timesheets (relevés d'heures): one per employee × member × month, planned and actual hours kept.

A closed timesheet is locked: its rows refuse any change, through `save()`/`delete()` and through
their querysets' `update()`/`delete()`. The event log is append-only.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.core.models import TenantModel, TenantQuerySet

from .enums import CalendarKind, EventKind, TimesheetStatus


class TimesheetLocked(PermissionError):
    """A change to a closed timesheet (or one of its entries)."""


def _locked():
    return TimesheetLocked("This timesheet is closed: it can no longer change.")


class TimesheetQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(member_id=membership.member_id)
        if membership.role == Role.EMPLOYEE:
            return qs.filter(employee_id=membership.employee_id)
        return qs.none()

    def for_month(self, month):
        return self.filter(month=month.replace(day=1))

    def update(self, **kwargs):
        if self.filter(status=TimesheetStatus.CLOSED).exists():
            raise _locked()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=TimesheetStatus.CLOSED).exists():
            raise _locked()
        return super().delete()


class Timesheet(TenantModel):
    """The hours of one employee at one member for one month (`month` is the first day)."""

    employee = models.ForeignKey(
        "employees.Employee", verbose_name=_("salarié"), on_delete=models.PROTECT, related_name="timesheets"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="timesheets"
    )
    contract = models.ForeignKey(
        "employees.Contract",
        verbose_name=_("contrat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="timesheets",
    )
    month = models.DateField(_("mois"), help_text=_("Premier jour du mois."))
    status = models.CharField(
        _("statut"), max_length=20, choices=TimesheetStatus.choices, default=TimesheetStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    last_reminder_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)

    objects = TimesheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("relevé d'heures")
        verbose_name_plural = _("relevés d'heures")
        ordering = ["-month", "employee__last_name", "employee__first_name", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "member", "month"],
                name="timesheet_unique_month",
                violation_error_message=_(
                    "Ce salarié a déjà un relevé d'heures chez cet adhérent pour ce mois."
                ),
            ),
        ]
        indexes = [models.Index(fields=["group", "month", "status"], name="timesheet_group_month")]

    def __str__(self):
        return f"{self.employee} — {self.member} — {self.month:%m/%Y}"

    def save(self, *args, **kwargs):
        if (
            self.pk is not None
            and Timesheet.objects.filter(pk=self.pk, status=TimesheetStatus.CLOSED).exists()
        ):
            raise _locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if (
            self.pk is not None
            and Timesheet.objects.filter(pk=self.pk, status=TimesheetStatus.CLOSED).exists()
        ):
            raise _locked()
        return super().delete(*args, **kwargs)

    @property
    def is_closed(self):
        return self.status == TimesheetStatus.CLOSED


class TimeEntryQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(timesheet__member_id=membership.member_id)
        if membership.role == Role.EMPLOYEE:
            return qs.filter(timesheet__employee_id=membership.employee_id)
        return qs.none()

    def update(self, **kwargs):
        if self.filter(timesheet__status=TimesheetStatus.CLOSED).exists():
            raise _locked()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(timesheet__status=TimesheetStatus.CLOSED).exists():
            raise _locked()
        return super().delete()


class TimeEntry(TenantModel):
    """One planned block of a timesheet (or an unplanned one), with the hours actually worked.

    Planned values come from the planning and are refreshed when the month is regenerated; actual
    values start equal to the planned ones and are what the employee corrects (`corrected_at` set:
    regeneration keeps them). Violations of the working-time rules found on the actual hours are
    recorded, not blocking.
    """

    PERSONAL_DATA = {
        "comment": _("5 ans après la clôture du mois (justificatif de paie et de facturation)"),
    }

    timesheet = models.ForeignKey(
        Timesheet, verbose_name=_("relevé"), on_delete=models.CASCADE, related_name="entries"
    )
    date = models.DateField(_("jour"))
    assignment = models.ForeignKey(
        "planning.Assignment",
        verbose_name=_("mise à disposition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site = models.ForeignKey(
        "members.Site",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_start = models.DateTimeField(_("début prévu"), null=True, blank=True)
    planned_end = models.DateTimeField(_("fin prévue"), null=True, blank=True)
    planned_minutes = models.PositiveIntegerField(_("minutes prévues"), default=0)
    actual_start = models.DateTimeField(_("début réel"), null=True, blank=True)
    actual_end = models.DateTimeField(_("fin réelle"), null=True, blank=True)
    actual_minutes = models.PositiveIntegerField(_("minutes réelles"), default=0)
    comment = models.CharField(_("commentaire"), max_length=500, blank=True)
    corrected_at = models.DateTimeField(_("corrigé le"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrigé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    violations = models.JSONField(_("infractions relevées"), default=list, blank=True)
    # Unusual hours (mutualis/timesheets/anomalies.py): they need a reason (`comment`) before the
    # timesheet is sent, and a review by the GE at closing before the month can be billed.
    anomalies = models.JSONField(_("heures inhabituelles"), default=list, blank=True)
    needs_review = models.BooleanField(_("à revoir à la clôture"), default=False)
    reviewed_at = models.DateTimeField(_("revu le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revu par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TimeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ligne de relevé")
        verbose_name_plural = _("lignes de relevé")
        ordering = ["date", "planned_start", "id"]
        constraints = [
            models.CheckConstraint(
                name="entry_actual_times_together",
                condition=Q(actual_start__isnull=True, actual_end__isnull=True)
                | Q(
                    actual_start__isnull=False,
                    actual_end__isnull=False,
                    actual_end__gt=models.F("actual_start"),
                ),
                violation_error_message=_(
                    "Indiquez l'heure réelle de début et celle de fin (après le début), ou aucune des deux."
                ),
            ),
            models.CheckConstraint(
                name="entry_planned_times_together",
                condition=Q(planned_start__isnull=True, planned_end__isnull=True)
                | Q(planned_start__isnull=False, planned_end__isnull=False),
                violation_error_message=_(
                    "Indiquez l'heure prévue de début et celle de fin, ou aucune des deux."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.timesheet} — {self.date:%d/%m/%Y}"

    def _timesheet_closed(self):
        return Timesheet.objects.filter(pk=self.timesheet_id, status=TimesheetStatus.CLOSED).exists()

    def save(self, *args, **kwargs):
        if self._timesheet_closed():
            raise _locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._timesheet_closed():
            raise _locked()
        return super().delete(*args, **kwargs)

    @property
    def difference_minutes(self):
        return self.actual_minutes - self.planned_minutes

    @property
    def difference_label(self):
        """The difference as a French duration, signed: « +0 h 45 », « -1 h 00 », « 0 h 00 »."""
        minutes = self.difference_minutes
        h, m = divmod(abs(minutes), 60)
        sign = "+" if minutes > 0 else "-" if minutes < 0 else ""
        return f"{sign}{h} h {m:02d}"

    @property
    def is_corrected(self):
        return self.corrected_at is not None


class TimesheetEventQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(timesheet__member_id=membership.member_id)
        if membership.role == Role.EMPLOYEE:
            return qs.filter(timesheet__employee_id=membership.employee_id)
        return qs.none()

    def update(self, **kwargs):
        raise PermissionError("The timesheet log is append-only.")

    def delete(self):
        raise PermissionError("The timesheet log is append-only.")


class TimesheetEvent(TenantModel):
    """Append-only log of a timesheet: who generated, corrected, sent, validated, disputed, closed it."""

    timesheet = models.ForeignKey(
        Timesheet, verbose_name=_("relevé"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("événement"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("auteur"), max_length=150)
    day = models.DateField(_("jour concerné"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    objects = TimesheetEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement du relevé")
        verbose_name_plural = _("historique des relevés")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The timesheet log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The timesheet log is append-only.")


def new_calendar_token():
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(kind=CalendarKind.MEMBER, member_id=membership.member_id)
        if membership.role == Role.EMPLOYEE:
            return qs.filter(kind=CalendarKind.EMPLOYEE, employee_id=membership.employee_id)
        return qs.none()


class CalendarToken(TenantModel):
    """The secret of one calendar feed (an employee's, or a member's). Regenerating replaces it."""

    kind = models.CharField(_("calendrier"), max_length=20, choices=CalendarKind.choices)
    employee = models.OneToOneField(
        "employees.Employee",
        verbose_name=_("salarié"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("adhérent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_calendar_token)
    regenerated_at = models.DateTimeField(_("régénéré le"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton de calendrier")
        verbose_name_plural = _("jetons de calendrier")
        constraints = [
            models.CheckConstraint(
                name="calendar_token_one_owner",
                condition=Q(kind=CalendarKind.EMPLOYEE, employee__isnull=False, member__isnull=True)
                | Q(kind=CalendarKind.MEMBER, member__isnull=False, employee__isnull=True),
                violation_error_message=_(
                    "Un agenda partagé appartient à un salarié ou à un adhérent, pas aux deux."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.employee or self.member}"
