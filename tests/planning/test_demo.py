"""Demo assignments: deterministic weekly patterns, 2 to 4 members per employee, idempotent."""

import random

from mutualis.planning.demo import weekly_pattern


def test_pattern_shares_the_contract_hours_between_the_members():
    for hours in (18, 24, 30, 35):
        for members in (2, 3, 4):
            slots = weekly_pattern(hours * 60, members, random.Random(hours * members))
            assert {member for member, *_rest in slots} == set(range(members))
            total = sum(
                (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
                for _m, _d, start, end in slots
            )
            assert hours * 60 - len(slots) * 15 < total <= hours * 60
