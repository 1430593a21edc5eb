import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from mutualis.accounts.roles import Role
from mutualis.timesheets import demo
from mutualis.timesheets.models import Timesheet
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(personas):
    p = personas
    p.contract_a.potential_members.add(p.member_a2)
    MembershipFactory(user__username="salarie", group=p.group_a, role=Role.EMPLOYEE, employee=p.employee_a)
    MembershipFactory(
        user__username="contact-adherent", group=p.group_a, role=Role.MEMBER_CONTACT, member=p.member_a1
    )
    return p


def test_demo_timesheets_are_idempotent(demo_accounts):
    march = dt.date(2025, 3, 1)
    demo.ensure_demo_timesheets(month=march)
    sheets = set(Timesheet.objects.values_list("member_id", "month"))
    assert sheets == {
        (demo_accounts.member_a1.pk, dt.date(2025, 2, 1)),
        (demo_accounts.member_a1.pk, march),
        (demo_accounts.member_a2.pk, dt.date(2025, 2, 1)),
        (demo_accounts.member_a2.pk, march),
    }
    demo.ensure_demo_timesheets(month=march)
    assert Timesheet.objects.count() == 4


def test_command_dry_run_keeps_nothing(demo_accounts):
    out = StringIO()
    call_command("seed_demo_timesheets", "--dry-run", stdout=out)
    assert "rien n'a été enregistré" in out.getvalue()
    assert not Timesheet.objects.exists()


def test_without_demo_accounts_nothing_happens(personas):
    assert demo.ensure_demo_timesheets() is None
