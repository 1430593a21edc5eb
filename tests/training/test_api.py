import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.billing import selectors
from mutualis.training import services
from mutualis.training.models import EmployeeCertification

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def make(name):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=world[name])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def test_shared_session_through_the_api_alone(world, api):
    w = world
    a, b, trainee = api("director_a"), api("director_b"), api("employee_user_b")
    session_id = str(w.session.public_id)
    assert b.get(f"/api/v1/training-sessions/{session_id}/").status_code == 404
    r = a.post(
        f"/api/v1/training-sessions/{session_id}/share/",
        {"territories": [str(w.territory.public_id)]},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert b.get(f"/api/v1/training-sessions/{session_id}/").json()["seats_left"] == 3
    r = b.post(
        "/api/v1/enrolments/",
        {
            "session": session_id,
            "employee": str(w.employee_b.public_id),
            "asked_by": str(w.member_b1.public_id),
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    enrolment_id = r.json()["id"]
    r = b.post(
        "/api/v1/training-funding/",
        {
            "enrolment": enrolment_id,
            "scheme": "plan",
            "funder": "OPCO EP",
            "requested": "300.00",
            "file_number": "EP-1",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    funding_id = r.json()["id"]
    on = (w.session.starts_on - dt.timedelta(days=2)).isoformat()
    assert (
        b.post(
            f"/api/v1/training-funding/{funding_id}/move/", {"status": "submitted", "on": on}, format="json"
        ).status_code
        == 200
    )
    r = b.post(
        f"/api/v1/training-funding/{funding_id}/move/",
        {"status": "accepted", "granted": "287.40"},
        format="json",
    )
    assert r.json()["status"] == "accepted"
    # GE A never sees GE B's trainee.
    listed = a.get("/api/v1/enrolments/").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    assert a.get(f"/api/v1/enrolments/{enrolment_id}/").status_code == 404
    # The trainee signs each half-day; the certificate follows.
    assert b.post(f"/api/v1/enrolments/{enrolment_id}/certify/", {}, format="json").status_code == 400
    for day, half in services._half_days(w.session):
        r = trainee.post(
            f"/api/v1/enrolments/{enrolment_id}/sign/", {"day": day.isoformat(), "half": half}, format="json"
        )
        assert r.status_code == 200, r.content
    r = b.post(
        f"/api/v1/enrolments/{enrolment_id}/certify/", {"on": w.session.ends_on.isoformat()}, format="json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["net_cost"] == "132.60"
    cert = EmployeeCertification.objects.get(employee=w.employee_b, skill__code="SST-T")
    assert cert.expires_on == w.session.ends_on + relativedelta(months=24)
    assert w.employee_b.skills.filter(code="SST-T").exists()
    month = w.session.ends_on.replace(day=1)
    charges = selectors.extra_charges(w.group_b, month, [w.member_b1.pk])
    assert [c.amount for c in charges] == [Decimal("132.60")]


def test_lheo_export_and_import_through_the_api(world, api):
    a, b = api("director_a"), api("director_b")
    r = a.get("/api/v1/training-offers/lheo/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/xml")
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = b.post(
        "/api/v1/training-offers/import-lheo/",
        {"file": SimpleUploadedFile("c.xml", r.content, "application/xml")},
        format="multipart",
    )
    assert r.status_code == 200, r.content
    assert r.json()[0]["title"] == "Sauveteur secouriste du travail"
    bad = b"<lheo xmlns='http://lheo.gouv.fr/2.3'><offres/></lheo>"
    r = b.post(
        "/api/v1/training-offers/import-lheo/",
        {"file": SimpleUploadedFile("c.xml", bad, "application/xml")},
        format="multipart",
    )
    assert r.status_code == 400 and "<offres>" in str(r.json())


def test_review_rules_through_the_api(world, api):
    w = world
    w.contract_a.start_date = dt.date.today() - dt.timedelta(days=400)
    w.contract_a.save()
    a = api("director_a")
    rows = a.get("/api/v1/career-reviews/due/").json()
    assert any(r["late"] and r["kind"] == "first" for r in rows)
    rows = a.post(
        "/api/v1/career-reviews/rules/", {"kind": "first", "first_after_months": 24}, format="json"
    ).json()
    assert not any(r["late"] and r["kind"] == "first" for r in rows)
    assert api("employee_user_a").get("/api/v1/career-reviews/due/").status_code == 403


def test_plain_records_are_written_in_the_callers_group_and_validated(world, api):
    """Training bodies (and sessions, plans) are created and updated through the model's validation,
    in the caller's GE — never by a bare serializer save."""
    from mutualis.training.models import TrainingBody

    a = api("director_a")
    r = a.post(
        "/api/v1/training-bodies/", {"name": "Organisme test", "siret": "73282932000074"}, format="json"
    )
    assert r.status_code == 201, r.content
    body = TrainingBody.objects.get(public_id=r.json()["id"])
    assert body.group == world.director_a.memberships.first().group
    r = a.patch(f"/api/v1/training-bodies/{body.public_id}/", {"siret": "123"}, format="json")
    assert r.status_code == 400 and "siret" in r.json(), r.content
