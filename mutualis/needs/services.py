"""Writes on needs: keyword-only, atomic, validated (naming the field), journaled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.core import journal

from .models import Need, NeedKind, NeedSlot, NeedStatus, NeedWindow
from .rules import check_schedule, overlapping_need
from .timeline import describe, normalise_intervals

NEED_FIELDS = frozenset(
    {
        "member",
        "declaration",
        "site",
        "city",
        "latitude",
        "longitude",
        "job_title",
        "rome_code",
        "kind",
        "weekly_minutes",
        "min_block_minutes",
        "max_block_minutes",
        "weeks",
        "start_date",
        "expected_duration_months",
        "comments",
        "status",
    }
)


def _siblings(need):
    """The other live needs of the same organisation (member, or census declaration)."""
    qs = Need.objects.live().filter(group_id=need.group_id).prefetch_related("slots")
    if need.member_id:
        qs = qs.filter(member_id=need.member_id)
    else:
        qs = qs.filter(declaration_id=need.declaration_id)
    if need.pk:
        qs = qs.exclude(pk=need.pk)
    return qs


def validate_need(need, *, slots, windows):
    """Every rule on a need and its schedule; raises one ValidationError keyed by field."""
    errors = {}
    try:
        need.full_clean(exclude=["skills"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    schedule_errors = check_schedule(
        kind=need.kind,
        slots=slots,
        windows=windows,
        weekly_minutes=need.weekly_minutes,
        min_block_minutes=need.min_block_minutes,
    )
    for field, messages in schedule_errors.items():
        errors.setdefault(field, []).extend(messages)
    if (
        not errors
        and need.kind == NeedKind.FIXED
        and need.status != NeedStatus.WITHDRAWN
        and (need.member_id or need.declaration_id)
    ):
        clash = overlapping_need(candidates=_siblings(need), slots=slots, weeks=need.weeks)
        if clash is not None:
            other, mine, theirs = clash
            errors["slots"] = [
                _(
                    "Le créneau %(mine)s chevauche le besoin « %(other)s » (%(theirs)s) du même "
                    "adhérent sur des semaines communes."
                )
                % {"mine": describe(*mine), "other": other.job_title, "theirs": describe(*theirs)}
            ]
    if errors:
        raise ValidationError(errors)


def _apply(need, fields):
    unknown = set(fields) - NEED_FIELDS
    if unknown:
        raise TypeError(f"Unknown need fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(need, name, value)


def _replace_schedule(need, slots, windows):
    need.slots.all().delete()
    need.windows.all().delete()
    NeedSlot.objects.bulk_create(NeedSlot(need=need, start=s, end=e) for s, e in slots)
    NeedWindow.objects.bulk_create(NeedWindow(need=need, start=s, end=e) for s, e in windows)


@transaction.atomic
def create_need(*, actor, group, slots=(), windows=(), skills=(), **fields):
    """Create a need with its slots (fixed) or windows (flexible): `slots`/`windows` are
    (start, end) minute pairs or {"start", "end"} dicts on the week timeline."""
    need = Need(group=group, created_by=actor if getattr(actor, "pk", None) else None)
    _apply(need, fields)
    slots, windows = normalise_intervals(slots), normalise_intervals(windows)
    validate_need(need, slots=slots, windows=windows)
    need.save()
    _replace_schedule(need, slots, windows)
    if skills:
        need.skills.set(skills)
    journal.record(action="need.created", actor=actor, group=group, target=need)
    return need


@transaction.atomic
def update_need(*, actor, need, slots=None, windows=None, skills=None, **fields):
    """Change a need; `slots`, `windows`, `skills` replace the current ones when given."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    _apply(need, fields)
    if slots is None:
        slots = [(s.start, s.end) for s in need.slots.all()]
    if windows is None:
        windows = [(w.start, w.end) for w in need.windows.all()]
    slots, windows = normalise_intervals(slots), normalise_intervals(windows)
    validate_need(need, slots=slots, windows=windows)
    need.save()
    _replace_schedule(need, slots, windows)
    if skills is not None:
        need.skills.set(skills)
    journal.record(action="need.updated", actor=actor, group=need.group, target=need, fields=sorted(fields))
    return need


@transaction.atomic
def set_need_status(*, actor, need, status):
    if status not in NeedStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    if need.status != status:
        previous = need.status
        need.status = status
        need.save(update_fields=["status", "updated_at"])
        journal.record(
            action="need.status", actor=actor, group=need.group, target=need, before=previous, after=status
        )
    return need


def withdraw_need(*, actor, need):
    return set_need_status(actor=actor, need=need, status=NeedStatus.WITHDRAWN)
