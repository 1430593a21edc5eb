"""Each validation rule lives once, on the model; the page, the API and the import give its message.

Every case breaks one rule the same way on the three doors (a form, an API call, a CSV import) and
checks that they answer with the same French message, on the same field, and that this message is
the model's own (field validator, constraint or `clean()`).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.core.constraints import constraint_message
from mutualis.core.identifiers import make_siret
from mutualis.employees.models import END_BEFORE_START, Contract
from mutualis.imports import services as import_services
from mutualis.members.models import LEFT_BEFORE_JOINED, SIRET_TAKEN, Member, Site
from tests.imports.helpers import csv_upload

pytestmark = pytest.mark.django_db

POSTCODE = "Le code postal compte 5 chiffres."
COORDINATES = constraint_message(Site, "coordinates_pair")
AID_ONLY = "Ce paramètre d'aide ne vaut que pour un contrat aidé (PEC, adulte-relais, conseiller numérique…)."


# --- The three doors ------------------------------------------------------------------------------


def page_errors(personas, url, data, field):
    from django.test import Client

    client = Client()
    client.force_login(personas.director_a)
    response = client.post(url, data)
    assert response.status_code == 200, "the page should show its form again with the error"
    return [str(m) for m in response.context["form"].errors.get(field, [])]


def api_errors(personas, url, data, field):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=personas.director_a)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(url, data, format="json")
    assert response.status_code == 400, response.content
    return [str(m) for m in response.json().get(field, [])]


def import_errors(personas, kind, rows, column):
    batch = import_services.create_batch(
        group=personas.group_a, owner=personas.director_a, kind=kind, uploaded_file=csv_upload(rows)
    )
    return [e["message"] for e in batch.errors if e["column"] == column and e["line"] == 2]


# --- Valid inputs, broken one rule at a time --------------------------------------------------------


def member_page(personas, **overrides):
    data = {
        "name": "Boulangerie du Marché",
        "kind": "company",
        "siret": make_siret(4242),
        "naf_code": "",
        "headcount_band": "",
        "vat_status": "subject",
        "joined_on": "2025-03-01",
        "left_on": "",
        "deposit": "0",
        "email": "",
        "phone": "",
        "notes": "",
    }
    return {**data, **overrides}


def member_api(personas, **overrides):
    data = {
        "name": "Boulangerie du Marché",
        "kind": "company",
        "siret": make_siret(4242),
        "vat_status": "subject",
        "joined_on": "2025-03-01",
    }
    return {**data, **overrides}


def member_rows(**overrides):
    row = {
        "raison_sociale": "Boulangerie du Marché",
        "nature": "Entreprise",
        "siret": make_siret(4242),
        "statut_tva": "Assujetti",
        "date_adhesion": "01/03/2025",
        "date_sortie": "",
    }
    row.update(overrides)
    return [list(row), list(row.values())]


def site_page(**overrides):
    data = {
        "name": "Atelier",
        "address": "",
        "postcode": "",
        "city": "Alençon",
        "latitude": "",
        "longitude": "",
    }
    return {**data, **overrides}


def site_rows(personas, **overrides):
    row = {
        "siret_adherent": personas.member_a1.siret,
        "nom": "Atelier",
        "adresse": "",
        "code_postal": "",
        "commune": "Alençon",
        "latitude": "",
        "longitude": "",
    }
    row.update(overrides)
    return [list(row), list(row.values())]


def employee_page(**overrides):
    data = {"first_name": "Camille", "last_name": "Durand", "postcode": "", "city": ""}
    return {**data, **overrides}


def employee_rows(**overrides):
    row = {"nom": "Durand", "prenom": "Camille", "code_postal": "", "commune": ""}
    row.update(overrides)
    return [list(row), list(row.values())]


def contract_page(personas, **overrides):
    data = {
        "kind": "cdi",
        "job_title": "Agent d'accueil",
        "qualification": "",
        "rome_code": "M1601",
        "weekly_hours": "28,5",
        "gross_hourly_wage": "12,4512",
        "start_date": "2025-09-01",
        "end_date": "",
        "potential_members": [personas.member_a1.pk],
        "places": [personas.site_a1.pk],
    }
    return {**data, **overrides}


def contract_api(personas, **overrides):
    data = {
        "employee": str(personas.employee_a.public_id),
        "kind": "cdi",
        "job_title": "Agent d'accueil",
        "weekly_hours": "28.50",
        "gross_hourly_wage": "12.4512",
        "start_date": "2025-09-01",
        "potential_members": [str(personas.member_a1.public_id)],
        "places": [str(personas.site_a1.public_id)],
    }
    return {**data, **overrides}


# --- The rules --------------------------------------------------------------------------------------


@dataclass
class Rule:
    field: str  # the model field (page and API)
    message: Callable  # personas -> the model's message
    page: Callable  # personas -> (url, data)
    api: Callable  # personas -> (url, data)
    imported: Callable | None = None  # personas -> (kind, rows, column)


def _member_create(personas):
    return reverse("members:create")


def _site_create(personas):
    return reverse("members:site_create", args=[personas.member_a1.public_id])


def _site_api(personas, **overrides):
    return {
        "member": str(personas.member_a1.public_id),
        "name": "Atelier",
        "city": "Alençon",
        **overrides,
    }


def _contract_create(personas):
    return reverse("employees:contract_create", args=[personas.employee_a.public_id])


RULES = {
    "site postcode": Rule(
        field="postcode",
        message=lambda p: POSTCODE,
        page=lambda p: (_site_create(p), site_page(postcode="610")),
        api=lambda p: (reverse("api:site-list"), _site_api(p, postcode="610")),
        imported=lambda p: ("sites", site_rows(p, code_postal="610"), "code_postal"),
    ),
    "employee postcode": Rule(
        field="postcode",
        message=lambda p: POSTCODE,
        page=lambda p: (reverse("employees:create"), employee_page(postcode="6100A")),
        api=lambda p: (
            reverse("api:employee-list"),
            {"first_name": "Camille", "last_name": "Durand", "postcode": "6100A"},
        ),
        imported=lambda p: ("employees", employee_rows(code_postal="6100A"), "code_postal"),
    ),
    "latitude without longitude": Rule(
        field="longitude",
        message=lambda p: COORDINATES,
        page=lambda p: (_site_create(p), site_page(latitude="48.43")),
        api=lambda p: (reverse("api:site-list"), _site_api(p, latitude="48.43")),
        imported=lambda p: ("sites", site_rows(p, latitude="48,43"), "longitude"),
    ),
    "longitude without latitude": Rule(
        field="latitude",
        message=lambda p: COORDINATES,
        page=lambda p: (_site_create(p), site_page(longitude="0.09")),
        api=lambda p: (reverse("api:site-list"), _site_api(p, longitude="0.09")),
        imported=lambda p: ("sites", site_rows(p, longitude="0,09"), "latitude"),
    ),
    "SIRET already a member of the GE": Rule(
        field="siret",
        message=lambda p: constraint_message(Member, SIRET_TAKEN),
        page=lambda p: (_member_create(p), member_page(p, siret=p.member_a1.siret)),
        api=lambda p: (reverse("api:member-list"), member_api(p, siret=p.member_a1.siret)),
        imported=lambda p: ("members", member_rows(siret=p.member_a1.siret), "siret"),
    ),
    "left before joined": Rule(
        field="left_on",
        message=lambda p: constraint_message(Member, LEFT_BEFORE_JOINED),
        page=lambda p: (_member_create(p), member_page(p, left_on="2025-01-01")),
        api=lambda p: (reverse("api:member-list"), member_api(p, left_on="2025-01-01")),
        imported=lambda p: ("members", member_rows(date_sortie="01/01/2025"), "date_sortie"),
    ),
    "contract ends before it starts": Rule(
        field="end_date",
        message=lambda p: constraint_message(Contract, END_BEFORE_START),
        page=lambda p: (_contract_create(p), contract_page(p, kind="cdd", end_date="2025-01-01")),
        api=lambda p: (reverse("api:contract-list"), contract_api(p, kind="cdd", end_date="2025-01-01")),
    ),
    "aid on a contract that is not aided": Rule(
        field="aid_reference",
        message=lambda p: AID_ONLY,
        page=lambda p: (_contract_create(p), contract_page(p, aid_reference="PEC-1")),
        api=lambda p: (reverse("api:contract-list"), contract_api(p, aid_reference="PEC-1")),
    ),
    "place of a member that is not a potential user": Rule(
        field="places",
        message=lambda p: (
            "Ces lieux appartiennent à un adhérent absent de la liste des utilisateurs potentiels : "
            f"{p.site_a2.name} ({p.member_a2.name})."
        ),
        page=lambda p: (_contract_create(p), contract_page(p, places=[p.site_a2.pk])),
        api=lambda p: (reverse("api:contract-list"), contract_api(p, places=[str(p.site_a2.public_id)])),
    ),
}


@pytest.mark.parametrize("name", RULES)
def test_page_api_and_import_give_the_models_message(personas, name):
    rule = RULES[name]
    expected = [str(rule.message(personas))]
    url, data = rule.page(personas)
    assert page_errors(personas, url, data, rule.field) == expected, "page"
    url, data = rule.api(personas)
    assert api_errors(personas, url, data, rule.field) == expected, "API"
    if rule.imported is not None:
        kind, rows, column = rule.imported(personas)
        assert import_errors(personas, kind, rows, column) == expected, "import"


def test_each_message_is_written_once():
    """A reviewer greps a rule's message and finds it in one place of the code. (« La date de fin
    précède la date de début. » is also the message of other domains' own date rules.)"""
    import pathlib

    from django.conf import settings

    root = pathlib.Path(settings.BASE_DIR) / "mutualis"
    sources = [p.read_text() for p in root.rglob("*.py") if "migrations" not in p.parts]
    for message in (
        POSTCODE,
        str(COORDINATES),
        "La date de sortie précède la date d'adhésion.",
        "Ce SIRET est déjà adhérent du groupement.",
        "Un contrat à durée déterminée doit avoir une date de fin.",
        "Ce paramètre d'aide ne vaut que pour un contrat aidé (PEC, adulte-relais, ",
        "Ces lieux appartiennent à un adhérent absent de la liste des utilisateurs ",
    ):
        assert sum(text.count(message) for text in sources) == 1, message
