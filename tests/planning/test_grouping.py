"""Violations read by rule and period, not one line per day (issue 11, item 8)."""

import datetime as dt

from mutualis.planning.enums import RuleCode
from mutualis.planning.grouping import group, period
from mutualis.planning.rules import Violation

TUESDAY = dt.date(2026, 1, 6)


def rest(day):
    return Violation(RuleCode.MIN_DAILY_REST_MINUTES, f"Repos trop court avant le {day:%d/%m}", (day,))


def test_a_rule_broken_every_tuesday_is_one_line_with_its_period():
    tuesdays = [TUESDAY + dt.timedelta(weeks=w) for w in range(52)]
    rows = group([rest(d) for d in reversed(tuesdays)])
    assert len(rows) == 1
    assert rows[0]["count"] == 52
    assert "52 fois, tous les mardis du 6 janvier 2026 au 29 décembre 2026" in rows[0]["message"]
    assert rows[0]["message"].endswith("Repos trop court avant le 06/01")


def test_a_rule_broken_once_keeps_its_own_message_and_rules_stay_apart():
    weekly = Violation(RuleCode.MAX_WEEKLY_MINUTES, "52 h la semaine du 5 janvier", (dt.date(2026, 1, 5),))
    rows = group([rest(TUESDAY), weekly, rest(TUESDAY + dt.timedelta(days=1))])
    assert [r["rule_code"] for r in rows] == [RuleCode.MIN_DAILY_REST_MINUTES, RuleCode.MAX_WEEKLY_MINUTES]
    assert rows[1] == {
        "rule_code": RuleCode.MAX_WEEKLY_MINUTES,
        "label": rows[1]["label"],
        "message": "52 h la semaine du 5 janvier",
        "count": 1,
    }
    assert "chaque jour du 6 janvier 2026 au 7 janvier 2026" in rows[0]["message"]


def test_scattered_days_are_listed_then_counted():
    few = [dt.date(2026, 3, 2), dt.date(2026, 3, 5), dt.date(2026, 3, 20)]
    assert period(few) == "les 2 mars 2026, 5 mars 2026 et 20 mars 2026"
    many = few + [dt.date(2026, 4, 1), dt.date(2026, 5, 9)]
    assert period(many) == "5 fois du 2 mars 2026 au 9 mai 2026"
    assert period([TUESDAY]) == "le 6 janvier 2026"
