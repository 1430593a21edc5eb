"""The week timeline of ENGINE.md: whole minutes from Monday 00:00 (0 <= start < end <= 11520).

Pure helpers shared by models, forms, the instance builder and the week charts.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DAY_MINUTES = 1440
WEEK_MINUTES = 7 * DAY_MINUTES
# A slot may run past Sunday midnight into the next Monday.
TIMELINE_END = WEEK_MINUTES + DAY_MINUTES
ISO_WEEKS = range(1, 54)

WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]
WEEKDAY_LABELS = dict(WEEKDAYS)


def to_minutes(weekday, hours, minutes=0):
    return weekday * DAY_MINUTES + hours * 60 + minutes


def clock(minute):
    """'08:30' for a minute of the timeline (the day is dropped; 24:00 for a midnight end)."""
    in_day = minute % DAY_MINUTES
    if in_day == 0 and minute > 0:
        return "24:00"
    return f"{in_day // 60:02d}:{in_day % 60:02d}"


def weekday_of(minute):
    return (minute // DAY_MINUTES) % 7


def describe(start, end):
    """'lundi 08:00–12:00' (French, for messages and tables)."""
    return f"{WEEKDAY_LABELS[weekday_of(start)]} {clock(start)}–{clock(end)}"


def intervals_overlap(a, b):
    """Half-open intervals [start, end) overlap; touching ends do not."""
    return a[0] < b[1] and b[0] < a[1]


def weeks_intersect(a, b):
    """Active ISO weeks (None = every week) share at least one week."""
    if a is None or b is None:
        return True
    return bool(set(a) & set(b))


def total_minutes(intervals):
    return sum(end - start for start, end in intervals)


def normalise_intervals(items):
    """[(start, end)] from tuples or {"start", "end"} dicts, sorted."""
    result = []
    for item in items:
        if isinstance(item, dict):
            result.append((int(item["start"]), int(item["end"])))
        else:
            start, end = item
            result.append((int(start), int(end)))
    return sorted(result)


def format_duration(minutes):
    """'24 h', '7 h 30' (French notation)."""
    hours, rest = divmod(int(minutes or 0), 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def parse_weeks(text):
    """'1-10, 27, 30-35' -> [1, …, 10, 27, 30, …, 35]; empty -> None (every week)."""
    text = (text or "").strip()
    if not text:
        return None
    weeks = []
    for part in re.split(r"[,;\s]+", text):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", part)
        if not match:
            raise ValidationError(
                _("« %(part)s » n'est ni un numéro de semaine ni une plage (exemple : 1-10, 27)."),
                params={"part": part},
            )
        first, last = int(match[1]), int(match[2] or match[1])
        if not (1 <= first <= 53 and 1 <= last <= 53) or last < first:
            raise ValidationError(
                _("« %(part)s » : les semaines vont de 1 à 53, dans l'ordre."), params={"part": part}
            )
        weeks.extend(w for w in range(first, last + 1) if w not in weeks)
    return sorted(weeks)


def format_weeks(weeks):
    """[1, 2, 3, 7] -> '1-3, 7'."""
    if not weeks:
        return ""
    weeks = sorted(weeks)
    parts, start, previous = [], weeks[0], weeks[0]
    for week in weeks[1:] + [None]:
        if week is not None and week == previous + 1:
            previous = week
            continue
        parts.append(f"{start}-{previous}" if previous != start else f"{start}")
        if week is not None:
            start = previous = week
    return ", ".join(parts)


SHORT_DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


def summarise(intervals):
    """Compact French text of weekly intervals: 'lun.–ven. 08:00–12:00 ; sam. 09:00–11:00'."""
    by_time = {}
    for start, end in sorted(intervals):
        key = (start % DAY_MINUTES, end - start)
        by_time.setdefault(key, []).append(weekday_of(start))
    parts = []
    for (offset, length), days in sorted(by_time.items(), key=lambda item: (min(item[1]), item[0])):
        days = sorted(set(days))
        runs, first, previous = [], days[0], days[0]
        for day in [*days[1:], None]:
            if day is not None and day == previous + 1:
                previous = day
                continue
            if previous - first >= 2:
                runs.append(f"{SHORT_DAYS[first]}–{SHORT_DAYS[previous]}")
            else:
                runs.extend(SHORT_DAYS[d] for d in range(first, previous + 1))
            if day is not None:
                first = previous = day
        parts.append(f"{', '.join(runs)} {clock(offset)}–{clock(offset + length)}")
    return " ; ".join(parts)
