import datetime
import json
from decimal import Decimal

import pytest

from mutualis.engine.instance import parse_instance
from mutualis.needs import engine_api as engine
from mutualis.needs.instance import (
    build_instance,
    employees_for_instance,
    engine_params,
    kpis,
    needs_for_instance,
    plan_to_public,
)
from mutualis.needs.models import Need
from mutualis.needs.timeline import to_minutes
from tests.factories import EmployeeFactory, SiteFactory, SkillFactory
from tests.needs.factories import CensusDeclarationFactory, NeedFactory


def day(weekday, start_hour, end_hour):
    return (to_minutes(weekday, start_hour), to_minutes(weekday, end_hour))


@pytest.fixture
def selection(personas):
    skill = SkillFactory(code="K2204-1")
    far = SiteFactory(member=personas.member_a2, latitude=Decimal("48.600000"), longitude=Decimal("0.300000"))
    NeedFactory(
        member=personas.member_a1, site=personas.site_a1, slots=[day(0, 8, 12), day(2, 8, 12)], skills=[skill]
    )
    NeedFactory(member=personas.member_a2, site=far, flexible=True, weeks=[27, 26, 28])
    NeedFactory(member=personas.member_a2, site=personas.site_a2, slots=[day(4, 14, 18)])
    return needs_for_instance(Need.objects.filter(group=personas.group_a))


@pytest.mark.django_db
def test_instance_follows_the_engine_contract(selection):
    instance, id_map = build_instance(selection, params={"max_members_per_position": 3})
    parse_instance(instance)  # raises InstanceError when the contract is broken
    json.dumps(instance)
    assert instance["version"] == 1
    assert instance["params"] == {"max_members_per_position": 3}
    first, flexible, third = instance["needs"]
    assert first["slots"] == [{"start": 480, "end": 720}, {"start": 3360, "end": 3600}]
    assert first["skills"] == ["K2204-1"] and first["weeks"] is None
    assert flexible["flexible"]["weekly_minutes"] == 420 and len(flexible["flexible"]["windows"]) == 5
    assert flexible["weeks"] == [26, 27, 28]
    assert flexible["member"] == third["member"] != first["member"]
    # Two members' sites at the same coordinates stay two sites; every site is listed once.
    assert len(instance["sites"]) == len({s["id"] for s in instance["sites"]}) == 3
    assert set(id_map["needs"].values()) == {str(n.public_id) for n in selection}


@pytest.mark.django_db
def test_empty_plan_is_valid_for_the_built_instance(selection):
    instance, _ = build_instance(selection)
    needs = [n["id"] for n in instance["needs"]]
    empty = {
        "version": 1,
        "status": "infeasible",
        "positions": [],
        "unassigned": needs,
        "stats": {
            "needs": 3,
            "minutes_total": 480 + 420 + 240,
            "minutes_placed": 0,
            "positions": 0,
            "new_positions": 0,
            "viable_new_positions": 0,
            "full_time_positions": 0,
            "employees_used": 0,
            "lower_bound_positions": engine.bound(instance)["lower_bound_positions"],
            "solve_seconds": 0,
        },
    }
    assert engine.check(instance, empty) == []


@pytest.mark.django_db
def test_solved_plan_round_trips_to_public_ids(selection):
    instance, id_map = build_instance(selection, params={"min_weekly_minutes": 0})
    plan = engine.solve(instance, time_limit=1, seed=1)
    assert engine.check(instance, plan) == []
    public = plan_to_public(plan, id_map)
    placed = [n for p in public["positions"] for n in p["needs"]] + [u["need"] for u in public["unassigned"]]
    assert sorted(placed) == sorted(str(n.public_id) for n in selection)
    members = {m for p in public["positions"] for m in p["members"]}
    assert all(m.startswith("member:") for m in members)
    figures = kpis(plan, instance)
    assert figures["minutes_placed"] == 480 + 420 + 240
    assert figures["positions"] >= 1 and figures["gap_to_lower_bound"] >= 0


@pytest.mark.django_db
def test_census_needs_without_site_use_their_coordinates(personas):
    declaration = CensusDeclarationFactory(campaign__group=personas.group_a)
    NeedFactory(
        member=None,
        group=personas.group_a,
        declaration=declaration,
        site=None,
        latitude=Decimal("48.4"),
        longitude=Decimal("0.1"),
    )
    NeedFactory(member=None, group=personas.group_a, declaration=declaration, site=None, slots=[day(1, 8, 9)])
    instance, id_map = build_instance(needs_for_instance(Need.objects.all()))
    parse_instance(instance)
    with_place, without = instance["needs"]
    assert instance["sites"] == [{"id": with_place["site"], "lat": 48.4, "lon": 0.1}]
    assert "site" not in without
    assert id_map["members"][with_place["member"]] == f"declaration:{declaration.public_id}"


@pytest.mark.django_db
def test_existing_employees_bring_skills_home_site_and_contract_hours(personas):
    skill = SkillFactory(code="K2204-1")
    personas.employee_a.skills.add(skill)
    EmployeeFactory(group=personas.group_a)  # no contract: left out
    NeedFactory(member=personas.member_a1, site=personas.site_a1, skills=[skill])
    from mutualis.employees.models import Employee

    employees = employees_for_instance(
        Employee.objects.filter(group=personas.group_a), on=datetime.date(2025, 6, 1)
    )
    instance, id_map = build_instance(
        needs_for_instance(Need.objects.all()), employees=employees, on=datetime.date(2025, 6, 1)
    )
    parse_instance(instance)
    assert instance["employees"] == [
        {"id": "e1", "skills": ["K2204-1"], "contract_weekly_minutes": 2100, "home_site": "s1"}
    ]
    assert id_map["employees"]["e1"] == f"employee:{personas.employee_a.public_id}"
    plan = engine.solve(instance, time_limit=1)
    assert plan["positions"][0]["employee"] == "e1"


def test_engine_params_keep_known_fields_and_json_types():
    params = engine_params(
        {"travel_speed_kmh": Decimal("30.5"), "max_daily_minutes": None, "min_weekly_minutes": 0, "bogus": 1}
    )
    assert params == {"travel_speed_kmh": 30.5, "max_daily_minutes": None, "min_weekly_minutes": 0}


@pytest.mark.django_db
def test_engine_reasons_name_needs_the_way_planners_do(selection):
    from mutualis.needs.instance import readable_reason

    _instance, id_map = build_instance(selection)
    needs = {str(n.public_id): n for n in selection}
    first = needs[id_map["needs"]["n1"]]
    text = readable_reason("chevauche n1 ; trajet avec n99", id_map, needs)
    assert text == f"chevauche « {first.job_title} » ({first.organisation_name}) ; trajet avec n99"
