"""Property-based tests of the rule checker (hypothesis)."""

import datetime as dt
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from mutualis.planning.rules import PARIS, UTC, WorkInterval, check
from tests.planning.rule_helpers import only

JANUARY = dt.datetime(2025, 1, 6, tzinfo=PARIS).astimezone(UTC)  # no DST change for weeks
SPRING = dt.datetime(2025, 3, 24, tzinfo=PARIS).astimezone(UTC)  # the week of the spring change

members = st.sampled_from(["m1", "m2", "m3"])
sites = st.sampled_from(["s1", "s2", None])


@st.composite
def schedules(draw, base=JANUARY, max_size=25):
    """Non-overlapping intervals: successive (gap, duration) in minutes from `base`."""
    cursor = base
    intervals = []
    for gap, duration, member, site in draw(
        st.lists(
            st.tuples(st.integers(0, 1800), st.integers(1, 720), members, sites),
            min_size=1,
            max_size=max_size,
        )
    ):
        start = cursor + dt.timedelta(minutes=gap)
        end = start + dt.timedelta(minutes=duration)
        intervals.append(
            WorkInterval(start.astimezone(PARIS), end.astimezone(PARIS), member=member, site=site)
        )
        cursor = end
    return intervals


def keys(violations):
    return sorted((v.rule_code, v.days) for v in violations)


TRAVEL = {("s1", "s2"): 30}


@settings(max_examples=60, deadline=None)
@given(schedules(), st.data())
def test_cutting_an_interval_in_two_changes_nothing(intervals, data):
    index = data.draw(st.integers(0, len(intervals) - 1))
    target = intervals[index]
    minutes = int((target.end - target.start).total_seconds() // 60)
    if minutes < 2:
        return
    cut = target.start + dt.timedelta(minutes=data.draw(st.integers(1, minutes - 1)))
    pieces = [
        WorkInterval(target.start, cut, target.member, target.site),
        WorkInterval(cut, target.end, target.member, target.site),
    ]
    split = intervals[:index] + pieces + intervals[index + 1 :]
    assert keys(check(split, travel_minutes=TRAVEL)) == keys(check(intervals, travel_minutes=TRAVEL))


@settings(max_examples=60, deadline=None)
@given(schedules(), st.integers(1, 3))
def test_moving_everything_by_whole_weeks_moves_the_violations(intervals, weeks):
    shift = dt.timedelta(weeks=weeks)
    moved = [WorkInterval(i.start + shift, i.end + shift, i.member, i.site) for i in intervals]
    expected = [(code, tuple(d + shift for d in days)) for code, days in keys(check(intervals))]
    assert keys(check(moved)) == expected


@settings(max_examples=80, deadline=None)
@given(schedules())
def test_daily_maximum_matches_a_minute_by_minute_count(intervals):
    per_day = defaultdict(int)
    for interval in intervals:
        moment = interval.start.astimezone(UTC)
        while moment < interval.end.astimezone(UTC):
            per_day[moment.astimezone(PARIS).date()] += 1
            moment += dt.timedelta(minutes=1)
    expected = sorted((d,) for d, minutes in per_day.items() if minutes > 600)
    found = [v.days for v in check(intervals, limits=only("max_daily_minutes", 600))]
    assert found == expected


@settings(max_examples=80, deadline=None)
@given(schedules(base=SPRING), st.lists(st.tuples(st.integers(0, 20000), st.integers(1, 600)), max_size=5))
def test_any_schedule_across_dst_gives_well_formed_violations(intervals, extra):
    # Extra intervals may overlap the others.
    intervals = intervals + [
        WorkInterval(
            (SPRING + dt.timedelta(minutes=s)).astimezone(PARIS),
            (SPRING + dt.timedelta(minutes=s + d)).astimezone(PARIS),
            member="m9",
        )
        for s, d in extra
    ]
    names = {i.member for i in intervals}
    for violation in check(intervals, travel_minutes=TRAVEL):
        assert violation.days and list(violation.days) == sorted(violation.days)
        assert set(violation.members) <= names
        assert violation.message_fr


@settings(max_examples=60, deadline=None)
@given(schedules(max_size=30), st.integers(0, 20), st.integers(0, 9), st.booleans())
def test_a_window_reports_exactly_the_full_check_touching_it(intervals, offset, length, exemption):
    """`window` skips the weeks it cannot report (a speed-up of the GE-wide week): what it returns is
    the full check's violations that touch one of its days, messages included, in the same order."""
    first = JANUARY.astimezone(PARIS).date() + dt.timedelta(days=offset)
    window = (first, first + dt.timedelta(days=length))
    credited = {JANUARY.astimezone(PARIS).date(): 120}
    kwargs = {"travel_minutes": TRAVEL, "part_time_exemption": exemption, "credited_minutes": credited}
    full = check(intervals, **kwargs)
    expected = [v for v in full if any(window[0] <= d <= window[1] for d in v.days)]
    assert check(intervals, window=window, **kwargs) == expected
