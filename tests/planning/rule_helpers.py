"""Small builders for the working-time rule tests: wall-clock times in Europe/Paris."""

import datetime as dt

from mutualis.planning.rules import PARIS, Limits, WorkInterval, check


def at(day, clock):
    hours, minutes = (int(x) for x in clock.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=PARIS)


def work(day, start, end, member="m1", site=None):
    """An interval on `day` from `start` to `end` (HH:MM); an end not after the start is the next day."""
    begin = at(day, start)
    finish = at(day, end)
    if finish <= begin:
        finish = at(day + dt.timedelta(days=1), end)
    return WorkInterval(begin, finish, member=member, site=site)


def only(code, value):
    """Limits with every rule off except `code`."""
    off = dict.fromkeys(Limits.__dataclass_fields__, None)
    off[code] = value
    if code == "break_after_minutes":
        off["break_minutes"] = 20
    return Limits(**off)


def codes(intervals, **kwargs):
    return [v.rule_code for v in check(intervals, **kwargs)]


MONDAY = dt.date(2025, 1, 6)  # an ISO week far from any DST change


def day(n):
    return MONDAY + dt.timedelta(days=n)
