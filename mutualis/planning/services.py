"""Writes of the planning. Every change that adds a working-time violation is refused unless the
director gives a reason, which is logged (RuleOverride + journal). All or nothing."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.core.constraints import constraint_message

from . import perms, selectors
from .enums import DEFAULT_LIMITS, AssignmentStatus, ExceptionKind, RuleCode, WeekParity
from .models import (
    EMPTY_BLOCK,
    END_BEFORE_START,
    PRIORITY_TAKEN,
    Absence,
    Assignment,
    AssignmentSlot,
    PriorityRule,
    RuleOverride,
    ScheduleException,
    WorkingTimeRule,
)

MAX_CHECK_DAYS = 364  # an open-ended pattern is checked over its first year


class PlanningConflict(Exception):
    """The change creates working-time violations; `violations` lists them."""

    def __init__(self, violations, *, can_override):
        self.violations = violations
        self.can_override = can_override
        super().__init__("; ".join(v.message_fr for v in violations))


@dataclass(frozen=True)
class SlotSpec:
    weekday: int
    start_time: dt.time
    end_time: dt.time
    week_parity: str = WeekParity.EVERY


@dataclass(frozen=True)
class SaveResult:
    obj: object
    overridden: tuple = ()  # violations saved anyway, with the director's reason


# --- rules ----------------------------------------------------------------------------------------


@transaction.atomic
def ensure_default_rules(group):
    """Create the GE's missing rule rows with the legal defaults. Idempotent."""
    existing = set(WorkingTimeRule.objects.filter(group=group).values_list("code", flat=True))
    WorkingTimeRule.objects.bulk_create(
        WorkingTimeRule(group=group, code=code, limit=limit)
        for code, limit in DEFAULT_LIMITS.items()
        if code not in existing
    )
    return list(WorkingTimeRule.objects.filter(group=group))


@transaction.atomic
def update_rule(*, membership, rule, limit, is_active=True, note=""):
    if not perms.can_edit_rules(membership) or rule.group_id != membership.group_id:
        raise PermissionDenied(_("Seule la direction du groupement peut modifier les règles."))
    if limit is None or int(limit) <= 0:
        raise ValidationError({"limit": _("La limite doit être un nombre entier positif.")})
    before = {"limit": rule.limit, "is_active": rule.is_active}
    rule.limit, rule.is_active, rule.note = int(limit), bool(is_active), note
    rule.save(update_fields=["limit", "is_active", "note", "updated_at"])
    journal.record(
        action="planning.rule_updated",
        actor=membership.user,
        group=rule.group,
        target=rule,
        code=rule.code,
        before=before,
        after={"limit": rule.limit, "is_active": rule.is_active},
    )
    return rule


# --- the guarded change ---------------------------------------------------------------------------


def _check_span(start, end):
    end = end or start + dt.timedelta(days=MAX_CHECK_DAYS)
    return start, min(end, start + dt.timedelta(days=MAX_CHECK_DAYS))


def _guarded(*, membership, employee, start, end, apply, override_reason="", assignment=None):
    """Apply a change inside the current transaction and refuse it if it adds violations.

    `apply()` writes and returns the object. Violations already present before the change do not
    block it. With `override_reason`, the director saves anyway and each new violation is logged.
    """
    group = membership.group
    kwargs = {"group": group, "start": start, "end": end, "employee_ids": [employee.pk]}
    expansion, before = selectors.checked_expansion(**kwargs)
    before_keys = {v.key for v in before.get(employee.pk, [])}
    before_weeks = selectors.weekly_minutes(expansion, employee.pk)
    obj = apply()
    expansion, after = selectors.checked_expansion(**kwargs)
    after_weeks = selectors.weekly_minutes(expansion, employee.pk)
    new = [
        v
        for v in after.get(employee.pk, [])
        if v.key not in before_keys and _blocks_the_change(v, before_weeks, after_weeks)
    ]
    if not new:
        return SaveResult(obj)
    can_override = perms.can_override_rules(membership)
    if not override_reason.strip() or not can_override:
        raise PlanningConflict(new, can_override=can_override)
    for violation in new:
        RuleOverride.objects.create(
            group=group,
            employee=employee,
            assignment=assignment or (obj if isinstance(obj, Assignment) else None),
            rule_code=violation.rule_code,
            message=violation.message_fr,
            days=[d.isoformat() for d in violation.days],
            members=[str(m) for m in violation.members],
            reason=override_reason.strip(),
            actor=membership.user,
            actor_label=membership.user.get_username(),
        )
    journal.record(
        action="planning.rule_override",
        actor=membership.user,
        group=group,
        target=obj,
        employee=str(employee.public_id),
        rules=[v.rule_code for v in new],
        reason=override_reason.strip(),
    )
    return SaveResult(obj, tuple(new))


def _blocks_the_change(violation, before_weeks, after_weeks):
    """A week under the part-time floor blocks a change only if the change lowered that week.

    Building an employee's week one assignment at a time passes through short weeks; the floor
    is then shown in the planning, not refused (see docs/planning.md).
    """
    if violation.rule_code != RuleCode.MIN_PART_TIME_WEEKLY_MINUTES:
        return True
    day = violation.days[0]
    monday = day - dt.timedelta(days=day.weekday())
    return after_weeks.get(monday, 0) < before_weeks.get(monday, 0)


def _require_editor(membership):
    if not perms.can_edit_planning(membership):
        raise PermissionDenied(_("Vous ne pouvez pas modifier le planning."))


def _same_group(membership, **objects):
    errors = {
        name: _("Cet élément appartient à un autre groupement.")
        for name, obj in objects.items()
        if obj is not None and obj.group_id != membership.group_id
    }
    if errors:
        raise ValidationError(errors)


def _validate_slots(slots):
    errors = []
    for line, slot in enumerate(slots, start=1):
        if slot.weekday not in range(7):
            errors.append(_("Créneau %(line)d : jour inconnu.") % {"line": line})
        elif slot.start_time is None or slot.end_time is None:
            errors.append(
                _("Créneau %(line)d : indiquez l'heure de début et l'heure de fin.") % {"line": line}
            )
        elif slot.start_time == slot.end_time:
            message = str(constraint_message(AssignmentSlot, EMPTY_BLOCK))
            errors.append(
                _("Créneau %(line)d : %(message)s")
                % {"line": line, "message": message[0].lower() + message[1:]}
            )
        elif slot.week_parity not in WeekParity.values:
            errors.append(_("Créneau %(line)d : choix de semaines inconnu.") % {"line": line})
    if errors:
        raise ValidationError({"slots": errors})


# --- assignments ----------------------------------------------------------------------------------


@transaction.atomic
def save_assignment(
    *,
    membership,
    employee,
    member,
    site,
    start_date,
    slots,
    end_date=None,
    contract=None,
    hourly_rate=None,
    billing_coefficient=None,
    priority=0,
    status=AssignmentStatus.ACTIVE,
    notes="",
    assignment=None,
    override_reason="",
):
    """Create or change an assignment and its weekly pattern (slots: [SlotSpec]).

    Raises ValidationError (fields named), PermissionDenied, or PlanningConflict when the change
    adds working-time violations and no director's `override_reason` is given.
    """
    _require_editor(membership)
    _same_group(
        membership, employee=employee, member=member, site=site, contract=contract, assignment=assignment
    )
    if assignment is not None and assignment.employee_id != employee.pk:
        raise ValidationError({"employee": _("Le salarié d'une mise à disposition ne peut pas changer.")})
    slots = list(slots)
    _validate_slots(slots)
    span_start, span_end = _check_span(start_date, end_date)
    if assignment is not None:
        old_start, old_end = _check_span(assignment.start_date, assignment.end_date)
        span_start, span_end = min(span_start, old_start), max(span_end, old_end)
    target = assignment or Assignment(group=membership.group)
    target.employee, target.member, target.site, target.contract = employee, member, site, contract
    target.start_date, target.end_date = start_date, end_date
    target.hourly_rate, target.billing_coefficient = hourly_rate, billing_coefficient
    target.priority, target.status, target.notes = priority, status, notes
    target.full_clean()
    created = target.pk is None

    def apply():
        target.save()
        target.slots.all().delete()
        AssignmentSlot.objects.bulk_create(
            AssignmentSlot(
                assignment=target,
                weekday=s.weekday,
                start_time=s.start_time,
                end_time=s.end_time,
                week_parity=s.week_parity,
            )
            for s in slots
        )
        return target

    result = _guarded(
        membership=membership,
        employee=employee,
        start=span_start,
        end=span_end,
        apply=apply,
        override_reason=override_reason,
    )
    journal.record(
        action="planning.assignment_created" if created else "planning.assignment_updated",
        actor=membership.user,
        group=membership.group,
        target=target,
        employee=str(employee.public_id),
        member=str(member.public_id),
        slots=[f"{s.weekday} {s.start_time:%H:%M}-{s.end_time:%H:%M} {s.week_parity}".strip() for s in slots],
    )
    return result


@transaction.atomic
def end_assignment(*, membership, assignment, end_date):
    """End an assignment on `end_date` (removing work never adds a violation, except the 24 h floor).

    `end_date` may not be later than an end already planned: that would add unchecked work.
    """
    _require_editor(membership)
    _same_group(membership, assignment=assignment)
    if end_date < assignment.start_date:
        raise ValidationError({"end_date": constraint_message(Assignment, END_BEFORE_START)})
    if assignment.end_date is not None and end_date > assignment.end_date:
        # Ending only removes work, so it is not checked; a later end adds work and goes through
        # save_assignment, which checks it.
        raise ValidationError(
            {
                "end_date": _(
                    "Pour prolonger une mise à disposition, modifiez-la : la prolongation est vérifiée."
                )
            }
        )
    assignment.end_date = end_date
    assignment.status = AssignmentStatus.ENDED if end_date < timezone.localdate() else assignment.status
    assignment.save(update_fields=["end_date", "status", "updated_at"])
    journal.record(
        action="planning.assignment_ended",
        actor=membership.user,
        group=membership.group,
        target=assignment,
        end_date=end_date.isoformat(),
    )
    return assignment


@transaction.atomic
def save_schedule_exception(
    *,
    membership,
    assignment,
    kind,
    date,
    new_date=None,
    start_time=None,
    end_time=None,
    reason="",
    override_reason="",
):
    """Cancel, move or add one day of an assignment, checked like any change."""
    _require_editor(membership)
    _same_group(membership, assignment=assignment)
    exception = ScheduleException(
        group=membership.group,
        assignment=assignment,
        kind=kind,
        date=date,
        new_date=new_date,
        start_time=start_time,
        end_time=end_time,
        reason=reason,
    )
    exception.full_clean()
    days = [d for d in (date, new_date) if d is not None]

    def apply():
        exception.save()
        return exception

    result = _guarded(
        membership=membership,
        employee=assignment.employee,
        start=min(days),
        end=max(days),
        apply=apply,
        override_reason=override_reason,
        assignment=assignment,
    )
    journal.record(
        action="planning.exception_saved",
        actor=membership.user,
        group=membership.group,
        target=exception,
        kind=kind,
        date=date.isoformat(),
    )
    return result


@transaction.atomic
def record_absence(*, membership, employee, kind, start, end, comment=""):
    """Record an absence; the planned work inside it is no longer counted as worked."""
    _require_editor(membership)
    _same_group(membership, employee=employee)
    absence = Absence(
        group=membership.group, employee=employee, kind=kind, start=start, end=end, comment=comment
    )
    absence.full_clean()
    absence.save()
    journal.record(
        action="planning.absence_recorded",
        actor=membership.user,
        group=membership.group,
        target=absence,
        employee=str(employee.public_id),
    )
    return absence


# --- moving a block (drag and drop, or the form that stands in for it) -------------------------------


@transaction.atomic
def move_block(
    *, membership, assignment, date, new_date, start_time, end_time, reason="", override_reason=""
):
    """Move one day of an assignment's pattern to `new_date` at `start_time`–`end_time`.

    A one-day move is a `moved` schedule exception, checked like any change (PlanningConflict,
    director's override logged).
    """
    return save_schedule_exception(
        membership=membership,
        assignment=assignment,
        kind=ExceptionKind.MOVED,
        date=date,
        new_date=new_date,
        start_time=start_time,
        end_time=end_time,
        reason=reason or _("Déplacement dans le planning"),
        override_reason=override_reason,
    )


@transaction.atomic
def move_pattern_slot(*, membership, assignment, date, new_date, start_time, end_time, override_reason=""):
    """Move the weekly slot worked on `date` to `new_date`'s weekday and times, every week.

    The assignment's pattern changes for its whole period, through `save_assignment` (checked, the
    director's override logged). The day must hold exactly one slot of this assignment.
    """
    week_number = date.isocalendar().week
    slots = list(assignment.slots.all().order_by("weekday", "start_time", "id"))
    matching = [
        slot
        for slot in slots
        if slot.weekday == date.weekday()
        and (not slot.week_parity or (week_number % 2 == 1) == (slot.week_parity == WeekParity.ODD))
    ]
    if len(matching) != 1:
        raise ValidationError(
            {
                "date": _(
                    "Ce jour ne compte pas exactement un créneau hebdomadaire de cette mise à disposition : "
                    "modifiez-la depuis sa fiche."
                )
            }
        )
    moved = matching[0]
    AssignmentSlot(
        weekday=new_date.weekday(), start_time=start_time, end_time=end_time, week_parity=moved.week_parity
    ).full_clean(exclude=["assignment"])
    specs = [
        SlotSpec(new_date.weekday(), start_time, end_time, slot.week_parity)
        if slot.pk == moved.pk
        else SlotSpec(slot.weekday, slot.start_time, slot.end_time, slot.week_parity)
        for slot in slots
    ]
    return save_assignment(
        membership=membership,
        employee=assignment.employee,
        member=assignment.member,
        site=assignment.site,
        start_date=assignment.start_date,
        end_date=assignment.end_date,
        contract=assignment.contract,
        hourly_rate=assignment.hourly_rate,
        billing_coefficient=assignment.billing_coefficient,
        priority=assignment.priority,
        status=assignment.status,
        notes=assignment.notes,
        slots=specs,
        assignment=assignment,
        override_reason=override_reason,
    )


# --- priority between members -----------------------------------------------------------------------


@transaction.atomic
def save_priority_rule(*, membership, prevailing_member, yielding_member, reason, employee=None, note=""):
    """Record which member prevails when the two collide (for one employee, or for all they share)."""
    _require_editor(membership)
    _same_group(
        membership, employee=employee, prevailing_member=prevailing_member, yielding_member=yielding_member
    )
    rule = PriorityRule(
        group=membership.group,
        employee=employee,
        prevailing_member=prevailing_member,
        yielding_member=yielding_member,
        reason=reason,
        note=note,
    )
    rule.full_clean(validate_unique=False)
    pair = {prevailing_member.pk, yielding_member.pk}
    existing = PriorityRule.objects.filter(
        group=membership.group,
        employee=employee,
        prevailing_member_id__in=pair,
        yielding_member_id__in=pair,
    )
    if existing.exists():
        raise ValidationError({"yielding_member": constraint_message(PriorityRule, PRIORITY_TAKEN)})
    rule.save()
    journal.record(
        action="planning.priority_rule_created",
        actor=membership.user,
        group=membership.group,
        target=rule,
        prevailing=str(prevailing_member.public_id),
        yielding=str(yielding_member.public_id),
        employee=str(employee.public_id) if employee else "",
        reason=reason,
    )
    return rule


@transaction.atomic
def delete_priority_rule(*, membership, rule):
    _require_editor(membership)
    _same_group(membership, rule=rule)
    journal.record(
        action="planning.priority_rule_deleted",
        actor=membership.user,
        group=membership.group,
        target=rule,
        prevailing=str(rule.prevailing_member.public_id),
        yielding=str(rule.yielding_member.public_id),
    )
    rule.delete()


@transaction.atomic
def resolve_conflict(*, membership, employee, day, keep, drop, note=""):
    """Keep one of two colliding blocks of `employee` on `day`: the other assignment's day is cancelled.

    `keep` and `drop` are assignments. The decision (kept, dropped, the proposal and what it was
    based on: a priority rule, the ranks, or the planner's choice) is recorded in the journal.
    """
    _require_editor(membership)
    _same_group(membership, employee=employee, keep=keep, drop=drop)
    monday = day - dt.timedelta(days=day.weekday())
    conflict = None
    for candidate in selectors.employee_conflicts(employee, monday):
        pair = {candidate.first["assignment"].pk, candidate.second["assignment"].pk}
        if candidate.day == day and pair == {keep.pk, drop.pk}:
            conflict = candidate
            break
    if conflict is None:
        raise ValidationError(_("Ces deux créneaux ne sont plus en conflit ce jour-là."))
    dropped_block = conflict.first if conflict.first["assignment"].pk == drop.pk else conflict.second
    if dropped_block["source"] != "pattern":
        raise ValidationError(
            _(
                "Le créneau à libérer est déjà un changement ponctuel : modifiez-le depuis la semaine du salarié."
            )
        )
    result = save_schedule_exception(
        membership=membership,
        assignment=drop,
        kind=ExceptionKind.CANCELLED,
        date=day,
        reason=note or _("Conflit entre adhérents résolu"),
    )
    proposed = conflict.proposed["assignment"].pk if conflict.proposed else None
    journal.record(
        action="planning.conflict_resolved",
        actor=membership.user,
        group=membership.group,
        target=result.obj,
        employee=str(employee.public_id),
        day=day.isoformat(),
        kept=str(keep.public_id),
        dropped=str(drop.public_id),
        basis=conflict.basis or "planner",
        rule=str(conflict.rule.public_id) if conflict.rule else "",
        followed_proposal=proposed == keep.pk if proposed else None,
        note=note,
    )
    return result
