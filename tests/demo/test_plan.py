"""The demo plan, without the database: counts, identifiers, places, contracts, determinism."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from stdnum.fr import siren, siret

from mutualis.demo import builder, data

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan():
    return builder.make_plan(data.MAIN)


def test_main_group_counts(plan):
    summary = plan.summary()
    assert summary["members"] == 80
    assert summary["public_bodies"] == 4
    assert summary["employees"] == 60
    assert summary["contracts"]["cdi"] == 40  # two thirds
    assert set(summary["contracts"]) == {
        "cdi", "cdd", "pec", "apprenticeship", "professionalisation", "adult_relay", "digital_advisor"
    }  # fmt: skip


def test_members_span_the_sectors(plan):
    sectors = {m.sector for m in plan.members}
    assert {"agri", "hcr", "retail", "crafts", "assoc", "public"} <= sectors
    assert {m.kind for m in plan.members} == {"company", "association", "public_body"}


def test_identifiers_are_valid_and_unique(plan):
    assert siren.is_valid(plan.siren)
    sirets = [m.siret for m in plan.members]
    assert all(siret.is_valid(s) for s in sirets)
    assert len(set(sirets)) == len(sirets)
    assert len({m.name for m in plan.members}) == len(plan.members)


def test_every_member_has_one_to_three_sites_inside_orne_sarthe(plan):
    box = data.ORNE_SARTHE_BOX
    for member in plan.members:
        assert 1 <= len(member.sites) <= 3, member.name
        for site in member.sites:
            assert box["lat_min"] <= site.latitude <= box["lat_max"], site
            assert box["lon_min"] <= site.longitude <= box["lon_max"], site


def test_each_contract_lists_two_to_four_members_and_their_sites(plan):
    for employee in plan.employees:
        contract = employee.contract
        assert 2 <= len(contract.members) <= 4
        assert len(set(contract.members)) == len(contract.members)
        assert [i for i, _site in contract.places] == contract.members


def test_aid_parameters_only_on_aided_contracts(plan):
    for employee in plan.employees:
        contract = employee.contract
        if contract.kind in ("pec", "adult_relay", "digital_advisor"):
            assert contract.aid, contract.kind
        else:
            assert not contract.aid, contract.kind
        if contract.kind == "cdi":
            assert contract.end_date is None
        else:
            assert contract.end_date > contract.start_date


def test_skills_mix_rome_transversal_and_behavioural(plan):
    transversal = {code for code, _ in data.TRANSVERSAL_SKILLS}
    behavioural = {code for code, _ in data.BEHAVIOURAL_SKILLS}
    for employee in plan.employees:
        assert employee.skills[0] == employee.contract.job.rome
        assert employee.skills[0] in data.ROME
        assert set(employee.skills[1:]) & (transversal | behavioural)


def test_the_employee_account_has_a_cdi_shared_by_three_members(plan):
    employee = plan.employees[plan.account_employee]
    assert employee.contract.kind == "cdi"
    assert len(employee.contract.members) == 3
    assert plan.contact_member in employee.contract.members


def test_plan_is_deterministic_across_processes(plan):
    """Same digest in another interpreter with another hash seed."""
    code = (
        "import django; django.setup(); "
        "from mutualis.demo import builder, data; print(builder.make_plan(data.MAIN).digest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == plan.digest()
    assert builder.make_plan(data.MAIN).digest() == plan.digest()


def test_scale_shrinks_the_large_group():
    small = builder.make_plan(data.LARGE, scale=0.05).summary()
    assert small["members"] == 20
    assert small["public_bodies"] == 1
    assert small["employees"] == 50
