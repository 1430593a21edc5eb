"""Daily limits: 10 h of work a day, 11 h of rest between days, DST nights."""

import datetime as dt

from mutualis.planning.rules import check
from tests.planning.rule_helpers import codes, day, only, work

DAILY = only("max_daily_minutes", 600)
REST = only("min_daily_rest_minutes", 660)


def test_exactly_ten_hours_a_day_is_allowed():
    assert codes([work(day(0), "08:00", "18:00")], limits=DAILY) == []


def test_ten_hours_and_one_minute_is_a_violation_naming_day_and_members():
    intervals = [work(day(0), "07:00", "13:00", member="m1"), work(day(0), "14:00", "18:01", member="m2")]
    [violation] = check(intervals, limits=DAILY, names={"m1": "Boulangerie", "m2": "Mairie"})
    assert violation.rule_code == "max_daily_minutes"
    assert violation.days == (day(0),)
    assert violation.members == ("m1", "m2")
    assert "lundi 6 janvier 2025" in violation.message_fr
    assert "10 h 01" in violation.message_fr
    assert "Boulangerie, Mairie" in violation.message_fr


def test_a_night_shift_counts_on_each_calendar_day():
    # 20:00-08:00: 4 h on Monday and 8 h on Tuesday, neither over 10 h.
    assert codes([work(day(0), "20:00", "08:00")], limits=DAILY) == []
    assert codes([work(day(0), "20:00", "08:00"), work(day(1), "09:00", "11:01")], limits=DAILY) == [
        "max_daily_minutes"
    ]


def test_exactly_eleven_hours_of_rest_is_allowed():
    intervals = [work(day(0), "10:00", "21:00"), work(day(1), "08:00", "12:00")]
    assert codes(intervals, limits=REST) == []


def test_ten_hours_fifty_nine_of_rest_is_a_violation():
    intervals = [work(day(0), "10:00", "21:00", member="m1"), work(day(1), "07:59", "12:00", member="m2")]
    [violation] = check(intervals, limits=REST)
    assert violation.rule_code == "min_daily_rest_minutes"
    assert violation.days == (day(0), day(1))
    assert violation.members == ("m1", "m2")
    assert "10 h 59" in violation.message_fr


def test_rest_is_checked_between_members():
    intervals = [work(day(0), "17:00", "23:00", member="m1"), work(day(1), "06:00", "09:00", member="m2")]
    assert codes(intervals, limits=REST) == ["min_daily_rest_minutes"]


def test_a_night_cut_at_midnight_is_one_period():
    # The same night written as two blocks does not create a zero rest at midnight.
    intervals = [
        work(day(0), "22:00", "00:00"),
        work(day(1), "00:00", "06:00"),
        work(day(1), "22:00", "06:00"),
    ]
    assert codes(intervals, limits=REST) == []


def test_spring_forward_night_counts_real_elapsed_time():
    # 30 March 2025: clocks go from 02:00 to 03:00. 22:00 -> 09:00 reads 11 h but lasts 10 h.
    saturday = dt.date(2025, 3, 29)
    intervals = [work(saturday, "14:00", "22:00"), work(saturday + dt.timedelta(days=1), "09:00", "12:00")]
    [violation] = check(intervals, limits=REST)
    assert "10 h" in violation.message_fr
    intervals[1] = work(saturday + dt.timedelta(days=1), "10:00", "12:00")
    assert codes(intervals, limits=REST) == []


def test_fall_back_night_counts_real_elapsed_time():
    # 26 October 2025: clocks go from 03:00 back to 02:00. 22:00 -> 08:00 reads 10 h but lasts 11 h.
    saturday = dt.date(2025, 10, 25)
    intervals = [work(saturday, "14:00", "22:00"), work(saturday + dt.timedelta(days=1), "08:00", "12:00")]
    assert codes(intervals, limits=REST) == []


def test_daily_maximum_on_dst_days_counts_real_hours():
    # 00:00-10:00 lasts 11 h on the fall-back Sunday and 9 h on the spring-forward Sunday.
    assert codes([work(dt.date(2025, 10, 26), "00:00", "10:00")], limits=DAILY) == ["max_daily_minutes"]
    assert codes([work(dt.date(2025, 3, 30), "00:00", "11:00")], limits=DAILY) == []
    assert codes([work(dt.date(2025, 3, 30), "00:00", "11:01")], limits=DAILY) == ["max_daily_minutes"]


def test_a_changed_limit_is_applied():
    # A collective agreement allowing 12 h days.
    assert codes([work(day(0), "07:00", "19:00")], limits=only("max_daily_minutes", 720)) == []


def test_durations_read_in_hours_and_minutes():
    from mutualis.planning.rules import fmt_duration

    assert [fmt_duration(s) for s in (0, 45 * 60, 3600, 3660, 10 * 3600 + 30 * 60)] == [
        "0 h",
        "45 min",
        "1 h",
        "1 h 01",
        "10 h 30",
    ]
