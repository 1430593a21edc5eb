"""Territories of the CRGE (organisation_t, officer_t), GE projects, the job exchange and the GPEC."""

import datetime
import itertools

_numbers = itertools.count(1)


def territory(p):
    """The CRGE's territory holding GE a and GE b, each sharing everything (the access suite's)."""
    from tests.access.domains.territories import territory as shared_territory

    return shared_territory(p)


def territories(p, n):
    """Territories of the CRGE that GE a joins and shares with."""
    from mutualis.territories import services

    for _ in range(n):
        created = services.create_territory(
            actor=None,
            name=f"Territoire {next(_numbers)}",
            kind="custom",
            commune_codes=["61001"],
            organisation=p.organisation_t,
        )
        services.set_sharing(actor=None, group=p.group_a, territory=created, observatory=True, exchange=True)


def sharing_groups(p, n):
    """More GEs in the CRGE's territory, each sharing everything (the observatory counts them)."""
    from mutualis.territories import services
    from tests.factories import EmployerGroupFactory, MemberFactory, SiteFactory

    created = territory(p)
    for _ in range(n):
        number = next(_numbers)
        group = EmployerGroupFactory(name=f"GE liste {number}", slug=f"ge-liste-{number}")
        SiteFactory(member=MemberFactory(group=group))
        services.set_sharing(
            actor=None,
            group=group,
            territory=created,
            observatory=True,
            exchange=True,
            gpec=True,
            directory=True,
        )


def forecasts(p, n):
    """A public forecast source of n lines for the CRGE's territory (imported again with more lines)."""
    from mutualis.gpec import forecasts as gpec

    families = ["K22", "J15", "N11", "A11", "G16", "H29", "M16", "K21", "N41", "D14", "F16", "K13"]
    number = next(_numbers)
    lines = "".join(f"{families[(number + i) % len(families)]};Alencon;{i + 1};10;0\n" for i in range(n))
    gpec.import_forecasts(
        actor=None,
        territory=territory(p),
        name=f"Source {number}",
        year=2026,
        content="famille_metier;zone;projets_recrutement;part_difficile;part_saisonniere\n" + lines,
    )


def projects(p, n):
    """GE projects of the CRGE, one employer with one need each."""
    from mutualis.ge_projects import services

    for _ in range(n):
        number = next(_numbers)
        project = services.create_project(
            actor=None,
            organisation=p.organisation_t,
            territory=territory(p),
            name=f"Projet {number}",
            census_opens_on=datetime.date(2026, 9, 1),
            census_closes_on=datetime.date(2026, 11, 30),
        )
        services.add_employer(
            actor=None,
            project=project,
            name=f"Employeur {number}",
            siret="73282932000074",
            commune_code="61001",
            needs=services.parse_need_lines("Agent d'entretien ; K2204 ; lundi 08:00-12:00"),
        )


def exchange_posts(p, n):
    """Posts of GE a in the shared territory."""
    from mutualis.exchange import services

    territory(p)
    for _ in range(n):
        services.publish_post(
            actor=p.director_a,
            group=p.group_a,
            kind="free_hours",
            job_title=f"Annonce {next(_numbers)}",
            rome_code="K2204",
            weekly_minutes=600,
            windows=[(480, 720), (1920, 2160), (3360, 3600)],
            commune_code="61001",
        )


def exchange_responses(p, n):
    """Answers of GE b to posts of GE a (GE a's director reads them)."""
    from mutualis.exchange import services

    territory(p)
    for _ in range(n):
        post = services.publish_post(
            actor=p.director_a,
            group=p.group_a,
            kind="free_hours",
            job_title=f"Annonce {next(_numbers)}",
            rome_code="K2204",
            weekly_minutes=600,
            windows=[(480, 720), (1920, 2160), (3360, 3600)],
            commune_code="61001",
        )
        services.respond(
            actor=p.director_b, group=p.group_b, post=post, message="Réponse", weekly_minutes=240
        )


def territory_url(name):
    """The URL of a page about the CRGE's territory (created if need be)."""
    from django.urls import reverse

    return lambda p: reverse(name, kwargs={"public_id": territory(p).public_id})


def territory_query(name, query=""):
    from django.urls import reverse

    return lambda p: f"{reverse(name)}?territory={territory(p).public_id}{query}"
