"""Breaks after 6 h, travel time between sites, overlaps, and the whole check."""

from mutualis.planning.rules import Limits, check
from tests.planning.rule_helpers import codes, day, only, work

BREAK = only("break_after_minutes", 360)
NONE = Limits(**dict.fromkeys(Limits.__dataclass_fields__))


def test_exactly_six_hours_then_a_twenty_minute_break_is_allowed():
    intervals = [work(day(0), "08:00", "14:00"), work(day(0), "14:20", "16:00")]
    assert codes(intervals, limits=BREAK) == []


def test_six_hours_and_one_minute_without_a_break_is_a_violation():
    intervals = [work(day(0), "08:00", "14:01"), work(day(0), "14:21", "16:00")]
    [violation] = check(intervals, limits=BREAK)
    assert violation.rule_code == "break_after_minutes"
    assert violation.days == (day(0),)
    assert "6 h 01" in violation.message_fr


def test_a_nineteen_minute_gap_is_not_a_break():
    intervals = [work(day(0), "08:00", "14:00"), work(day(0), "14:19", "16:00")]
    [violation] = check(intervals, limits=BREAK)
    assert "7 h 41" in violation.message_fr


def test_a_stretch_across_two_members_needs_a_break():
    intervals = [work(day(0), "08:00", "11:00", member="m1"), work(day(0), "11:10", "14:30", member="m2")]
    [violation] = check(intervals, limits=BREAK)
    assert violation.members == ("m1", "m2")


def test_travel_gap_exactly_equal_to_travel_time_is_allowed():
    travel = {("s1", "s2"): 25}
    intervals = [work(day(0), "08:00", "12:00", site="s1"), work(day(0), "12:25", "15:00", site="s2")]
    assert codes(intervals, limits=NONE, travel_minutes=travel) == []


def test_travel_gap_one_minute_short_is_a_violation():
    intervals = [
        work(day(0), "08:00", "12:00", member="m1", site="s1"),
        work(day(0), "12:24", "15:00", member="m2", site="s2"),
    ]
    [violation] = check(intervals, limits=NONE, travel_minutes=lambda a, b: 25)
    assert violation.rule_code == "travel_time"
    assert violation.members == ("m1", "m2")
    assert "25 min" in violation.message_fr and "24 min" in violation.message_fr


def test_no_travel_needed_on_the_same_site_or_without_a_travel_table():
    same_site = [work(day(0), "08:00", "12:00", site="s1"), work(day(0), "12:00", "15:00", site="s1")]
    assert codes(same_site, limits=NONE, travel_minutes={("s1", "s1"): 30}) == []
    other_site = [work(day(0), "08:00", "12:00", site="s1"), work(day(0), "12:00", "15:00", site="s2")]
    assert codes(other_site, limits=NONE) == []


def test_overlapping_intervals_are_reported():
    intervals = [
        work(day(0), "08:00", "12:00", member="m1"),
        work(day(0), "09:00", "10:00", member="m2"),
        work(day(0), "11:00", "13:00", member="m3"),
    ]
    violations = check(intervals, limits=NONE)
    assert [v.rule_code for v in violations] == ["overlap", "overlap"]
    assert violations[1].members == ("m1", "m3")


def test_a_regular_full_time_week_has_no_violation():
    intervals = []
    for n in range(5):
        intervals += [work(day(n), "08:30", "12:30", site="s1"), work(day(n), "13:30", "16:30", site="s2")]
    assert check(intervals, travel_minutes={("s1", "s2"): 20}) == []


def test_limits_from_rule_rows():
    limits = Limits.from_mapping({"max_daily_minutes": 720, "unknown": 1, "min_daily_rest_minutes": None})
    assert limits.max_daily_minutes == 720
    assert limits.min_daily_rest_minutes is None
    assert limits.max_weekly_minutes == 2880
