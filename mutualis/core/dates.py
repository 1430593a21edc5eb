"""The window of dates the platform accepts, written once.

No date the domain handles lies before 1900 (a birth date, a member's creation) or after 2199 (a
contract's end, a billing month): anything outside is a typing mistake, refused with a French message
at input (model fields get `validate_plausible_date`, see `mutualis.core.fields`) and answered 404/400
in URLs and query strings instead of overflowing date arithmetic.
"""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
OUT_OF_WINDOW = _("Date hors des limites acceptées (du 01/01/1900 au 31/12/2199).")


def plausible(day) -> bool:
    if isinstance(day, dt.datetime):
        day = day.date()
    return EARLIEST <= day <= LATEST


def validate_plausible_date(value):
    if value is not None and not plausible(value):
        raise ValidationError(OUT_OF_WINDOW, code="date_out_of_window")


def parse_day(value):
    """A YYYY-MM-DD string inside the window, else None."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return day if plausible(day) else None


def month_start(year, month):
    """The first day of (year, month) inside the window, else None."""
    try:
        first = dt.date(int(year), int(month), 1)
    except (TypeError, ValueError, OverflowError):
        return None
    return first if plausible(first) else None


def add_months(day, months):
    """The same day `months` later (the month's last day when it has no such day): what
    `day + relativedelta(months=months)` gives, for a date, at a tenth of its cost."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
