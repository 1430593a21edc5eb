"""Every declared retention rule is applied by `apply_retention` (dry unless --wet-run)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from mutualis.accounts.roles import Role
from mutualis.core import retention
from mutualis.needs.models import CensusDeclaration
from mutualis.planning.models import Absence
from tests.factories import (
    AbsenceFactory,
    ContractFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)
from tests.needs.factories import CensusDeclarationFactory

LONG_AGO = timezone.now() - datetime.timedelta(days=6 * 365)


def test_every_declared_rule_has_an_implementation():
    assert retention.unimplemented() == [], (
        "Declared in PERSONAL_DATA, applied by no rule (core/retention.py)"
    )
    assert retention.undeclared() == [], "A rule covers a field that declares no retention"


@pytest.mark.django_db
def test_apply_retention_is_dry_unless_wet_run(capsys):
    old_campaign_answer = CensusDeclarationFactory(
        campaign__opens_on=datetime.date(2020, 1, 1),
        campaign__closes_on=datetime.date(2020, 6, 30),
        ip_address="203.0.113.9",
    )
    CensusDeclaration.objects.filter(pk=old_campaign_answer.pk).update(created_at=LONG_AGO)
    recent = CensusDeclarationFactory(ip_address="203.0.113.10")
    former = MemberFactory(email="dirigeante@example.org", phone="0601020304")
    type(former).objects.filter(pk=former.pk).update(
        joined_on=datetime.date(2015, 1, 1), left_on=datetime.date(2020, 1, 31)
    )
    gone = UserFactory(first_name="Ancienne", last_name="Directrice", is_active=False)
    type(gone).objects.filter(pk=gone.pk).update(date_joined=LONG_AGO, last_login=None)

    call_command("apply_retention")
    assert "Relancez avec --wet-run" in capsys.readouterr().out
    old_campaign_answer.refresh_from_db()
    assert old_campaign_answer.ip_address == "203.0.113.9"

    call_command("apply_retention", "--wet-run")
    old_campaign_answer.refresh_from_db()
    recent.refresh_from_db()
    former.refresh_from_db()
    gone.refresh_from_db()
    assert old_campaign_answer.ip_address is None  # 3 months
    assert (old_campaign_answer.contact_name, old_campaign_answer.contact_email) == ("", "")  # 2 years
    assert recent.ip_address == "203.0.113.10" and recent.contact_name
    assert (former.email, former.phone) == ("", "")  # 3 years after leaving
    assert (gone.first_name, gone.last_name, gone.email) == ("", "", "")
    assert gone.username == f"anonyme-{gone.pk}"
    call_command("apply_retention", "--wet-run")  # idempotent: nothing left to do
    assert "0 élément(s) traité(s)" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.django_db
def test_anonymising_a_former_employee_clears_her_absences_and_her_account():
    contract = ContractFactory(
        fixed_term=True, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2016, 6, 30)
    )
    employee = contract.employee
    employee.archived_at = datetime.datetime(2016, 7, 1, tzinfo=datetime.UTC)
    employee.save()
    sick = AbsenceFactory(employee=employee, kind="sickness", comment="Opération du genou")
    account = MembershipFactory(
        group=employee.group,
        role=Role.EMPLOYEE,
        employee=employee,
        user=UserFactory(first_name="Léa", last_name="Martin"),
    ).user
    call_command("anonymise_former_employees", "--wet-run")
    sick = Absence.objects.get(pk=sick.pk)
    account.refresh_from_db()
    assert (sick.kind, sick.comment) == ("other", "")
    assert (account.first_name, account.last_name, account.email) == ("", "", "")
