import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mutualis.employees.models import Contract
from mutualis.recruitment import services
from mutualis.recruitment.models import Application, Candidate, JobOffer
from tests.recruitment.factories import docx, make_candidate, make_offer, make_position, next_monday

pytestmark = pytest.mark.django_db


def test_position_to_offer_in_one_click_then_publish(personas, client):
    position = make_position(personas)
    client.force_login(personas.planner_a)
    page = client.get("/recrutement/").content.decode()
    assert "Agent d&#x27;entretien" in page and "Créer l'offre" in page
    answer = client.post(f"/recrutement/postes/{position.public_id}/offre/")
    offer = JobOffer.objects.get()
    assert answer.status_code == 302 and answer.url == f"/recrutement/offres/{offer.public_id}/modifier/"
    page = client.get(answer.url).content.decode()
    assert "12 h" in page
    answer = client.post(f"/recrutement/offres/{offer.public_id}/statut/", {"status": "published"})
    offer.refresh_from_db()
    assert offer.status == "published"


def test_offer_form_refuses_pay_below_minimum_wage(personas, client):
    offer = make_offer(personas, publish=False)
    client.force_login(personas.planner_a)
    answer = client.post(
        f"/recrutement/offres/{offer.public_id}/modifier/",
        {
            "title": offer.title,
            "rome_code": "",
            "pay_min": "8.00",
            "start_date": offer.start_date.isoformat(),
        },
    )
    assert answer.status_code == 200
    assert "SMIC" in answer.content.decode()
    offer.refresh_from_db()
    assert offer.pay_min != 8


def test_public_application_then_review_and_hire(personas, client, django_capture_on_commit_callbacks):
    offer = make_offer(personas)
    listing = client.get("/offres/").content.decode()
    assert offer.title.replace("'", "&#x27;") in listing
    answer = client.post(
        f"/offres/{offer.public_id}/",
        {
            "first_name": "Yanis",
            "last_name": "Leroy",
            "email": "yanis@example.org",
            "cv": docx(),
            "pool_consent": "on",
        },
    )
    assert answer.status_code == 200 and "Candidature envoyée" in answer.content.decode()
    application = Application.objects.get()
    assert application.candidate.pool_consent_until is not None

    client.force_login(personas.planner_a)
    board = client.get(f"/recrutement/offres/{offer.public_id}/").content.decode()
    assert "Yanis Leroy" in board
    url = f"/recrutement/candidatures/{application.public_id}/"
    cv = client.get(url + "cv/")
    assert cv.status_code == 200 and b"word/document.xml" in b"".join(cv.streaming_content)
    cv.close()
    client.post(url + "statut/", {"status": "interview"})
    application.refresh_from_db()
    assert application.status == "interview"
    answer = client.post(url + "embaucher/", {"hiring_start_date": next_monday().isoformat()})
    assert answer.status_code == 302
    application.refresh_from_db()
    assert application.status == "hired"
    assert Contract.objects.filter(employee__last_name="Leroy", kind="cdi").exists()
    assert "CDI à partir du" in client.get(url).content.decode()


def test_public_form_refuses_a_cv_of_another_type(personas, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    offer = make_offer(personas)
    answer = client.post(
        f"/offres/{offer.public_id}/",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@example.org",
            "cv": SimpleUploadedFile("cv.pdf", b"GIF89a"),
        },
    )
    assert answer.status_code == 200
    assert "PDF, DOCX ou ODT" in answer.content.decode()
    assert not Candidate.objects.exists()


def test_unpublished_offer_is_not_public(personas, client):
    offer = make_offer(personas, publish=False)
    assert client.get(f"/offres/{offer.public_id}/").status_code == 404


def test_json_export(personas, client):
    offer = make_offer(personas)
    make_offer(personas, make_position(personas, title="Brouillon"), publish=False)
    document = json.loads(client.get("/offres/offres.json").content)
    assert document["format"] == "mutualis.job-offers" and document["version"] == 1
    assert [o["id"] for o in document["offers"]] == [str(offer.public_id)]
    first = document["offers"][0]
    assert first["weekly_minutes"] == 720 and first["pay"]["currency"] == "EUR"
    assert first["places"][0]["member"] is None  # names hidden unless the GE shows them
    assert first["skills"][0]["code"] == "T-ENTRETIEN"


def test_matching_page_names_missing_skills(personas, client):
    offer = make_offer(personas)
    make_candidate(personas, pool_consent_until=next_monday(10))
    client.force_login(personas.director_a)
    page = client.get(f"/recrutement/offres/{offer.public_id}/candidats/").content.decode()
    assert "Camille Durand" in page
    assert "Entretien des locaux (requise)" in page


def test_member_contact_shortlist_hides_contact_details(personas, client):
    offer = make_offer(personas)
    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas, phone="0601020304")
    )
    services.transition(actor=personas.planner_a, application=application, status="interview")
    client.force_login(personas.contact_a1)
    page = client.get("/recrutement/selection/").content.decode()
    assert "Camille D." in page
    assert "Durand" not in page and "camille@example.org" not in page and "0601020304" not in page


def test_partner_sends_a_candidate(personas, client):
    offer = make_offer(personas)
    client.force_login(personas.partner_a)
    answer = client.post(
        "/recrutement/orientations/",
        {"offer": str(offer.public_id), "first_name": "Nora", "last_name": "Ben", "sharing_consent": "on"},
    )
    assert answer.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.sent_by == personas.partner_a and candidate.source == "partner"
    assert "Nora Ben" in client.get("/recrutement/orientations/").content.decode()


def test_offer_board_query_count_does_not_grow(personas, client):
    offer = make_offer(personas)
    client.force_login(personas.planner_a)
    url = f"/recrutement/offres/{offer.public_id}/"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.create_application(actor=personas.planner_a, offer=offer, candidate=make_candidate(personas))
    first = count()
    for i in range(4):
        services.create_application(
            actor=personas.planner_a,
            offer=offer,
            candidate=make_candidate(personas, first_name=f"C{i}", email=f"c{i}@example.org"),
        )
    assert count() == first


def test_pool_pages_render(personas, client):
    candidate = make_candidate(personas, availability=[{"start": 480, "end": 720}])
    client.force_login(personas.planner_a)
    assert "Camille Durand" in client.get("/recrutement/candidats/?q=camille").content.decode()
    assert (
        "lundi 08:00–12:00" in client.get(f"/recrutement/candidats/{candidate.public_id}/").content.decode()
    )
    assert client.get(f"/recrutement/candidats/{candidate.public_id}/modifier/").status_code == 200
    answer = client.post(
        "/recrutement/candidats/nouveau/",
        {
            "first_name": "Lou",
            "last_name": "Roy",
            "hours_min": "10",
            "hours_max": "50",
            "dispo-TOTAL_FORMS": "3",
            "dispo-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 200 and "48" in answer.content.decode()
    assert not Candidate.objects.filter(last_name="Roy").exists()


def test_position_for_an_existing_employee_gets_its_assignments_from_the_page(personas, client):
    from mutualis.planning.models import Assignment

    position = make_position(personas)
    position.employee = personas.employee_a
    position.save()
    client.force_login(personas.planner_a)
    page = client.get("/recrutement/").content.decode()
    assert "Créer les mises à disposition" in page
    client.post(
        f"/recrutement/postes/{position.public_id}/affecter/", {"start_date": next_monday().isoformat()}
    )
    position.refresh_from_db()
    assert position.status == "filled"
    assert Assignment.objects.filter(employee=personas.employee_a).count() == 2


@pytest.mark.parametrize("path", ["/recrutement/", "/recrutement/candidats/"])
def test_list_pages_query_count_does_not_grow(personas, client, path):
    client.force_login(personas.planner_a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    make_offer(personas, make_candidate_and_position(personas, 0))
    first = count()
    for i in range(1, 4):
        make_offer(personas, make_candidate_and_position(personas, i))
    assert count() == first


def make_candidate_and_position(personas, i):
    from tests.recruitment.factories import skill

    make_candidate(
        personas, first_name=f"P{i}", email=f"p{i}@example.org", city="Alençon", skills=[(skill(), 2)]
    )
    return make_position(personas, title=f"Poste {i}")
