"""Billing fixtures: a GE with cost parameters, two members, one contract, and a settable hours source."""

import datetime
from decimal import Decimal as D

import pytest

from mutualis.billing.compute import HourLine
from mutualis.billing.models import CostParameters, MinimumWage
from tests.factories import ContractFactory, EmployeeFactory, MemberFactory, SiteFactory

HOURS = {}  # (group_id, month) -> [HourLine]


def provider(*, group, month):
    """Test source of billable hours (setting MUTUALIS_BILLABLE_HOURS_PROVIDER)."""
    return HOURS.get((group.pk, month), [])


@pytest.fixture
def hours(settings):
    settings.MUTUALIS_BILLABLE_HOURS_PROVIDER = "tests.billing.conftest.provider"
    HOURS.clear()

    def put(group, month, lines):
        HOURS[(group.pk, month)] = lines

    yield put
    HOURS.clear()


@pytest.fixture
def billing(personas, hours):
    """GE A with cost parameters (30 % / 10 %), members A1 and A2, contract 12.50 €/h, SMIC 11.88."""
    group = personas.group_a
    group.address, group.postcode, group.city = "1 rue de la Paix", "61000", "Alençon"
    group.save()
    CostParameters.objects.create(
        group=group, valid_from=datetime.date(2025, 1, 1), employer_contribution_rate=D("30")
    )
    MinimumWage.objects.create(valid_from=datetime.date(2024, 11, 1), hourly_amount=D("11.88"))
    personas["contract"] = personas.contract_a
    return personas


def month_lines(p, month, a1="10", a2="5"):
    return [
        HourLine(p.member_a1.pk, p.contract_a.pk, month, actual_hours=D(a1)),
        HourLine(p.member_a2.pk, p.contract_a.pk, month, actual_hours=D(a2)),
    ]


def aided_contract(group, members, **kwargs):
    employee = EmployeeFactory(group=group)
    contract = ContractFactory(employee=employee, pec=True, **kwargs)
    for member in members:
        contract.potential_members.add(member)
    return contract


__all__ = ["MemberFactory", "SiteFactory", "aided_contract", "month_lines"]
