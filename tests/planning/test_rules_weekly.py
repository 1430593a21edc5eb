"""Weekly limits: 48 h a week, 44 h on average over 12 weeks, 35 h weekly rest, 6 days, 24 h floor."""

import datetime as dt

from mutualis.planning.rules import check
from tests.planning.rule_helpers import MONDAY, codes, day, only, work

WEEKLY = only("max_weekly_minutes", 2880)
AVERAGE = only("max_avg_weekly_minutes_12w", 2640)
WEEKLY_REST = only("min_weekly_rest_minutes", 2100)
DAYS = only("max_days_per_week", 6)
FLOOR = only("min_part_time_weekly_minutes", 1440)


def six_days_of_eight_hours(monday=MONDAY, last_end="17:00"):
    intervals = [work(monday + dt.timedelta(days=n), "09:00", "17:00") for n in range(5)]
    intervals.append(work(monday + dt.timedelta(days=5), "09:00", last_end))
    return intervals


def test_exactly_48_hours_a_week_is_allowed():
    assert codes(six_days_of_eight_hours(), limits=WEEKLY) == []


def test_48_hours_and_one_minute_is_a_violation_listing_the_days():
    [violation] = check(six_days_of_eight_hours(last_end="17:01"), limits=WEEKLY)
    assert violation.rule_code == "max_weekly_minutes"
    assert violation.days == tuple(day(n) for n in range(6))
    assert "48 h 01" in violation.message_fr


def test_weeks_are_iso_weeks():
    # 30 h on Thursday-Sunday and 30 h on Monday-Wednesday of the next week: two weeks of 30 h.
    intervals = [work(day(n), "06:00", "13:30") for n in range(3, 10)]
    assert codes(intervals, limits=WEEKLY) == []


def weeks_of(minutes_per_week, count, start=MONDAY):
    """`count` weeks of 5 equal days; each day split by a 30-minute break."""
    intervals = []
    for week in range(count):
        daily = minutes_per_week[week] // 5 if isinstance(minutes_per_week, list) else minutes_per_week // 5
        for n in range(5):
            d = start + dt.timedelta(days=7 * week + n)
            first = min(daily, 240)
            intervals.append(work(d, "08:00", f"{8 + first // 60:02d}:{first % 60:02d}"))
            rest = daily - first
            if rest:
                end = 12 * 60 + 30 + rest
                intervals.append(work(d, "12:30", f"{end // 60:02d}:{end % 60:02d}"))
    return intervals


def test_exactly_44_hours_on_average_over_12_weeks_is_allowed():
    assert codes(weeks_of(2640, 12), limits=AVERAGE) == []
    # Uneven weeks averaging exactly 44 h.
    uneven = [2400, 2880] * 6
    assert codes(weeks_of(uneven, 12), limits=AVERAGE) == []


def test_over_44_hours_on_average_over_12_weeks_is_one_violation():
    intervals = weeks_of(2640, 12) + [work(day(5), "09:00", "09:05")]
    [violation] = check(intervals, limits=AVERAGE)
    assert violation.rule_code == "max_avg_weekly_minutes_12w"
    assert violation.days[0] == MONDAY
    assert "12 semaines" in violation.message_fr


def test_eleven_weeks_of_48_hours_then_a_week_off_average_exactly_44():
    intervals = weeks_of(2880, 11)
    assert codes(intervals, limits=AVERAGE) == []
    intervals.append(work(day(7 * 11), "09:00", "09:01"))
    assert codes(intervals, limits=AVERAGE) == ["max_avg_weekly_minutes_12w"]


def test_consecutive_failing_windows_are_reported_once():
    assert codes(weeks_of(2700, 14), limits=AVERAGE) == ["max_avg_weekly_minutes_12w"]


def test_weekly_rest_of_exactly_35_hours_is_allowed():
    # Saturday 17:00 -> Monday 04:00 = 35 h.
    intervals = six_days_of_eight_hours() + [work(day(7), "04:00", "08:00")]
    assert codes(intervals, limits=WEEKLY_REST) == []


def test_weekly_rest_of_34_hours_59_is_a_violation():
    intervals = six_days_of_eight_hours() + [work(day(7), "03:59", "08:00")]
    [violation] = check(intervals, limits=WEEKLY_REST)
    assert violation.rule_code == "min_weekly_rest_minutes"
    assert violation.days[0] == MONDAY
    assert "34 h 59" in violation.message_fr


def test_one_rest_serves_one_week_only():
    # A rest from Sunday 00:00 to Monday 11:00 (35 h) counts for the week it starts in; the next week,
    # worked Monday to Saturday with only 24 h free on Sunday, has no weekly rest of its own.
    intervals = [work(day(n), "12:00", "23:59") for n in range(6)]
    intervals += [work(day(7), "11:00", "20:00")] + [work(day(n), "09:00", "20:00") for n in range(8, 13)]
    intervals += [work(day(13), "20:00", "23:00"), work(day(14), "20:00", "23:00")]
    violations = check(intervals, limits=WEEKLY_REST)
    assert [v.days[0] for v in violations] == [day(7)]


def test_weekly_rest_across_the_spring_dst_change_counts_real_time():
    # Saturday 29 March 2025 17:00 -> Monday 31 March 04:00 reads 35 h but lasts 34 h.
    monday = dt.date(2025, 3, 24)
    intervals = six_days_of_eight_hours(monday) + [work(dt.date(2025, 3, 31), "04:00", "08:00")]
    assert codes(intervals, limits=WEEKLY_REST) == ["min_weekly_rest_minutes"]
    intervals[-1] = work(dt.date(2025, 3, 31), "05:00", "08:00")
    assert codes(intervals, limits=WEEKLY_REST) == []


def test_six_days_a_week_is_allowed_seven_is_not():
    six = [work(day(n), "09:00", "12:00") for n in range(6)]
    assert codes(six, limits=DAYS) == []
    [violation] = check([*six, work(day(6), "09:00", "10:00")], limits=DAYS)
    assert violation.rule_code == "max_days_per_week"
    assert violation.days == tuple(day(n) for n in range(7))


def test_part_time_floor_of_exactly_24_hours_is_allowed():
    intervals = [work(day(n), "08:00", "14:00") for n in range(4)]
    assert codes(intervals, limits=FLOOR) == []


def test_part_time_floor_one_minute_short_is_a_violation():
    intervals = [work(day(n), "08:00", "14:00") for n in range(3)] + [work(day(3), "08:00", "13:59")]
    [violation] = check(intervals, limits=FLOOR)
    assert violation.rule_code == "min_part_time_weekly_minutes"
    assert "23 h 59" in violation.message_fr


def test_part_time_floor_with_a_written_exemption_or_credited_holiday():
    intervals = [work(day(n), "08:00", "14:00") for n in range(3)]
    assert codes(intervals, limits=FLOOR, part_time_exemption=True) == []
    assert codes(intervals, limits=FLOOR, credited_minutes={MONDAY: 360}) == []
    assert codes(intervals, limits=FLOOR, credited_minutes={MONDAY: 359}) == ["min_part_time_weekly_minutes"]


def test_part_time_floor_counts_every_member():
    intervals = [work(day(n), "08:00", "14:00", member=f"m{n}") for n in range(4)]
    assert codes(intervals, limits=FLOOR) == []
