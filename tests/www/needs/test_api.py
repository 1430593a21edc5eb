import pytest
from rest_framework.test import APIClient

from mutualis.needs.models import ConsolidationRun, Need, NeedStatus, RunStatus
from mutualis.needs.timeline import to_minutes
from tests.needs.factories import NeedFactory


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(personas, **overrides):
    data = {
        "member": str(personas.member_a1.public_id),
        "site": str(personas.site_a1.public_id),
        "job_title": "Agent d'entretien",
        "rome_code": "K2204",
        "kind": "fixed",
        "slots": [{"start": to_minutes(0, 8), "end": to_minutes(0, 12)}],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_planner_creates_reads_and_withdraws_a_need(personas):
    client = api(personas.planner_a)
    response = client.post("/api/v1/needs/", payload(personas, weeks=[1, 2]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slots"] == [{"start": 480, "end": 720}] and body["weeks"] == [1, 2]
    need_id = body["id"]
    assert client.get(f"/api/v1/needs/{need_id}/").json()["job_title"] == "Agent d'entretien"
    assert client.delete(f"/api/v1/needs/{need_id}/").status_code == 204
    assert Need.objects.get().status == NeedStatus.WITHDRAWN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slots": [{"start": 720, "end": 480}]}, "slots"),
        ({"site": "00000000-0000-0000-0000-000000000000"}, "site"),
        ({"weeks": [0]}, "weeks"),
    ],
)
def test_bad_input_is_refused_naming_the_field(personas, overrides, field):
    response = api(personas.planner_a).post("/api/v1/needs/", payload(personas, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_overlapping_needs_of_one_member_are_refused(personas):
    NeedFactory(member=personas.member_a1, site=personas.site_a1)
    response = api(personas.planner_a).post("/api/v1/needs/", payload(personas), format="json")
    assert response.status_code == 400
    assert "chevauche" in response.json()["slots"][0]


@pytest.mark.django_db
def test_member_contact_declares_for_its_member_and_sees_only_its_needs(personas):
    NeedFactory(member=personas.member_a2, site=personas.site_a2, job_title="Comptable")
    client = api(personas.contact_a1)
    response = client.post(
        "/api/v1/needs/", payload(personas, member=str(personas.member_a2.public_id)), format="json"
    )
    # member_a2 is unknown to contact_a1: refused like a missing id.
    assert response.status_code == 400 and "member" in response.json()
    response = client.post(
        "/api/v1/needs/",
        payload(personas, member=None) | {"member": str(personas.member_a1.public_id)},
        format="json",
    )
    assert response.status_code == 201
    titles = [n["job_title"] for n in client.get("/api/v1/needs/").json()["results"]]
    assert titles == ["Agent d'entretien"]


@pytest.mark.django_db
def test_accountant_and_other_group_cannot_write(personas):
    need = NeedFactory(member=personas.member_a1, site=personas.site_a1)
    assert (
        api(personas.accountant_a).post("/api/v1/needs/", payload(personas), format="json").status_code == 403
    )
    assert api(personas.director_b).get(f"/api/v1/needs/{need.public_id}/").status_code == 404
    assert api(personas.director_b).delete(f"/api/v1/needs/{need.public_id}/").status_code == 404


@pytest.mark.django_db
def test_consolidation_started_by_post_and_read_with_its_plan(personas, django_capture_on_commit_callbacks):
    NeedFactory(member=personas.member_a1, site=personas.site_a1)
    NeedFactory(
        member=personas.member_a2, site=personas.site_a2, slots=[(to_minutes(1, 8), to_minutes(1, 12))]
    )
    client = api(personas.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/consolidations/",
            {"params": {"min_weekly_minutes": 0}, "time_limit_seconds": 1, "seed": 2},
            format="json",
        )
    assert response.status_code == 201, response.json()
    run_id = response.json()["id"]
    body = client.get(f"/api/v1/consolidations/{run_id}/").json()
    assert body["status"] == RunStatus.SUCCEEDED and body["progress"] == 100
    assert body["plan"]["version"] == 1 and body["kpis"]["positions"] == 1
    assert ConsolidationRun.objects.get().seed == 2
    bad = client.post("/api/v1/consolidations/", {"params": {"speed": 3}}, format="json")
    assert bad.status_code == 400 and "params" in bad.json()
    bad = client.post("/api/v1/consolidations/", {"params": {"job_families": [["cuisine"]]}}, format="json")
    assert bad.status_code == 400 and "job_families" in str(bad.json()["params"])
    with django_capture_on_commit_callbacks(execute=True):
        mixed = client.post(
            "/api/v1/consolidations/",
            {"params": {"min_weekly_minutes": 0, "job_families": "any"}, "time_limit_seconds": 1},
            format="json",
        )
    assert mixed.status_code == 201, mixed.json()
    assert (
        ConsolidationRun.objects.get(public_id=mixed.json()["id"]).instance["params"]["job_families"] == "any"
    )
    assert api(personas.accountant_a).post("/api/v1/consolidations/", {}, format="json").status_code == 403
    assert api(personas.contact_a1).get(f"/api/v1/consolidations/{run_id}/").status_code == 404
    assert api(personas.planner_a).get("/api/v1/positions/").status_code == 200
    assert api(personas.planner_a).get("/api/v1/census-campaigns/").status_code == 200
