"""The GE project flow through /api/v1/ge-projects/: census, study, create-group."""

import pytest
from rest_framework.test import APIClient

from mutualis.members.models import Member
from mutualis.needs.models import Need

pytestmark = pytest.mark.django_db

NEEDS = [
    ("Boulangerie", "44306184100021", "61001", [[1800, 2040], [3240, 3480]]),
    ("Mairie", "21610143600014", "61143", [[4680, 4920], [6120, 6360]]),
    ("Garage", "55210055400013", "61001", [[7560, 7800], [8640, 8880]]),
]


def test_the_api_turns_a_project_into_a_ge_in_one_action(project, officer):
    client = APIClient()
    client.force_authenticate(officer.user)
    base = f"/api/v1/ge-projects/{project.public_id}"
    for name, siret, commune, slots in NEEDS:
        answer = client.post(
            f"{base}/employers/",
            {
                "name": name,
                "siret": siret,
                "commune_code": commune,
                "needs": [{"job_title": "Agent d'entretien", "rome_code": "K2204", "slots": slots}],
            },
            format="json",
        )
        assert answer.status_code == 201, answer.content
    outside = client.post(
        f"{base}/employers/",
        {
            "name": "Loin",
            "siret": "73282932000074",
            "commune_code": "75056",
            "needs": [{"job_title": "A", "slots": [[480, 600]]}],
        },
        format="json",
    )
    assert outside.status_code == 400 and "commune_code" in outside.json()
    study = client.post(f"{base}/study/", {"coefficient": "1.900"}, format="json")
    assert study.status_code == 200
    assert study.json()["summary"]["positions"] == 1
    assert study.json()["economics"]["price_per_hour"] == "23.75"
    created = client.post(
        f"{base}/create-group/",
        {
            "name": "GE Bocage",
            "legal_form": "association",
            "siren": "732829320",
            "vat_regime": "subject",
            "invoice_prefix": "GEB",
            "director_email": "dir@example.org",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["members"] == 3 and created.json()["needs"] == 3
    assert Member.objects.filter(group__name="GE Bocage").count() == 3
    assert Need.objects.filter(group__name="GE Bocage").count() == 3
    again = client.post(f"{base}/create-group/", {**created.json(), "invoice_prefix": "X"}, format="json")
    assert again.status_code == 400
