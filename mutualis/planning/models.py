from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.core.constraints import FieldConstraintsMixin, constraint_message
from mutualis.core.models import TenantModel, TenantQuerySet

from .enums import (
    DEFAULT_LIMITS,
    PLANNED_STATUSES,
    AbsenceKind,
    AssignmentStatus,
    ExceptionKind,
    PriorityReason,
    RuleCode,
    Weekday,
    WeekParity,
)


class AssignmentQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(member_id=membership.member_id)
        if membership.role == Role.EMPLOYEE:
            return qs.filter(employee_id=membership.employee_id)
        return qs.none()

    def planned(self):
        return self.filter(status__in=PLANNED_STATUSES)

    def overlapping(self, start, end):
        """Assignments whose period meets the dates [start, end] (both included)."""
        return self.filter(Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start)))


END_BEFORE_START = "end_before_start"
RATE_AND_COEFFICIENT = "rate_and_coefficient"
SAME_MEMBER_TWICE = "same_member_twice"
PRIORITY_TAKEN = "priority_taken"
EMPTY_BLOCK = "empty_block"
EMPTY_BLOCK_MESSAGE = _("La fin doit différer du début.")


class Assignment(FieldConstraintsMixin, TenantModel):
    """A mise à disposition: one employee placed with one member, at one site, on a weekly pattern."""

    employee = models.ForeignKey(
        "employees.Employee", verbose_name=_("salarié"), on_delete=models.PROTECT, related_name="assignments"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="assignments"
    )
    site = models.ForeignKey(
        "members.Site",
        verbose_name=_("lieu de travail"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    contract = models.ForeignKey(
        "employees.Contract",
        verbose_name=_("contrat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    start_date = models.DateField(_("date de début"))
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    # Either an hourly rate billed to the member, or a coefficient on the gross hourly wage;
    # both empty means the GE's default coefficient applies.
    hourly_rate = models.DecimalField(
        _("taux horaire facturé (€ HT)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    billing_coefficient = models.DecimalField(
        _("coefficient de facturation"),
        max_digits=5,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Remplace le coefficient par défaut du groupement pour cette mise à disposition."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priorité"),
        default=0,
        validators=[MaxValueValidator(9)],
        help_text=_("En cas de conflit entre adhérents, la priorité la plus haute l'emporte (0 à 9)."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = AssignmentQuerySet.as_manager()

    CONSTRAINT_FIELDS = {END_BEFORE_START: "end_date", RATE_AND_COEFFICIENT: "billing_coefficient"}

    class Meta:
        verbose_name = _("mise à disposition")
        verbose_name_plural = _("mises à disposition")
        ordering = ["-start_date", "id"]
        indexes = [models.Index(fields=["group", "employee", "start_date"], name="assignment_group_employee")]
        constraints = [
            models.CheckConstraint(
                name="assignment_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                violation_error_code=END_BEFORE_START,
                violation_error_message=_("La date de fin précède la date de début."),
            ),
            models.CheckConstraint(
                name="assignment_rate_or_coefficient",
                condition=Q(hourly_rate__isnull=True) | Q(billing_coefficient__isnull=True),
                violation_error_code=RATE_AND_COEFFICIENT,
                violation_error_message=_("Indiquez un taux horaire ou un coefficient, pas les deux."),
            ),
        ]

    def __str__(self):
        return f"{self.employee} — {self.member} ({self.site.name})"

    @property
    def effective_coefficient(self):
        if self.hourly_rate is not None:
            return None
        return self.billing_coefficient or self.member.group.default_billing_coefficient

    def clean(self):
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            # The constraint's rule, in the constraint's words: `clean()` alone refuses it too.
            errors["end_date"] = constraint_message(Assignment, END_BEFORE_START)
        if self.site_id and self.member_id and self.site.member_id != self.member_id:
            errors["site"] = _("Ce lieu de travail n'appartient pas à cet adhérent.")
        if self.contract_id and self.employee_id and self.contract.employee_id != self.employee_id:
            errors["contract"] = _("Ce contrat n'est pas celui de ce salarié.")
        for name in ("employee", "member", "site", "contract"):
            related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if related is not None and self.group_id and related.group_id != self.group_id:
                errors[name] = _("Cet élément appartient à un autre groupement.")
        if errors:
            raise ValidationError(errors)


class AssignmentSlot(FieldConstraintsMixin, models.Model):
    """One block of the weekly pattern. A slot whose end is not after its start ends the next day."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("mise à disposition"), on_delete=models.CASCADE, related_name="slots"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    week_parity = models.CharField(
        _("semaines"), max_length=4, choices=WeekParity.choices, default=WeekParity.EVERY, blank=True
    )

    CONSTRAINT_FIELDS = {EMPTY_BLOCK: "end_time"}

    class Meta:
        verbose_name = _("créneau hebdomadaire")
        verbose_name_plural = _("créneaux hebdomadaires")
        ordering = ["weekday", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                name="slot_weekday_0_6",
                condition=Q(weekday__lte=6),
                violation_error_message=_("Le jour d'un créneau va du lundi au dimanche."),
            ),
            models.CheckConstraint(
                name="slot_not_empty",
                condition=~Q(start_time=models.F("end_time")),
                violation_error_code=EMPTY_BLOCK,
                violation_error_message=EMPTY_BLOCK_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def crosses_midnight(self):
        return self.end_time <= self.start_time


class AbsenceQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        # The reason of an absence (sickness) is health data: members see only that the
        # employee is absent, through the planning, never the absence rows themselves.
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.EMPLOYEE:
            return qs.filter(employee_id=membership.employee_id)
        return qs.none()

    def overlapping(self, start, end):
        """Absences meeting the datetimes [start, end)."""
        return self.filter(start__lt=end, end__gt=start)


class Absence(FieldConstraintsMixin, TenantModel):
    """An employee's absence (paid leave, sickness, training…): planned work inside it is not worked."""

    PERSONAL_DATA = {
        "kind": _("5 ans après la fin du dernier contrat"),
        "comment": _("5 ans après la fin du dernier contrat"),
    }

    employee = models.ForeignKey(
        "employees.Employee", verbose_name=_("salarié"), on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField(_("motif"), max_length=20, choices=AbsenceKind.choices)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    comment = models.CharField(_("commentaire"), max_length=250, blank=True)

    objects = AbsenceQuerySet.as_manager()

    CONSTRAINT_FIELDS = {END_BEFORE_START: "end"}

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start", "id"]
        indexes = [models.Index(fields=["group", "employee", "start"], name="absence_group_employee")]
        constraints = [
            models.CheckConstraint(
                name="absence_end_after_start",
                condition=Q(end__gt=models.F("start")),
                violation_error_code=END_BEFORE_START,
                violation_error_message=_("La fin de l'absence doit suivre son début."),
            )
        ]

    def __str__(self):
        return f"{self.employee} — {self.get_kind_display()}"


class ScheduleExceptionQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(assignment__member_id=membership.member_id)
        if membership.role == Role.EMPLOYEE:
            return qs.filter(assignment__employee_id=membership.employee_id)
        return qs.none()


class ScheduleException(FieldConstraintsMixin, TenantModel):
    """A change to one day of an assignment's pattern.

    cancelled: nothing is worked on `date` for this assignment;
    moved: the pattern of `date` is replaced by `start_time`–`end_time` on `new_date`;
    added: `start_time`–`end_time` is worked on `date` in addition to the pattern.
    """

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("mise à disposition"), on_delete=models.CASCADE, related_name="exceptions"
    )
    kind = models.CharField(_("type"), max_length=20, choices=ExceptionKind.choices)
    date = models.DateField(_("jour concerné"))
    new_date = models.DateField(_("nouveau jour"), null=True, blank=True)
    start_time = models.TimeField(_("début"), null=True, blank=True)
    end_time = models.TimeField(_("fin"), null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=250, blank=True)

    objects = ScheduleExceptionQuerySet.as_manager()

    CONSTRAINT_FIELDS = {EMPTY_BLOCK: "end_time"}

    class Meta:
        verbose_name = _("exception au planning")
        verbose_name_plural = _("exceptions au planning")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                name="exception_fields_match_kind",
                condition=(
                    Q(kind=ExceptionKind.CANCELLED, new_date__isnull=True, start_time__isnull=True)
                    | Q(kind=ExceptionKind.MOVED, new_date__isnull=False, start_time__isnull=False)
                    | Q(kind=ExceptionKind.ADDED, new_date__isnull=True, start_time__isnull=False)
                ),
                violation_error_message=_(
                    "Les horaires et le nouveau jour ne correspondent pas à ce type de changement."
                ),
            ),
            models.CheckConstraint(
                name="exception_times_together",
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False),
                violation_error_message=_("Indiquez l'heure de début et l'heure de fin, ou aucune des deux."),
            ),
            models.CheckConstraint(
                name="exception_not_empty",
                condition=Q(start_time__isnull=True) | ~Q(start_time=models.F("end_time")),
                violation_error_code=EMPTY_BLOCK,
                violation_error_message=EMPTY_BLOCK_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    def clean(self):
        errors = {}
        needs_times = self.kind in (ExceptionKind.MOVED, ExceptionKind.ADDED)
        if needs_times and (self.start_time is None or self.end_time is None):
            errors["start_time"] = _("Indiquez l'heure de début et l'heure de fin.")
        # An end equal to the start: the constraint (`CONSTRAINT_FIELDS`), as for a weekly slot.
        if self.kind == ExceptionKind.MOVED and self.new_date is None:
            errors["new_date"] = _("Indiquez le nouveau jour.")
        if self.kind != ExceptionKind.MOVED and self.new_date is not None:
            errors["new_date"] = _("Le nouveau jour ne vaut que pour une journée déplacée.")
        if self.kind == ExceptionKind.CANCELLED and self.start_time is not None:
            errors["start_time"] = _("Une journée annulée n'a pas d'horaires.")
        if errors:
            raise ValidationError(errors)


class WorkingTimeRule(TenantModel):
    """One working-time rule of a GE with its limit (a director may change it, e.g. 12 h days by agreement)."""

    code = models.CharField(_("règle"), max_length=40, choices=RuleCode.choices)
    limit = models.PositiveIntegerField(_("limite"))
    is_active = models.BooleanField(_("vérifiée"), default=True)
    note = models.CharField(
        _("justification"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple l'accord collectif qui autorise une autre limite."),
    )

    class Meta:
        verbose_name = _("règle de durée du travail")
        verbose_name_plural = _("règles de durée du travail")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "code"],
                name="rule_unique_code_per_group",
                violation_error_message=_("Ce groupement a déjà cette règle."),
            ),
            models.CheckConstraint(
                name="rule_positive_limit",
                condition=Q(limit__gt=0),
                violation_error_message=_("La limite d'une règle doit être positive."),
            ),
        ]

    def __str__(self):
        return f"{self.get_code_display()} : {self.limit}"

    @property
    def default_limit(self):
        return DEFAULT_LIMITS[RuleCode(self.code)]


class RuleOverrideQuerySet(TenantQuerySet):
    def update(self, **kwargs):
        raise PermissionError("Rule overrides are append-only.")

    def delete(self):
        raise PermissionError("Rule overrides are append-only.")


class RuleOverride(TenantModel):
    """Append-only log: a director saved a planning change despite a working-time violation."""

    employee = models.ForeignKey(
        "employees.Employee", verbose_name=_("salarié"), on_delete=models.PROTECT, related_name="+"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("mise à disposition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="overrides",
    )
    rule_code = models.CharField(_("règle"), max_length=40)
    message = models.TextField(_("infraction"))
    days = models.JSONField(_("jours"), default=list)
    members = models.JSONField(_("adhérents"), default=list)
    reason = models.TextField(_("justification"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("auteur"), max_length=150)

    objects = RuleOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("dérogation enregistrée")
        verbose_name_plural = _("dérogations enregistrées")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.actor_label} {self.rule_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Rule overrides are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Rule overrides are append-only.")


class PriorityRule(FieldConstraintsMixin, TenantModel):
    """Which member prevails when two members' blocks of one employee collide.

    Recorded per placement agreement (an employee shared by the two members) or, without an
    employee, for every employee the two members share. Applied when the planner resolves a
    conflict; without a rule, the assignments' priority ranks decide.
    """

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="priority_rules",
        help_text=_("Vide : tous les salariés partagés par ces deux adhérents."),
    )
    prevailing_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("adhérent prioritaire"),
        on_delete=models.CASCADE,
        related_name="prevailing_rules",
    )
    yielding_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("adhérent qui cède"),
        on_delete=models.CASCADE,
        related_name="yielding_rules",
    )
    reason = models.CharField(_("motif"), max_length=20, choices=PriorityReason.choices)
    note = models.CharField(
        _("précision"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple : « urgence chez A prime sur confort chez B »."),
    )

    CONSTRAINT_FIELDS = {SAME_MEMBER_TWICE: "yielding_member", PRIORITY_TAKEN: "yielding_member"}

    class Meta:
        verbose_name = _("règle de priorité")
        verbose_name_plural = _("règles de priorité")
        ordering = ["prevailing_member__name", "yielding_member__name", "id"]
        constraints = [
            models.CheckConstraint(
                name="priority_two_members",
                condition=~Q(prevailing_member=models.F("yielding_member")),
                violation_error_code=SAME_MEMBER_TWICE,
                violation_error_message=_("Choisissez deux adhérents différents."),
            ),
            models.UniqueConstraint(
                fields=["group", "employee", "prevailing_member", "yielding_member"],
                name="priority_unique_per_agreement",
                violation_error_code=PRIORITY_TAKEN,
                violation_error_message=_(
                    "Une règle de priorité existe déjà entre ces deux adhérents pour ce salarié."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.prevailing_member} > {self.yielding_member}"

    def clean(self):
        errors = {}
        for name in ("employee", "prevailing_member", "yielding_member"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and self.group_id and related.group_id != self.group_id:
                errors[name] = _("Cet élément appartient à un autre groupement.")
        if errors:
            raise ValidationError(errors)
