"""Violations grouped by rule and period, so that a page reads « repos quotidien non respecté tous
les mardis du 6 janvier au 29 décembre » instead of one line per day (issue 11, item 8)."""

import datetime as dt
from itertools import groupby

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import rule_label

MAX_DATES_LISTED = 4


def _day(day):
    return date_format(day, "j F Y")


def _weekday_plural(day):
    # « lundis », « mardis »…: the day name of the locale, plural in French.
    return _("%(weekday)ss") % {"weekday": date_format(day, "l")}


def period(days):
    """French words for a sorted list of distinct dates (the first day of each violation)."""
    if len(days) == 1:
        return _("le %(day)s") % {"day": _day(days[0])}
    steps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    if steps == {7}:
        return _("tous les %(weekday)s du %(first)s au %(last)s") % {
            "weekday": _weekday_plural(days[0]),
            "first": _day(days[0]),
            "last": _day(days[-1]),
        }
    if steps == {1}:
        return _("chaque jour du %(first)s au %(last)s") % {"first": _day(days[0]), "last": _day(days[-1])}
    if len(days) <= MAX_DATES_LISTED:
        listed = ", ".join(_day(d) for d in days[:-1])
        return _("les %(days)s et %(last)s") % {"days": listed, "last": _day(days[-1])}
    return _("%(count)d fois du %(first)s au %(last)s") % {
        "count": len(days),
        "first": _day(days[0]),
        "last": _day(days[-1]),
    }


def group(violations):
    """[{"rule_code", "label", "message", "count"}], one row a rule, in the order rules first appear.

    A rule broken once keeps its own precise message; a rule broken on several days says when, and
    gives the first occurrence as an example."""
    first_seen = {}
    for violation in violations:
        first_seen.setdefault(violation.rule_code, len(first_seen))
    ordered = sorted(violations, key=lambda v: (first_seen[v.rule_code], v.days[:1] or (dt.date.min,)))
    rows = []
    for rule_code, items in groupby(ordered, key=lambda v: v.rule_code):
        items = list(items)
        label = rule_label(rule_code)
        if len(items) == 1:
            rows.append({"rule_code": rule_code, "label": label, "message": items[0].message_fr, "count": 1})
            continue
        days = sorted({v.days[0] for v in items if v.days})
        message = ngettext(
            "Non respectée %(count)d fois, %(period)s. Par exemple : %(example)s",
            "Non respectée %(count)d fois, %(period)s. Par exemple : %(example)s",
            len(items),
        ) % {"count": len(items), "period": period(days) if days else "", "example": items[0].message_fr}
        rows.append({"rule_code": rule_code, "label": label, "message": message, "count": len(items)})
    return rows
