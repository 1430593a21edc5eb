import datetime as dt
from decimal import Decimal

import pytest

from mutualis.employees.models import Contract
from mutualis.planning.models import Assignment
from mutualis.recruitment.models import Application, JobOffer

from .factories import make_candidate, make_offer, make_position, next_monday

pytestmark = pytest.mark.django_db


def _minutes(assignments):
    total = 0
    for a in assignments:
        for s in a.slots.all():
            start = dt.datetime.combine(dt.date(2026, 1, 5), s.start_time)
            end = dt.datetime.combine(dt.date(2026, 1, 5), s.end_time)
            total += int((end - start).total_seconds() // 60) % 1440 or 1440
    return total


def test_position_to_cdi_through_the_api(personas, api):
    position = make_position(personas)
    client = api("planner_a")
    answer = client.post(
        "/api/v1/job-offers/", {"position": str(position.public_id), "pay_min": "12.40"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    offer_id = answer.json()["id"]
    assert answer.json()["weekly_minutes"] == 720
    answer = client.post(f"/api/v1/job-offers/{offer_id}/publish/")
    assert answer.status_code == 200 and answer.json()["status"] == "published"

    answer = client.post(
        "/api/v1/candidates/",
        {
            "first_name": "Inès",
            "last_name": "Martin",
            "email": "ines@example.org",
            "weekly_minutes_min": 600,
            "weekly_minutes_max": 1500,
            "skills": [{"skill": "T-ENTRETIEN", "level": 3}],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    candidate_id = answer.json()["id"]
    answer = client.post(
        "/api/v1/applications/", {"offer": offer_id, "candidate": candidate_id}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    application_id = answer.json()["id"]

    matches = client.get(f"/api/v1/job-offers/{offer_id}/matches/").json()
    assert matches["matches"][0]["candidate"] == candidate_id

    for step in ("screening", "interview", "prior_to_hire"):
        answer = client.post(
            f"/api/v1/applications/{application_id}/transition/", {"status": step}, format="json"
        )
        assert answer.status_code == 200, answer.json()
    answer = client.post(
        f"/api/v1/applications/{application_id}/transition/", {"status": "hired"}, format="json"
    )
    assert answer.status_code == 400 and "hiring_start_date" in answer.json()
    start = next_monday()
    answer = client.post(
        f"/api/v1/applications/{application_id}/transition/",
        {"status": "hired", "hiring_start_date": start.isoformat()},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["status"] == "hired"
    contract = Contract.objects.get(public_id=body["contract"])
    assert contract.kind == "cdi"
    assert contract.gross_hourly_wage == Decimal("12.40")
    assert set(contract.potential_members.all()) == set(position.members.all())
    assert _minutes(Assignment.objects.filter(contract=contract)) == position.weekly_minutes

    # A second hire on the same position is refused.
    other = client.post(
        "/api/v1/candidates/",
        {"first_name": "Léo", "last_name": "Petit", "email": "leo@example.org"},
        format="json",
    ).json()["id"]
    answer = client.post("/api/v1/applications/", {"offer": offer_id, "candidate": other}, format="json")
    assert answer.status_code == 400  # the offer is filled
    assert JobOffer.objects.get(public_id=offer_id).status == "filled"


def test_second_hire_is_refused_through_the_api(personas, api):
    offer = make_offer(personas)
    from mutualis.recruitment import services

    first = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    second = services.create_application(
        actor=personas.planner_a,
        offer=offer,
        candidate=make_candidate(personas, first_name="B", email="b@example.org"),
    )
    client = api("director_a")
    start = next_monday().isoformat()
    assert (
        client.post(f"/api/v1/applications/{first.public_id}/hire/", {"hiring_start_date": start}).status_code
        == 200
    )
    answer = client.post(f"/api/v1/applications/{second.public_id}/hire/", {"hiring_start_date": start})
    assert answer.status_code == 400
    assert "déjà pourvu" in answer.json()["position"][0]
    assert Application.objects.get(pk=second.pk).status == "new"


def test_illegal_transition_is_409(personas, api):
    offer = make_offer(personas)
    from mutualis.recruitment import services

    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    services.transition(actor=personas.planner_a, application=application, status="withdrawn")
    answer = api("planner_a").post(
        f"/api/v1/applications/{application.public_id}/transition/", {"status": "interview"}
    )
    assert answer.status_code == 409
    assert "ne peut pas passer" in answer.json()["status"][0]


def test_refusal_without_reason_is_400(personas, api):
    offer = make_offer(personas)
    from mutualis.recruitment import services

    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    answer = api("planner_a").post(
        f"/api/v1/applications/{application.public_id}/transition/", {"status": "refused"}
    )
    assert answer.status_code == 400 and "refusal_reason" in answer.json()


def test_bad_offer_input_names_the_field(personas, api):
    position = make_position(personas)
    client = api("planner_a")
    answer = client.post(
        "/api/v1/job-offers/", {"position": str(position.public_id), "pay_min": "9.00"}, format="json"
    )
    assert answer.status_code == 400 and "pay_min" in answer.json()
    answer = client.post(
        "/api/v1/job-offers/", {"position": str(position.public_id), "weekly_minutes": 3000}, format="json"
    )
    assert answer.status_code == 400 and "weekly_minutes" in answer.json()
    answer = client.post(
        "/api/v1/job-offers/",
        {"position": str(position.public_id), "skills": [{"skill": "NOPE"}]},
        format="json",
    )
    assert answer.status_code == 400 and "skills" in answer.json()
    assert not JobOffer.objects.exists()


def test_other_ge_objects_are_404(personas, api):
    offer = make_offer(personas)
    client = api("planner_b")
    assert client.get(f"/api/v1/job-offers/{offer.public_id}/").status_code == 404
    assert client.post(f"/api/v1/job-offers/{offer.public_id}/close/").status_code == 404
    position = make_position(personas, title="Autre")
    answer = client.post("/api/v1/job-offers/", {"position": str(position.public_id)}, format="json")
    assert answer.status_code == 400 and "position" in answer.json()


def test_member_contact_sees_initials_only(personas, api):
    from mutualis.recruitment import services

    offer = make_offer(personas)
    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    services.transition(actor=personas.planner_a, application=application, status="interview")
    body = api("contact_a1").get("/api/v1/applications/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["candidate_name"] for r in rows] == ["Camille D."]
    assert "camille@example.org" not in str(body)
    assert api("contact_a1").get("/api/v1/candidates/").status_code in (403, 404)


def test_an_employee_looking_for_more_hours_joins_the_pool(personas, api):
    answer = api("planner_a").post(
        "/api/v1/candidates/",
        {"first_name": "Jo", "last_name": "Interne", "employee": str(personas.employee_a.public_id)},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["source"] == "employee"
    foreign = api("planner_a").post(
        "/api/v1/candidates/",
        {"first_name": "Jo", "last_name": "Autre", "employee": str(personas.employee_b.public_id)},
        format="json",
    )
    assert foreign.status_code == 400 and "employee" in foreign.json()
