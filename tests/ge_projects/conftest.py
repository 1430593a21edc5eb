import datetime

import pytest

from mutualis.accounts.roles import Role
from mutualis.ge_projects import services
from mutualis.territories import services as territory_services
from tests import factories


@pytest.fixture
def officer(db):
    organisation = factories.OrganisationFactory(name="CRGE Normandie", kind="territorial_body")
    return factories.MembershipFactory(group=None, organisation=organisation, role=Role.TERRITORIAL_OFFICER)


@pytest.fixture
def project(officer):
    territory = territory_services.create_territory(
        actor=None,
        name="Pays d'Alençon",
        kind="custom",
        commune_codes=["61001", "61143"],
        organisation=officer.organisation,
    )
    return services.create_project(
        actor=officer.user,
        organisation=officer.organisation,
        territory=territory,
        name="GE du Pays d'Alençon",
        census_opens_on=datetime.date(2026, 9, 1),
        census_closes_on=datetime.date(2026, 11, 30),
    )


def add_census(project, actor):
    """Three employers whose cleaning needs fit in one 24 h position."""
    lines = {
        (
            "Boulangerie Martin",
            "73282932000074",
            "61001",
        ): "Agent d'entretien ; K2204 ; lundi 06:00-10:00, mardi 06:00-10:00",
        (
            "Mairie de Damigny",
            "21610143600014",
            "61143",
        ): "Agent d'entretien ; K2204 ; mercredi 06:00-10:00, jeudi 06:00-10:00",
        (
            "Garage du Centre",
            "44306184100021",
            "61001",
        ): "Agent d'entretien ; K2204 ; vendredi 06:00-10:00, samedi 06:00-10:00",
    }
    for (name, siret, commune), text in lines.items():
        services.add_employer(
            actor=actor,
            project=project,
            name=name,
            siret=siret,
            commune_code=commune,
            kind="public_body" if name.startswith("Mairie") else "company",
            needs=services.parse_need_lines(text),
        )
