"""Access cases of GE projects (issue 16): only the users of the organisation that carries a project
(the CRGE's officer_t) see it; GE staff, partners and everyone else get 404."""

import datetime

from tests.access.matrix import TERRITORIAL_USERS, Case

from .territories import territory


def project(w):
    from mutualis.ge_projects import services
    from mutualis.ge_projects.models import GEProject

    existing = GEProject.objects.filter(name="Projet-Tango").first()
    if existing is not None:
        return existing
    created = services.create_project(
        actor=None,
        organisation=w.organisation_t,
        territory=territory(w),
        name="Projet-Tango",
        census_opens_on=datetime.date(2026, 9, 1),
        census_closes_on=datetime.date(2026, 11, 30),
    )
    services.add_employer(
        actor=None,
        project=created,
        name="Employeur-Tango",
        siret="73282932000074",
        commune_code="61001",
        needs=services.parse_need_lines("Agent d'entretien ; K2204 ; lundi 08:00-12:00"),
    )
    services.run_study(actor=None, project=created)
    return created


def pid(w):
    return {"public_id": project(w).public_id}


def employer_kwargs(w):
    return {"public_id": project(w).public_id, "employer_id": project(w).employers.get().public_id}


def employer_form(w):
    return {
        "name": "Employeur-Pirate",
        "kind": "company",
        "siret": "44306184100021",
        "commune_code": "61143",
        "needs": "Agent ; K2204 ; mardi 08:00-12:00",
    }


def study_form(w):
    return {
        "gross_hourly_wage": "12.5",
        "employer_charges_percent": "32",
        "billable_percent": "88",
        "coefficient": "1.87",
        "overheads_per_year": "45000",
        "aids_per_year": "0",
    }


def group_form(w):
    return {
        "name": "GE-Pirate",
        "legal_form": "association",
        "siren": "732829320",
        "vat_regime": "subject",
        "invoice_prefix": "PIR",
        "director_email": "pirate@example.org",
    }


OFFICERS = TERRITORIAL_USERS
CASES = {
    "ge_projects:list": Case(read=OFFICERS),
    "ge_projects:create": Case(
        read=OFFICERS,
        write=OFFICERS,
        methods=("POST",),
        data=lambda w: {
            "name": "Projet-Pirate",
            "territory": str(territory(w).public_id),
            "census_opens_on": "2026-09-01",
            "census_closes_on": "2026-10-01",
        },
    ),
    "ge_projects:detail": Case(
        kwargs=pid, read=OFFICERS, write=OFFICERS, methods=("POST",), data=employer_form
    ),
    "ge_projects:employer_remove": Case(kwargs=employer_kwargs, get=False, write=OFFICERS, methods=("POST",)),
    "ge_projects:study": Case(kwargs=pid, read=OFFICERS, write=OFFICERS, methods=("POST",), data=study_form),
    "ge_projects:study_pdf": Case(kwargs=pid, read=OFFICERS, heavy=True),
    "ge_projects:create_group": Case(
        kwargs=pid, read=OFFICERS, write=OFFICERS, methods=("POST",), data=group_form
    ),
    "api:ge-project-list": Case(
        read=OFFICERS,
        write=OFFICERS,
        methods=("POST",),
        data=lambda w: {
            "name": "Projet-Pirate",
            "territory": str(territory(w).public_id),
            "census_opens_on": "2026-09-01",
            "census_closes_on": "2026-10-01",
        },
        api=True,
    ),
    "api:ge-project-detail": Case(kwargs=pid, read=OFFICERS, api=True),
    "api:ge-project-employers": Case(
        kwargs=pid,
        get=False,
        write=OFFICERS,
        methods=("POST",),
        data=lambda w: {
            "name": "Employeur-Pirate",
            "siret": "44306184100021",
            "commune_code": "61143",
            "needs": [{"job_title": "Agent", "rome_code": "K2204", "slots": [[480, 720]]}],
        },
        api=True,
    ),
    "api:ge-project-study": Case(
        kwargs=pid, read=OFFICERS, write=OFFICERS, methods=("POST",), data=lambda w: {}, api=True
    ),
    "api:ge-project-create-group": Case(
        kwargs=pid, get=False, write=OFFICERS, methods=("POST",), data=group_form, api=True
    ),
}
