"""Business rules on a need's schedule (slots, windows, overlaps), each naming the field it blames.

`check_schedule` returns a dict field -> list of French messages, empty when all is well; services
raise it as a ValidationError so forms and the API show it on the right field.
"""

from django.utils.translation import gettext as _

from .models import NeedKind
from .timeline import TIMELINE_END, describe, format_duration, intervals_overlap, weeks_intersect


def _check_intervals(intervals, field, label):
    errors = []
    for index, (start, end) in enumerate(intervals, start=1):
        if start < 0 or start >= TIMELINE_END:
            errors.append(
                _("%(label)s %(n)s : le début est hors de la semaine (0 à %(max)s minutes).")
                % {"label": label, "n": index, "max": TIMELINE_END - 1}
            )
        elif end <= start:
            errors.append(
                _("%(label)s %(n)s : la fin (%(end)s) doit être après le début (%(start)s).")
                % {"label": label, "n": index, "end": end, "start": start}
            )
        elif end > TIMELINE_END:
            errors.append(
                _("%(label)s %(n)s : la fin dépasse la semaine (lundi suivant 24:00 au plus).")
                % {"label": label, "n": index}
            )
    if not errors:
        ordered = sorted(intervals)
        for previous, current in zip(ordered, ordered[1:], strict=False):
            if intervals_overlap(previous, current):
                errors.append(
                    _("%(label)s : %(a)s chevauche %(b)s.")
                    % {"label": label, "a": describe(*previous), "b": describe(*current)}
                )
    return {field: errors} if errors else {}


def check_schedule(*, kind, slots, windows, weekly_minutes=None, min_block_minutes=None):
    """Shape of a need's time: fixed needs have valid, non-overlapping slots; flexible ones fit their windows."""
    errors = {}
    if kind == NeedKind.FIXED:
        if not slots:
            return {"slots": [_("Un besoin à créneaux fixes indique au moins un créneau.")]}
        if windows:
            errors["windows"] = [_("Les plages permises ne valent que pour un besoin flexible.")]
        errors.update(_check_intervals(slots, "slots", _("Créneau")))
        return errors
    if slots:
        errors["slots"] = [_("Un besoin flexible n'a pas de créneaux fixes : indiquez des plages permises.")]
    window_errors = _check_intervals(windows, "windows", _("Plage"))
    errors.update(window_errors)
    if windows and not window_errors and weekly_minutes:
        capacity = sum(end - start for start, end in windows)
        if capacity < weekly_minutes:
            errors["weekly_minutes"] = [
                _("Le volume hebdomadaire (%(volume)s) dépasse la durée des plages permises (%(capacity)s).")
                % {"volume": format_duration(weekly_minutes), "capacity": format_duration(capacity)}
            ]
        elif min_block_minutes and max(end - start for start, end in windows) < min_block_minutes:
            errors["min_block_minutes"] = [
                _("Aucune plage permise n'est assez longue pour un bloc de %(block)s.")
                % {"block": format_duration(min_block_minutes)}
            ]
    return errors


def overlapping_need(*, candidates, slots, weeks):
    """The first need among `candidates` (with prefetched slots) whose fixed slots overlap `slots`
    in a common active week, with the two clashing intervals; None when there is none."""
    for other in candidates:
        if other.kind != NeedKind.FIXED or not weeks_intersect(weeks, other.weeks):
            continue
        for other_slot in other.slots.all():
            theirs = (other_slot.start, other_slot.end)
            for mine in slots:
                if intervals_overlap(mine, theirs):
                    return other, mine, theirs
    return None
