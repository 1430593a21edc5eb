"""What the schema says matches what the API does (issue 17, item 10): regressions found by the
schemathesis run (tests/api/test_schemathesis.py), each checked on its own."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from drf_spectacular.generators import SchemaGenerator

from mutualis.core import fields
from mutualis.training.models import ReviewRule

RUNS = "/api/v1/billing-runs/"


@pytest.fixture(scope="module")
def spec():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_documents_its_json_errors(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404"} <= codes, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"409", "413"} <= codes, (method, path)


def test_timesheets_are_not_created_by_post(spec):
    assert "post" not in spec["paths"]["/api/v1/timesheets/"]
    assert "get" in spec["paths"]["/api/v1/timesheets/"]


def test_times_are_documented_as_written(spec):
    slot = spec["components"]["schemas"]["Slot"]["properties"]["start_time"]
    assert "format" not in slot and slot["pattern"].startswith("^")


def test_plain_list_actions_are_not_documented_as_paginated(spec):
    expenses = spec["paths"]["/api/v1/funding/applications/{public_id}/expenses/"]["get"]
    assert expenses["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"


@pytest.mark.django_db
def test_billing_run_creation_answers_the_run(api, personas):
    response = api("accountant_a").post(RUNS, {"month": "2026-10", "mode": "actual"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert {"id", "month", "status", "progress", "invoices", "drafts", "problems", "causes"} <= set(body)
    assert body["month"] == "2026-10-01"


@pytest.mark.django_db
def test_an_api_address_outside_the_routes_answers_json(api):
    response = api("director_a").get("/api/v1/members/pas-un-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_integer_bounds_are_postgresql_s_on_every_database():
    field = ReviewRule._meta.get_field("first_after_months")
    with pytest.raises(ValidationError):
        field.clean(889_419_441, None)
    field.clean(32_767, None)
    bounded = [
        f for f in fields.project_fields() if isinstance(f, models.IntegerField) and fields.rules_for(f)
    ]
    assert bounded and all(rule in f.validators for f in bounded for rule in fields.rules_for(f))


def test_integer_bounds_reach_the_schema(spec):
    rule = spec["components"]["schemas"]["RuleRequest"]["properties"]["first_after_months"]
    assert rule["maximum"] == 600


@pytest.mark.django_db
def test_a_nul_character_is_a_400_not_a_database_error(api):
    client = api("director_a")
    response = client.get("/api/v1/members/", {"q": "a\x00b"})
    assert response.status_code == 400 and "U+0000" in response.json()["detail"]
    response = client.post("/api/v1/consolidations/", {"label": "x\x00"}, format="json")
    assert response.status_code == 400 and "U+0000" in response.json()["detail"]
