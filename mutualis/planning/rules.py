"""Working-time rules of the Code du travail, checked as pure functions (no database access).

Input: one employee's worked intervals (timezone-aware datetimes) over any period, across all
members, plus the limits. Output: a list of `Violation` naming the rule, the days and the
members involved. Durations are real elapsed time (computed in UTC), so a night across a
daylight-saving change counts the hours actually worked; days and ISO weeks are local
(Europe/Paris) calendar days and weeks. See docs/planning.md for every decision.
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .enums import DEFAULT_LIMITS, CheckCode, RuleCode

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class WorkInterval:
    """Worked time [start, end) at one member's site."""

    start: dt.datetime
    end: dt.datetime
    member: object = None
    site: object = None

    def __post_init__(self):
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("WorkInterval needs timezone-aware datetimes")
        if self.end.astimezone(UTC) <= self.start.astimezone(UTC):
            raise ValueError("WorkInterval must end after it starts")

    @property
    def seconds(self):
        return _elapsed(self.start, self.end)


@dataclass(frozen=True)
class Limits:
    """Rule limits in minutes (days for max_days_per_week); None disables a rule."""

    max_daily_minutes: int | None = DEFAULT_LIMITS[RuleCode.MAX_DAILY_MINUTES]
    max_weekly_minutes: int | None = DEFAULT_LIMITS[RuleCode.MAX_WEEKLY_MINUTES]
    max_avg_weekly_minutes_12w: int | None = DEFAULT_LIMITS[RuleCode.MAX_AVG_WEEKLY_MINUTES_12W]
    min_daily_rest_minutes: int | None = DEFAULT_LIMITS[RuleCode.MIN_DAILY_REST_MINUTES]
    min_weekly_rest_minutes: int | None = DEFAULT_LIMITS[RuleCode.MIN_WEEKLY_REST_MINUTES]
    max_days_per_week: int | None = DEFAULT_LIMITS[RuleCode.MAX_DAYS_PER_WEEK]
    break_after_minutes: int | None = DEFAULT_LIMITS[RuleCode.BREAK_AFTER_MINUTES]
    break_minutes: int | None = DEFAULT_LIMITS[RuleCode.BREAK_MINUTES]
    min_part_time_weekly_minutes: int | None = DEFAULT_LIMITS[RuleCode.MIN_PART_TIME_WEEKLY_MINUTES]

    @classmethod
    def from_mapping(cls, mapping):
        """Build from {rule code: limit or None}; codes absent from the mapping keep their default."""
        names = {f.name for f in fields(cls)}
        return cls(**{code: value for code, value in mapping.items() if code in names})


@dataclass(frozen=True)
class Violation:
    rule_code: str
    message_fr: str
    days: tuple = field(default_factory=tuple)
    members: tuple = field(default_factory=tuple)

    @property
    def key(self):
        """Identity of a violation, to compare the violations before and after a change."""
        return (self.rule_code, self.days)


# --- time helpers -------------------------------------------------------------------------------


def _elapsed(a, b):
    """Real elapsed seconds from a to b (aware datetimes; UTC so DST changes count)."""
    return int((b.astimezone(UTC) - a.astimezone(UTC)).total_seconds())


def _local_midnight(day, tz):
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz)


def _monday(day):
    return day - dt.timedelta(days=day.weekday())


def fmt_duration(seconds):
    """French duration: 10 h, 10 h 01, 45 min; nothing is 0 h (a total, not a short pause)."""
    minutes = seconds // 60
    hours, rest = divmod(minutes, 60)
    if hours == 0 and rest:
        return _("%(minutes)d min") % {"minutes": rest}
    if rest == 0:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}


def fmt_day(day):
    return date_format(day, "l j F Y")


def _fmt_clock(moment, tz):
    local = moment.astimezone(tz)
    return _("%(hours)d h %(minutes)02d") % {"hours": local.hour, "minutes": local.minute}


# --- the timeline of one employee ---------------------------------------------------------------


class _Timeline:
    """Precomputed views of the intervals: per local day, per ISO week, merged work periods."""

    def __init__(self, intervals, tz, names, window=None):
        self.tz = tz
        self.names = names or {}
        self.window = window  # (first day, last day) reported, or None for every day
        self.intervals = sorted(intervals, key=lambda i: (i.start.astimezone(UTC), i.end.astimezone(UTC)))
        self.day_seconds = defaultdict(int)
        self.day_members = defaultdict(set)
        for interval in self.intervals:
            for day, seconds in self._split_by_day(interval):
                self.day_seconds[day] += seconds
                self.day_members[day].add(interval.member)
        self.week_days = defaultdict(list)  # monday -> worked days
        self.week_totals = defaultdict(int)  # monday -> seconds
        for day in sorted(self.day_seconds):
            self.week_days[_monday(day)].append(day)
            self.week_totals[_monday(day)] += self.day_seconds[day]

    def _split_by_day(self, interval):
        """Cut an interval at local midnights: [(local date, elapsed seconds)]."""
        cursor = interval.start.astimezone(self.tz)
        end = interval.end.astimezone(UTC)
        while cursor.astimezone(UTC) < end:
            midnight = _local_midnight(cursor.date() + dt.timedelta(days=1), self.tz)
            piece_end = min(end, midnight.astimezone(UTC))
            seconds = _elapsed(cursor, piece_end)
            if seconds > 0:
                yield cursor.date(), seconds
            cursor = midnight

    def reported_weeks(self):
        """Mondays of the worked weeks, in order, that touch the reported window: a week-level
        violation's days are days of its week, so a week outside the window could not be reported."""
        mondays = sorted(self.week_days)
        if self.window is None:
            return mondays
        first, last = self.window
        return [m for m in mondays if m <= last and m + dt.timedelta(days=6) >= first]

    def local_date(self, moment):
        return moment.astimezone(self.tz).date()

    def week_seconds(self, monday):
        return self.week_totals.get(monday, 0)

    def members_of_days(self, days):
        found = set()
        for day in days:
            found |= self.day_members[day]
        return _sorted_members(found)

    def member_names(self, members):
        return ", ".join(str(self.names.get(m, m)) for m in members if m is not None)

    def merged_periods(self):
        """Union of the intervals: [(start, end, members)] in UTC, touching intervals joined."""
        periods = []
        for interval in self.intervals:
            start, end = interval.start.astimezone(UTC), interval.end.astimezone(UTC)
            if periods and start <= periods[-1][1]:
                periods[-1][1] = max(periods[-1][1], end)
                periods[-1][2].add(interval.member)
            else:
                periods.append([start, end, {interval.member}])
        return [(s, e, frozenset(m)) for s, e, m in periods]


def _sorted_members(members):
    return tuple(sorted((m for m in members if m is not None), key=str))


def _with_members(message, timeline, members):
    names = timeline.member_names(members)
    return message + (" " + _("Adhérents concernés : %(names)s.") % {"names": names} if names else "")


# --- the rules ----------------------------------------------------------------------------------


def check_daily_max(timeline, limit_minutes):
    """At most `limit` minutes of work per local calendar day (L3121-18: 10 h)."""
    for day in sorted(timeline.day_seconds):
        seconds = timeline.day_seconds[day]
        if seconds > limit_minutes * 60:
            members = timeline.members_of_days([day])
            message = _("Plus de %(limit)s de travail le %(day)s : %(worked)s.") % {
                "limit": fmt_duration(limit_minutes * 60),
                "day": fmt_day(day),
                "worked": fmt_duration(seconds),
            }
            yield Violation(
                RuleCode.MAX_DAILY_MINUTES, _with_members(message, timeline, members), (day,), members
            )


def check_weekly_max(timeline, limit_minutes):
    """At most `limit` minutes in one ISO week (L3121-20: 48 h)."""
    for monday in timeline.reported_weeks():
        seconds = timeline.week_seconds(monday)
        if seconds > limit_minutes * 60:
            days = tuple(timeline.week_days[monday])
            members = timeline.members_of_days(days)
            message = _("Plus de %(limit)s de travail dans la semaine du %(day)s : %(worked)s.") % {
                "limit": fmt_duration(limit_minutes * 60),
                "day": fmt_day(monday),
                "worked": fmt_duration(seconds),
            }
            yield Violation(
                RuleCode.MAX_WEEKLY_MINUTES, _with_members(message, timeline, members), days, members
            )


def check_average_weekly_max(timeline, limit_minutes, weeks=12):
    """At most `limit` minutes a week on average over any `weeks` consecutive ISO weeks (L3121-22).

    Weeks without data count as zero, so a window reaching outside the intervals given is never
    over-estimated; consecutive failing windows are reported as one violation.
    """
    if not timeline.week_days:
        return
    first, last = min(timeline.week_days), max(timeline.week_days)
    threshold = limit_minutes * 60 * weeks
    failing = []  # (window monday, total seconds)
    monday = first - WEEK * (weeks - 1)
    while monday <= last:
        total = sum(timeline.week_seconds(monday + WEEK * k) for k in range(weeks))
        if total > threshold:
            failing.append((monday, total))
        monday += WEEK
    runs = []
    for monday, total in failing:
        if runs and monday - runs[-1][-1][0] == WEEK:
            runs[-1].append((monday, total))
        else:
            runs.append([(monday, total)])
    for run in runs:
        start, end = run[0][0], run[-1][0] + WEEK * weeks - dt.timedelta(days=1)
        worst = max(total for _monday_, total in run)
        days = tuple(d for d in sorted(timeline.day_seconds) if start <= d <= end)
        members = timeline.members_of_days(days)
        message = _(
            "Plus de %(limit)s par semaine en moyenne sur %(weeks)d semaines consécutives "
            "entre le %(start)s et le %(end)s : %(average)s en moyenne."
        ) % {
            "limit": fmt_duration(limit_minutes * 60),
            "weeks": weeks,
            "start": fmt_day(start),
            "end": fmt_day(end),
            "average": fmt_duration(worst // weeks),
        }
        yield Violation(
            RuleCode.MAX_AVG_WEEKLY_MINUTES_12W, _with_members(message, timeline, members), days, members
        )


def check_daily_rest(timeline, limit_minutes):
    """At least `limit` minutes between the last end of one day's work and the first start of the next.

    Work is the union of the intervals (touching intervals join, so a night cut at midnight stays
    one period); a day's work is the periods that start on that local date, so a night shift
    belongs to the evening it starts.
    """
    by_day = defaultdict(list)
    for period in timeline.merged_periods():
        by_day[timeline.local_date(period[0])].append(period)
    days = sorted(by_day)
    for before, after in zip(days, days[1:], strict=False):
        _start, last_end, last_members = max(by_day[before], key=lambda p: p[1])
        first_start, _end, first_members = min(by_day[after], key=lambda p: p[0])
        rest = _elapsed(last_end, first_start)
        if rest < limit_minutes * 60:
            members = _sorted_members(last_members | first_members)
            message = _(
                "Repos quotidien de %(rest)s seulement entre le %(before)s (fin à %(end)s) "
                "et le %(after)s (début à %(start)s) ; minimum %(limit)s."
            ) % {
                "rest": fmt_duration(rest),
                "before": fmt_day(before),
                "end": _fmt_clock(last_end, timeline.tz),
                "after": fmt_day(after),
                "start": _fmt_clock(first_start, timeline.tz),
                "limit": fmt_duration(limit_minutes * 60),
            }
            yield Violation(
                RuleCode.MIN_DAILY_REST_MINUTES,
                _with_members(message, timeline, members),
                (before, after),
                members,
            )


def check_weekly_rest(timeline, limit_minutes):
    """In each worked ISO week, one rest of at least `limit` consecutive minutes (L3132-2: 35 h).

    A rest counts for the week in which it starts (the end of a work period); it lasts until the
    next work, even in the next week, so each rest serves one week only.
    """
    periods = timeline.merged_periods()
    longest = {}  # monday -> (seconds, rest start); None seconds = open-ended rest
    for index, (_start, end, _members) in enumerate(periods):
        monday = _monday(end.astimezone(timeline.tz).date())
        rest = _elapsed(end, periods[index + 1][0]) if index + 1 < len(periods) else math.inf
        if rest > longest.get(monday, (-1, None))[0]:
            longest[monday] = (rest, end)
    for monday in timeline.reported_weeks():
        rest, _when = longest.get(monday, (0, None))
        if rest < limit_minutes * 60:
            days = tuple(timeline.week_days[monday])
            members = timeline.members_of_days(days)
            message = _(
                "Pas de repos hebdomadaire de %(limit)s consécutives dans la semaine du %(day)s "
                "(plus long repos : %(rest)s)."
            ) % {
                "limit": fmt_duration(limit_minutes * 60),
                "day": fmt_day(monday),
                "rest": fmt_duration(rest),
            }
            yield Violation(
                RuleCode.MIN_WEEKLY_REST_MINUTES, _with_members(message, timeline, members), days, members
            )


def check_days_per_week(timeline, limit_days):
    """At most `limit` worked days in an ISO week (L3132-1: 6)."""
    for monday in timeline.reported_weeks():
        days = tuple(timeline.week_days[monday])
        if len(days) > limit_days:
            members = timeline.members_of_days(days)
            message = _("%(count)d jours travaillés dans la semaine du %(day)s ; maximum %(limit)d.") % {
                "count": len(days),
                "day": fmt_day(monday),
                "limit": limit_days,
            }
            yield Violation(
                RuleCode.MAX_DAYS_PER_WEEK, _with_members(message, timeline, members), days, members
            )


def check_breaks(timeline, after_minutes, break_minutes):
    """A break of `break_minutes` consecutive minutes once `after_minutes` of work are reached (L3121-16).

    Intervals separated by less than a break form one stretch; a stretch may hold at most
    `after_minutes` of work (exactly 6 h then a 20-minute gap is allowed).
    """
    stretches = []  # [start, end, worked seconds, members]
    for start, end, member in (
        (i.start.astimezone(UTC), i.end.astimezone(UTC), i.member) for i in timeline.intervals
    ):
        if stretches and _elapsed(stretches[-1][1], start) < break_minutes * 60:
            stretch = stretches[-1]
            counted_from = max(start, stretch[1])
            if end > counted_from:
                stretch[2] += _elapsed(counted_from, end)
            stretch[1] = max(stretch[1], end)
            stretch[3].add(member)
        else:
            stretches.append([start, end, _elapsed(start, end), {member}])
    for start, end, worked, members in stretches:
        if worked > after_minutes * 60:
            day = timeline.local_date(start)
            members = _sorted_members(members)
            message = _(
                "%(worked)s de travail sans pause de %(pause)s le %(day)s (de %(start)s à %(end)s) ; "
                "une pause est due dès %(limit)s."
            ) % {
                "worked": fmt_duration(worked),
                "pause": fmt_duration(break_minutes * 60),
                "day": fmt_day(day),
                "start": _fmt_clock(start, timeline.tz),
                "end": _fmt_clock(end, timeline.tz),
                "limit": fmt_duration(after_minutes * 60),
            }
            days = tuple(sorted({day, timeline.local_date(end - dt.timedelta(seconds=1))}))
            yield Violation(
                RuleCode.BREAK_AFTER_MINUTES, _with_members(message, timeline, members), days, members
            )


def check_part_time_floor(timeline, limit_minutes, credited_minutes=None):
    """At least `limit` minutes in each worked ISO week (L3123-27: 24 h), unless a written exemption exists.

    `credited_minutes` {monday: minutes} counts planned time not worked because of a public
    holiday or an absence, which does not lower the contractual week.
    """
    credited_minutes = credited_minutes or {}
    for monday in timeline.reported_weeks():
        seconds = timeline.week_seconds(monday) + credited_minutes.get(monday, 0) * 60
        if seconds < limit_minutes * 60:
            days = tuple(timeline.week_days[monday])
            members = timeline.members_of_days(days)
            message = _(
                "%(worked)s planifiées dans la semaine du %(day)s, sous le minimum de %(limit)s "
                "du temps partiel, sans dérogation écrite enregistrée."
            ) % {
                "worked": fmt_duration(seconds),
                "day": fmt_day(monday),
                "limit": fmt_duration(limit_minutes * 60),
            }
            yield Violation(
                RuleCode.MIN_PART_TIME_WEEKLY_MINUTES,
                _with_members(message, timeline, members),
                days,
                members,
            )


def _travel_lookup(travel_minutes):
    if travel_minutes is None:
        return lambda a, b: None
    if isinstance(travel_minutes, Mapping):
        return lambda a, b: travel_minutes.get((a, b), travel_minutes.get((b, a)))
    return travel_minutes


def check_overlaps_and_travel(timeline, travel_minutes=None):
    """No two intervals overlap; between intervals at different sites the gap covers the travel time."""
    travel = _travel_lookup(travel_minutes)
    previous = None  # the interval ending last so far
    for interval in timeline.intervals:
        if previous is not None:
            gap = _elapsed(previous.end, interval.start)
            # The days of the gap: the day the previous work ends, and the day the next one starts.
            ended_on = timeline.local_date(previous.end - dt.timedelta(seconds=1))
            days = tuple(
                sorted(
                    {min(ended_on, timeline.local_date(interval.start)), timeline.local_date(interval.start)}
                )
            )
            members = _sorted_members({previous.member, interval.member})
            if gap < 0:
                message = _(
                    "Deux créneaux se chevauchent le %(day)s (%(first)s–%(end)s et à partir de %(start)s)."
                ) % {
                    "day": fmt_day(timeline.local_date(interval.start)),
                    "first": _fmt_clock(previous.start, timeline.tz),
                    "end": _fmt_clock(previous.end, timeline.tz),
                    "start": _fmt_clock(interval.start, timeline.tz),
                }
                yield Violation(CheckCode.OVERLAP, _with_members(message, timeline, members), days, members)
            elif previous.site is not None and interval.site is not None and previous.site != interval.site:
                needed = travel(previous.site, interval.site)
                if needed and gap < needed * 60:
                    message = _(
                        "Trajet de %(needed)s entre deux sites le %(day)s, mais seulement %(gap)s "
                        "entre la fin à %(end)s et le début à %(start)s."
                    ) % {
                        "needed": fmt_duration(needed * 60),
                        "day": fmt_day(timeline.local_date(interval.start)),
                        "gap": fmt_duration(gap),
                        "end": _fmt_clock(previous.end, timeline.tz),
                        "start": _fmt_clock(interval.start, timeline.tz),
                    }
                    yield Violation(
                        CheckCode.TRAVEL_TIME, _with_members(message, timeline, members), days, members
                    )
        if previous is None or interval.end.astimezone(UTC) > previous.end.astimezone(UTC):
            previous = interval


# --- entry point --------------------------------------------------------------------------------


def check(
    intervals: Iterable[WorkInterval],
    *,
    limits: Limits | None = None,
    travel_minutes: Mapping | Callable | None = None,
    part_time_exemption: bool = False,
    credited_minutes: Mapping | None = None,
    names: Mapping | None = None,
    tz=PARIS,
    window: tuple | None = None,
) -> list[Violation]:
    """Every violation of one employee's intervals, across all members, sorted by first day.

    `travel_minutes`: {(site a, site b): minutes} or a function (a, b) -> minutes or None.
    `names`: {member: label} for the messages. `credited_minutes`: see check_part_time_floor.
    `window`: (first day, last day): only the violations touching one of these days are returned
    (the intervals around still count: a rest or a week runs past the window's edges).
    """
    limits = limits or Limits()
    timeline = _Timeline(intervals, tz, names, window)
    found = []
    if limits.max_daily_minutes is not None:
        found += check_daily_max(timeline, limits.max_daily_minutes)
    if limits.max_weekly_minutes is not None:
        found += check_weekly_max(timeline, limits.max_weekly_minutes)
    if limits.max_avg_weekly_minutes_12w is not None:
        found += check_average_weekly_max(timeline, limits.max_avg_weekly_minutes_12w)
    if limits.min_daily_rest_minutes is not None:
        found += check_daily_rest(timeline, limits.min_daily_rest_minutes)
    if limits.min_weekly_rest_minutes is not None:
        found += check_weekly_rest(timeline, limits.min_weekly_rest_minutes)
    if limits.max_days_per_week is not None:
        found += check_days_per_week(timeline, limits.max_days_per_week)
    if limits.break_after_minutes is not None and limits.break_minutes:
        found += check_breaks(timeline, limits.break_after_minutes, limits.break_minutes)
    if limits.min_part_time_weekly_minutes is not None and not part_time_exemption:
        found += check_part_time_floor(timeline, limits.min_part_time_weekly_minutes, credited_minutes)
    found += check_overlaps_and_travel(timeline, travel_minutes)
    if window is not None:
        first, last = window
        found = [v for v in found if any(first <= day <= last for day in v.days)]
    order = _rule_order()
    return sorted(found, key=lambda v: (v.days[:1], order.get(v.rule_code, 99)))


@cache
def _rule_order():
    return {code: index for index, code in enumerate([*RuleCode.values, *CheckCode.values])}
