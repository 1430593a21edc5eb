"""Hours that cannot be absurd (issue 11, item 6): the unusual actual hours of one entry.

Pure functions (no database): `find` compares an entry's actual hours with its planned hours and
the GE's daily cap. An entry with anomalies needs a reason (the entry's comment) before it is
saved or sent, and a review by the GE when the month is closed; until then billing does not bill
its month (see docs/timesheets.md, « Heures inhabituelles »).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

PARIS = ZoneInfo("Europe/Paris")

# Night work period by default (article L3122-2 of the Code du travail): 21:00 to 06:00.
NIGHT_START = dt.time(21)
NIGHT_END = dt.time(6)

OVER_DAILY_CAP = "over_daily_cap"
OVER_PLANNED = "over_planned"
NIGHT_UNPLANNED = "night_unplanned"


def over_planned_margin_minutes():
    """Minutes above the planned hours that an entry may reach without a reason (setting)."""
    return int(getattr(settings, "MUTUALIS_TIMESHEET_OVER_PLANNED_MARGIN_MINUTES", 120))


def fmt(minutes):
    h, m = divmod(int(minutes), 60)
    return f"{h} h {m:02d}"


def night_minutes(start, end):
    """Minutes of [start, end) (aware datetimes) within 21:00–06:00, Paris time."""
    if start is None or end is None or end <= start:
        return 0
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    total = 0
    day = start.date() - dt.timedelta(days=1)
    while day <= end.date():
        night_from = dt.datetime.combine(day, NIGHT_START, tzinfo=PARIS)
        night_to = dt.datetime.combine(day + dt.timedelta(days=1), NIGHT_END, tzinfo=PARIS)
        overlap = (min(end, night_to) - max(start, night_from)).total_seconds()
        if overlap > 0:
            total += int(overlap // 60)
        day += dt.timedelta(days=1)
    return total


def find(*, actual_start, actual_end, actual_minutes, planned_start, planned_end, planned_minutes, daily_cap):
    """[{"code", "message"}] of one entry's actual hours; [] when nothing is unusual.

    - longer than the GE's daily cap (`daily_cap` minutes, None: the rule is off);
    - more than planned by more than the margin (setting MUTUALIS_TIMESHEET_OVER_PLANNED_MARGIN_MINUTES);
    - night hours (21:00–06:00) when no night hour was planned.
    """
    found = []
    if not actual_minutes:
        return found
    if daily_cap is not None and actual_minutes > daily_cap:
        found.append(
            {
                "code": OVER_DAILY_CAP,
                "message": f"{fmt(actual_minutes)} déclarées, plus que la durée maximale "
                f"de {fmt(daily_cap)} par jour",
            }
        )
    margin = over_planned_margin_minutes()
    if actual_minutes > planned_minutes + margin:
        found.append(
            {
                "code": OVER_PLANNED,
                "message": f"{fmt(actual_minutes)} déclarées pour {fmt(planned_minutes)} prévues "
                f"(plus de {fmt(margin)} d'écart)",
            }
        )
    night = night_minutes(actual_start, actual_end)
    if night and not night_minutes(planned_start, planned_end):
        found.append(
            {
                "code": NIGHT_UNPLANNED,
                "message": f"{fmt(night)} de nuit (21 h – 6 h) alors qu'aucune heure de nuit n'était prévue",
            }
        )
    return found


def summary(anomalies):
    """One French sentence for a list of anomalies."""
    return " ; ".join(a["message"] for a in anomalies)
