import datetime as dt

import pytest

from tests.factories import AssignmentFactory, AssignmentSlotFactory

MARCH = dt.date(2025, 3, 1)  # no public holiday in March 2025


@pytest.fixture
def planned(personas):
    """Employee a works for member a1 on Mondays 8–12 and for member a2 on Wednesdays 14–18 (2025)."""
    p = personas
    a1 = AssignmentFactory(employee=p.employee_a, member=p.member_a1, site=p.site_a1, contract=p.contract_a)
    AssignmentSlotFactory(assignment=a1, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    a2 = AssignmentFactory(employee=p.employee_a, member=p.member_a2, site=p.site_a2)
    AssignmentSlotFactory(assignment=a2, weekday=2, start_time=dt.time(14), end_time=dt.time(18))
    p["assignment_a1"], p["assignment_a2"] = a1, a2
    return p


def membership(user):
    return user.active_memberships().first()
