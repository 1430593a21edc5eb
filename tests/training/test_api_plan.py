import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.training import services
from mutualis.training.models import EmployeeCertification, TrainingPlanLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def make(name):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=world[name])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def _results(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_training_plan_through_the_api(world, api):
    w = world
    a, accountant = api("director_a"), api("accountant_a")
    assert a.post("/api/v1/training-funding/opco/", {"opco": "OPCO EP"}, format="json").json() == {
        "opco": "OPCO EP"
    }
    assert accountant.get("/api/v1/training-funding/opco/").json() == {"opco": "OPCO EP"}
    assert accountant.post("/api/v1/training-funding/opco/", {"opco": "X"}, format="json").status_code == 403
    w.contract_a.start_date = dt.date.today() - dt.timedelta(days=400)
    w.contract_a.save()
    r = a.post("/api/v1/training-plans/", {"year": dt.date.today().year}, format="json")
    assert r.status_code == 201, r.content
    plan_id = r.json()["id"]
    r = a.post("/api/v1/training-plans/", {"year": dt.date.today().year}, format="json")
    assert r.status_code == 400 and "year" in str(r.json())
    r = a.post(f"/api/v1/training-plans/{plan_id}/draw/", format="json")
    assert r.status_code == 200, r.content
    assert any(line["source"] == "review" for line in r.json()["lines"])
    r = a.post(
        "/api/v1/training-plan-lines/",
        {
            "plan": plan_id,
            "label": "CACES R489",
            "cost": "1800.00",
            "funder": "OPCO EP",
            "funding": "1200.00",
            "employee": str(w.employee_a.public_id),
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    line_id = r.json()["id"]
    bad = a.patch(f"/api/v1/training-plan-lines/{line_id}/", {"funding": "2000.00"}, format="json")
    assert bad.status_code == 400 and "financement attendu" in str(bad.json())
    plan = a.get(f"/api/v1/training-plans/{plan_id}/").json()
    total = plan["budget"]["total"]
    assert Decimal(total["cost"]) == sum(Decimal(line["cost"]) for line in plan["lines"])
    assert Decimal(total["funding"]) == Decimal("1200.00")
    assert a.delete(f"/api/v1/training-plan-lines/{line_id}/").status_code == 204
    assert not TrainingPlanLine.objects.filter(public_id=line_id).exists()
    # Read for every staff role, 404 for another GE.
    assert accountant.get(f"/api/v1/training-plans/{plan_id}/").status_code == 200
    assert accountant.post("/api/v1/training-plans/", {"year": 2040}, format="json").status_code == 403
    assert api("director_b").get(f"/api/v1/training-plans/{plan_id}/").status_code == 404
    assert api("employee_user_a").get("/api/v1/training-plans/").status_code == 403


def test_expiring_certifications_sales_documents_and_review_record(world, api):
    w = world
    a = api("director_a")
    soon = EmployeeCertification.objects.create(
        group=w.group_a,
        employee=w.employee_a,
        skill=w.skill,
        certified_on=dt.date.today() - dt.timedelta(days=700),
        expires_on=dt.date.today() + dt.timedelta(days=30),
    )
    EmployeeCertification.objects.create(
        group=w.group_a,
        employee=w.employee_a,
        skill=w.skill,
        certified_on=dt.date.today(),
        expires_on=None,
    )
    # Renewed: no alert.
    assert a.get("/api/v1/training-certifications/expiring/").json() == []
    EmployeeCertification.objects.filter(expires_on__isnull=True).delete()
    assert [c["id"] for c in a.get("/api/v1/training-certifications/expiring/").json()] == [
        str(soon.public_id)
    ]
    assert len(_results(a.get("/api/v1/training-certifications/?expiring_within=10"))) == 0
    assert len(_results(a.get("/api/v1/training-certifications/?expiring_within=30"))) == 1
    r = a.get("/api/v1/training-certifications/?expiring_within=abc")
    assert r.status_code == 400 and "expiring_within" in str(r.json())
    # A seat sold: a numbered service invoice with VAT.
    r = a.post(
        "/api/v1/training-sales/",
        {
            "session": str(w.session.public_id),
            "buyer": str(w.member_a2.public_id),
            "seats": 1,
            "unit_price": "380.00",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["invoice_number"] and r.json()["total_incl_tax"] == "456.00"
    r = a.post(
        "/api/v1/training-sales/",
        {
            "session": str(w.session.public_id),
            "buyer": str(w.member_a2.public_id),
            "seats": 9,
            "unit_price": "1",
        },
        format="json",
    )
    assert r.status_code == 400 and "seats" in str(r.json())
    # A document on an enrolment, downloaded back.
    w.group_a.opco = "OPCO EP"
    w.group_a.save()
    enrolment = services.enrol(
        membership=w.director_a.memberships.first(), session=w.session, employee=w.employee_a
    )
    r = a.post(
        "/api/v1/training-documents/",
        {
            "enrolment": str(enrolment.public_id),
            "kind": "agreement",
            "file": SimpleUploadedFile("convention.pdf", b"%PDF-1.4 x"),
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    download = a.get(f"/api/v1/training-documents/{r.json()['id']}/download/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    # The review record as PDF: staff and the employee, not another employee.
    review = services.record_review(
        employee=w.employee_a, kind="first", held_on=dt.date.today(), record="Bilan."
    )
    for name in ("director_a", "employee_user_a"):
        r = api(name).get(f"/api/v1/career-reviews/{review.public_id}/record/")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert api("employee_user_b").get(f"/api/v1/career-reviews/{review.public_id}/record/").status_code == 404
