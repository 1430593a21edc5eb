"""Each validation rule lives once, on the model; the page, the API and the import give its message.

Every case breaks one rule the same way on the three doors (a form, an API call, a CSV import) and
checks that they answer with the same French message, on the same field, and that this message is
the model's own (field validator, constraint or `clean()`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutualis.billing import services as billing_services
from mutualis.billing.models import MinimumWage
from mutualis.core.constraints import COORDINATES_PAIR, constraint_message
from mutualis.core.identifiers import make_siret
from mutualis.employees.models import END_BEFORE_START, Contract
from mutualis.imports import services as import_services
from mutualis.members.models import LEFT_BEFORE_JOINED, SIRET_TAKEN, Member, Site
from mutualis.needs import services as needs_services
from mutualis.needs.models import Need
from mutualis.offer import exchange as offer_exchange
from mutualis.offer.models import Service, Structure
from mutualis.planning.models import END_BEFORE_START as ABSENCE_END_BEFORE_START
from mutualis.planning.models import Absence
from mutualis.recruitment.models import Candidate
from tests.imports.helpers import csv_upload
from tests.offer import files as offer_files

pytestmark = pytest.mark.django_db

POSTCODE = "Le code postal compte 5 chiffres."
COORDINATES = constraint_message(Site, "coordinates_pair")
SMIC_DAY = datetime.date(2026, 1, 1)
AID_ONLY = "Ce paramètre d'aide ne vaut que pour un contrat aidé (PEC, adulte-relais, conseiller numérique…)."


# --- The three doors ------------------------------------------------------------------------------


def page_errors(personas, url, data, field, status=200):
    from django.test import Client

    client = Client()
    client.force_login(personas.director_a)
    response = client.post(url, data)
    assert response.status_code == status, "the page should show its form again with the error"
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


def with_overrides(defaults, overrides):
    """A valid input with a few values broken (or added)."""
    return {**defaults, **overrides}


def one_row(defaults, overrides):
    """An import file of one line: the header, then the row."""
    row = with_overrides(defaults, overrides)
    return [list(row), list(row.values())]


MEMBER_API = {
    "name": "Boulangerie du Marché",
    "kind": "company",
    "siret": make_siret(4242),
    "vat_status": "subject",
    "joined_on": "2025-03-01",
}
MEMBER_PAGE = {
    **MEMBER_API,
    "naf_code": "",
    "headcount_band": "",
    "left_on": "",
    "deposit": "0",
    "email": "",
    "phone": "",
    "notes": "",
}
MEMBER_ROW = {
    "raison_sociale": "Boulangerie du Marché",
    "nature": "Entreprise",
    "siret": make_siret(4242),
    "statut_tva": "Assujetti",
    "date_adhesion": "01/03/2025",
    "date_sortie": "",
}
SITE_PAGE = {
    "name": "Atelier",
    "address": "",
    "postcode": "",
    "city": "Alençon",
    "latitude": "",
    "longitude": "",
}
EMPLOYEE_API = {"first_name": "Camille", "last_name": "Durand"}
EMPLOYEE_PAGE = {**EMPLOYEE_API, "postcode": "", "city": ""}
EMPLOYEE_ROW = {"nom": "Durand", "prenom": "Camille", "code_postal": "", "commune": ""}
CANDIDATE_API = {"first_name": "Lou", "last_name": "Roy"}
CANDIDATE_PAGE = {**CANDIDATE_API, "dispo-TOTAL_FORMS": "3", "dispo-INITIAL_FORMS": "0"}


def site_api(personas, **overrides):
    return with_overrides(
        {"member": str(personas.member_a1.public_id), "name": "Atelier", "city": "Alençon"}, overrides
    )


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
    return one_row(row, overrides)


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
    return with_overrides(data, overrides)


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
    return with_overrides(data, overrides)


# --- The rules --------------------------------------------------------------------------------------


@dataclass
class Rule:
    field: str  # the model field (API, and page unless page_field says otherwise)
    message: Callable  # personas -> the model's message
    page: Callable  # personas -> (url, data)
    api: Callable  # personas -> (url, data)
    imported: Callable | None = None  # personas -> (kind, rows, column)
    page_status: int = 200  # the status of the page shown again with its errors
    setup: Callable | None = None  # personas -> None: rows the rule needs in the database
    page_field: str | None = None  # the page's own field, when the page asks the value differently


def _member_create(personas):
    return reverse("members:create")


def _site_create(personas):
    return reverse("members:site_create", args=[personas.member_a1.public_id])


def _contract_create(personas):
    return reverse("employees:contract_create", args=[personas.employee_a.public_id])


def _coordinates_rules():
    """A coordinate given without the other one, on each door that takes coordinates; the message
    goes on the coordinate left empty."""
    rules = {}
    for given, missing, value, typed in (
        ("latitude", "longitude", "48.43", "48,43"),
        ("longitude", "latitude", "0.09", "0,09"),
    ):
        rules[f"site: {given} without {missing}"] = Rule(
            field=missing,
            message=lambda p: COORDINATES,
            page=lambda p, g=given, v=value: (_site_create(p), with_overrides(SITE_PAGE, {g: v})),
            api=lambda p, g=given, v=value: (reverse("api:site-list"), site_api(p, **{g: v})),
            imported=lambda p, g=given, t=typed, m=missing: ("sites", site_rows(p, **{g: t}), m),
        )
        rules[f"candidate: {given} without {missing}"] = Rule(
            field=missing,
            message=lambda p: COORDINATES,
            page=lambda p, g=given, v=value: (
                reverse("recruitment:candidate_create"),
                with_overrides(CANDIDATE_PAGE, {g: v}),
            ),
            api=lambda p, g=given, v=value: (
                reverse("api:candidate-list"),
                with_overrides(CANDIDATE_API, {g: v}),
            ),
        )
    return rules


def _smic_2026(personas):
    billing_services.add_minimum_wage(hourly_amount=Decimal("12.02"), valid_from=SMIC_DAY, source="Décret")


def _smic(**overrides):
    return with_overrides(
        {"hourly_amount": "12.0200", "valid_from": SMIC_DAY.isoformat(), "source": "Décret"}, overrides
    )


RULES = {
    "site postcode": Rule(
        field="postcode",
        message=lambda p: POSTCODE,
        page=lambda p: (_site_create(p), with_overrides(SITE_PAGE, {"postcode": "610"})),
        api=lambda p: (reverse("api:site-list"), site_api(p, postcode="610")),
        imported=lambda p: ("sites", site_rows(p, code_postal="610"), "code_postal"),
    ),
    "employee postcode": Rule(
        field="postcode",
        message=lambda p: POSTCODE,
        page=lambda p: (reverse("employees:create"), with_overrides(EMPLOYEE_PAGE, {"postcode": "6100A"})),
        api=lambda p: (reverse("api:employee-list"), with_overrides(EMPLOYEE_API, {"postcode": "6100A"})),
        imported=lambda p: ("employees", one_row(EMPLOYEE_ROW, {"code_postal": "6100A"}), "code_postal"),
    ),
    "employee born in the future": Rule(
        field="birth_date",
        message=lambda p: "Date de naissance invraisemblable.",
        page=lambda p: (
            reverse("employees:create"),
            with_overrides(EMPLOYEE_PAGE, {"birth_date": "2150-01-01"}),
        ),
        api=lambda p: (
            reverse("api:employee-list"),
            with_overrides(EMPLOYEE_API, {"birth_date": "2150-01-01"}),
        ),
        imported=lambda p: (
            "employees",
            one_row(EMPLOYEE_ROW, {"date_naissance": "01/01/2150"}),
            "date_naissance",
        ),
    ),
    **_coordinates_rules(),
    "SIRET already a member of the GE": Rule(
        field="siret",
        message=lambda p: constraint_message(Member, SIRET_TAKEN),
        page=lambda p: (_member_create(p), with_overrides(MEMBER_PAGE, {"siret": p.member_a1.siret})),
        api=lambda p: (reverse("api:member-list"), with_overrides(MEMBER_API, {"siret": p.member_a1.siret})),
        imported=lambda p: ("members", one_row(MEMBER_ROW, {"siret": p.member_a1.siret}), "siret"),
    ),
    "left before joined": Rule(
        field="left_on",
        message=lambda p: constraint_message(Member, LEFT_BEFORE_JOINED),
        page=lambda p: (_member_create(p), with_overrides(MEMBER_PAGE, {"left_on": "2025-01-01"})),
        api=lambda p: (reverse("api:member-list"), with_overrides(MEMBER_API, {"left_on": "2025-01-01"})),
        imported=lambda p: ("members", one_row(MEMBER_ROW, {"date_sortie": "01/01/2025"}), "date_sortie"),
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
    "SMIC not positive": Rule(
        field="hourly_amount",
        message=lambda p: "Le SMIC horaire doit être positif.",
        page=lambda p: (reverse("billing:minimum_wages"), _smic(hourly_amount="0")),
        api=lambda p: (reverse("api:minimum-wage-list"), _smic(hourly_amount="0")),
        page_status=400,
    ),
    "SMIC already known on that day": Rule(
        field="valid_from",
        message=lambda p: MinimumWage._meta.get_field("valid_from").error_messages["unique"],
        page=lambda p: (reverse("billing:minimum_wages"), _smic()),
        api=lambda p: (reverse("api:minimum-wage-list"), _smic()),
        page_status=400,
        setup=_smic_2026,
    ),
    "absence ends before it starts": Rule(
        field="end",
        page_field="end_date",
        message=lambda p: constraint_message(Absence, ABSENCE_END_BEFORE_START),
        page=lambda p: (
            reverse("planning:absence_create", args=[p.employee_a.public_id]),
            {
                "kind": "training",
                "start_date": "2025-01-06",
                "end_date": "2025-01-06",
                "start_time": "14:00",
                "end_time": "09:00",
            },
        ),
        api=lambda p: (
            reverse("api:absence-list"),
            {
                "employee": str(p.employee_a.public_id),
                "kind": "training",
                "start": "2025-01-06T14:00:00+01:00",
                "end": "2025-01-06T09:00:00+01:00",
            },
        ),
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
    if rule.setup is not None:
        rule.setup(personas)
    expected = [str(rule.message(personas))]
    url, data = rule.page(personas)
    page_field = rule.page_field or rule.field
    assert page_errors(personas, url, data, page_field, rule.page_status) == expected, "page"
    url, data = rule.api(personas)
    assert api_errors(personas, url, data, rule.field) == expected, "API"
    if rule.imported is not None:
        kind, rows, column = rule.imported(personas)
        assert import_errors(personas, kind, rows, column) == expected, "import"


COORDINATE_MODELS = {Site, Candidate, Need, Structure, Service}
PAIRS = [("latitude", "longitude"), ("longitude", "latitude")]


def test_every_model_with_coordinates_has_the_one_pair_rule():
    """The communes are reference data loaded from the official files, never typed in."""
    from django.apps import apps

    from mutualis.geography.models import Commune

    with_coordinates = {
        model
        for model in apps.get_models()
        if {"latitude", "longitude"} <= {f.name for f in model._meta.get_fields()}
    }
    assert with_coordinates - {Commune} == COORDINATE_MODELS
    for model in COORDINATE_MODELS:
        assert str(constraint_message(model, COORDINATES_PAIR)) == str(COORDINATES), model


@pytest.mark.parametrize(("given", "missing"), PAIRS)
def test_a_need_gets_the_models_coordinates_message(personas, given, missing):
    """Needs take coordinates from the census only, through the service."""
    with pytest.raises(ValidationError) as excinfo:
        needs_services.create_need(
            actor=personas.planner_a,
            group=personas.group_a,
            member=personas.member_a1,
            job_title="Agent d'entretien",
            kind="fixed",
            slots=[(480, 720)],
            city="Alençon",
            **{given: Decimal("48.43")},
        )
    assert excinfo.value.message_dict == {missing: [str(COORDINATES)]}


@pytest.mark.parametrize(("given", "missing"), PAIRS)
def test_the_offer_import_names_the_line_and_gives_the_models_coordinates_message(given, missing):
    """The import adds the line and the column; the words are the model's."""
    structure = offer_files.structure(code_insee=None, code_postal=None, **{missing: None})
    run, report = offer_exchange.run_import(
        text=offer_files.document(structures=[structure], services=[]), name="offre.json"
    )
    assert [(e["row"], e["field"], e["message"]) for e in report.errors] == [(1, missing, str(COORDINATES))]
    assert report.errors[0]["text"] == f"structure n° 1, champ « {missing} » : {COORDINATES}"


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
        "Le maximum d'heures souhaitées est inférieur au minimum.",
        "Indiquez l'adhérent qui exprime ce besoin.",
        "Un besoin flexible indique son volume hebdomadaire.",
        "La durée maximale d'un bloc est inférieure à la durée minimale.",
        "Indiquez un taux horaire ou un coefficient, pas les deux.",
        "La fin de l'absence doit suivre son début.",
        "Choisissez deux adhérents différents.",
        "Une règle de priorité existe déjà entre ces deux adhérents pour ce salarié.",
        "La clôture précède l'ouverture.",
        "Le SMIC horaire doit être positif.",
        "Un SMIC est déjà enregistré à cette date.",
        "est inférieur au SMIC horaire brut",
        "Date de naissance invraisemblable.",
    ):
        assert sum(text.count(message) for text in sources) == 1, message
