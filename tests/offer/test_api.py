import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.accounts.roles import Role
from mutualis.offer.enums import OrientationStatus
from mutualis.offer.models import Orientation, Service
from tests.factories import MembershipFactory
from tests.insertion.factories import person, professional

from . import files
from .helpers import import_services

pytestmark = pytest.mark.usefixtures("geography")


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def director():
    return MembershipFactory(role=Role.DIRECTOR).user


def test_import_dry_run_reports_bad_rows_and_saves_nothing(director):
    content = files.document(
        services=[files.service(), files.service(id="dora--2", publics=["tous-publics", "jeunes"])]
    )
    response = api(director).post(
        "/api/v1/offer/imports/", {"content": content, "name": "f.json"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "checked"
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(2, "publics")]
    assert Service.objects.count() == 0
    refused = api(director).post(
        "/api/v1/offer/imports/", {"content": content, "name": "f.json", "dry_run": False}, format="json"
    )
    assert refused.status_code == 400 and "rien n'est importé" in str(refused.json())
    done = api(director).post(
        "/api/v1/offer/imports/",
        {"content": content, "name": "f.json", "dry_run": False, "good_rows_only": True},
        format="json",
    )
    assert done.status_code == 201 and Service.objects.count() == 1


def test_services_come_out_in_the_schema_shape(director):
    import_services(files.service())
    [row] = api(director).get("/api/v1/offer/services/").json()["results"]
    assert row["id"] == "emplois-de-linclusion--17"
    assert row["structure_id"] == files.structure()["id"]
    assert row["thematiques"] == ["numerique--acquerir-un-equipement"]
    assert row["status"] == "published"


def test_search_by_commune_through_the_api(director):
    import_services(
        files.service(id="t--61", zone_eligibilite=["61"]), files.service(id="t--72", zone_eligibilite=["72"])
    )
    response = api(director).get("/api/v1/offer/search/", {"commune": "61006"})
    assert [h["service"]["id"] for h in response.json()["results"]] == ["t--61"]
    assert api(director).get("/api/v1/offer/search/", {"commune": "00000"}).status_code == 400


def test_orient_then_the_receiving_structure_refuses_with_a_reason():
    service = import_services(files.service())["emplois-de-linclusion--17"]
    receiver = professional(service.structure.organisation, username="recoit")
    referent = professional(username="oriente")
    beneficiary = person(referent)
    created = api(referent.user).post(
        "/api/v1/offer/orientations/",
        {
            "service": str(service.public_id),
            "beneficiary": str(beneficiary.public_id),
            "consent_given_via": "signed",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pid = created.json()["public_id"]
    assert api(referent.user).post(f"/api/v1/offer/orientations/{pid}/accept/").status_code == 403
    no_reason = api(receiver.user).post(f"/api/v1/offer/orientations/{pid}/refuse/", {}, format="json")
    assert no_reason.status_code == 400 and "motif" in str(no_reason.json())
    refused = api(receiver.user).post(
        f"/api/v1/offer/orientations/{pid}/refuse/", {"refusal_reason": "not_eligible"}, format="json"
    )
    assert refused.status_code == 200
    assert Orientation.objects.get().status == OrientationStatus.REFUSED


def test_an_orientation_without_consent_is_refused_by_the_api():
    service = import_services(files.service())["emplois-de-linclusion--17"]
    referent = professional(username="oriente")
    beneficiary = person(referent)
    response = api(referent.user).post(
        "/api/v1/offer/orientations/",
        {"service": str(service.public_id), "beneficiary": str(beneficiary.public_id)},
        format="json",
    )
    assert response.status_code == 400 and "consentement" in str(response.json())
    assert Orientation.objects.count() == 0


def test_structure_staff_update_their_service_with_the_same_checks():
    service = import_services(files.service())["emplois-de-linclusion--17"]
    staff = professional(service.structure.organisation, username="staff")
    url = f"/api/v1/offer/services/{service.public_id}/"
    bad = api(staff.user).patch(url, {"code_postal": "75001"}, format="json")
    assert bad.status_code == 400 and "code_postal" in bad.json()
    ok = api(staff.user).patch(url, {"places_total": 12, "places_taken": 3}, format="json")
    assert ok.status_code == 200 and ok.json()["places_total"] == 12
    other = professional(username="autre")
    assert api(other.user).patch(url, {"places_total": 1}, format="json").status_code == 403


def test_the_published_offer_in_the_exact_data_inclusion_shape(director):
    import json

    from mutualis.offer import exchange

    import_services(files.service())
    body = api(director).get("/api/v1/offer/services/data-inclusion/").json()
    assert body == json.loads(exchange.export_json())
