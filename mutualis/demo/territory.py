"""Demo of the territory (issue 16): a CRGE with its officer `crge`, the territory « Pays d'Alençon et
Saosnois » holding GE Partage Orne, GE Sport Sarthe and a third GE created from a GE project, a
second GE project still in its study, posts and an answer on the job exchange, a forecast file.

Idempotent: does nothing when the CRGE exists. Built through the domain services, as a user would.
"""

import datetime

from django.contrib.auth import get_user_model

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.employer_groups.models import EmployerGroup
from mutualis.exchange import services as exchange
from mutualis.ge_projects import services as projects
from mutualis.geography.models import Commune
from mutualis.gpec import forecasts as gpec
from mutualis.organisations.models import Organisation
from mutualis.territories import services as territories

from .data import DEMO_PASSWORD

CRGE_SIRET = "13002526500013"
CRGE_NAME = "CRGE Normandie (démonstration)"
TERRITORY_NAME = "Pays d'Alençon et Saosnois"
FORECAST_CSV = (
    "famille_metier;libelle;zone;projets_recrutement;part_difficile;part_saisonniere\n"
    "K22;Nettoyage et propreté;Bassin d'Alençon;140;62;12\n"
    "G16;Cuisine et restauration;Bassin d'Alençon;95;71;48\n"
    "M16;Secrétariat et assistanat;Bassin d'Alençon;60;35;3\n"
    "A14;Agriculture et élevage;Bassin d'Alençon;80;58;64\n"
    "G14;Animation et sport;Bassin d'Alençon;25;40;30\n"
)
CENSUS = [
    # name, SIRET, commune, kind, need lines
    (
        "Boulangerie du Cours",
        "44306184100021",
        "61001",
        "company",
        "Agent d'entretien ; K2204 ; lundi 06:00-09:00, mercredi 06:00-09:00, vendredi 06:00-09:00",
    ),
    (
        "Mairie de Damigny",
        "21610143600014",
        "61143",
        "public_body",
        "Agent d'entretien ; K2204 ; mardi 17:00-20:00, jeudi 17:00-20:00\n"
        "Secrétaire de mairie ; M1607 ; 10 h dans lundi 08:00-18:00, mardi 08:00-18:00",
    ),
    (
        "Cabinet Lemaire Expertise",
        "73282932000074",
        "61001",
        "company",
        "Assistante comptable ; M1203 ; 12 h dans mardi 08:00-18:00, jeudi 08:00-18:00, vendredi 08:00-12:00",
    ),
    (
        "Association Les Tilleuls",
        "77567227200017",
        "61497",
        "association",
        "Agent d'entretien ; K2204 ; samedi 08:00-12:00, jeudi 06:00-09:00",
    ),
    (
        "SARL Garage Moderne",
        "55210055400013",
        "61001",
        "company",
        "Assistant administratif ; M1602 ; 8 h dans lundi 14:00-18:00, mercredi 14:00-18:00",
    ),
]


def _user(username, first, last):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.mutualis.fr"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _census(project, actor, rows):
    for name, siret, commune, kind, lines in rows:
        projects.add_employer(
            actor=actor,
            project=project,
            name=name,
            siret=siret,
            commune_code=commune,
            kind=kind,
            contact_email=f"contact@{siret}.demo.mutualis.fr",
            needs=projects.parse_need_lines(lines),
        )


def seed(log=print):
    if Organisation.objects.filter(siret=CRGE_SIRET).exists():
        log(f"{CRGE_NAME} existe déjà : rien à faire pour le territoire.")
        return None
    crge = Organisation.objects.create(
        name=CRGE_NAME, kind="territorial_body", siret=CRGE_SIRET, postcode="14000", city="Caen"
    )
    officer = _user("crge", "Claire", "Renaud")
    Membership.objects.create(user=officer, organisation=crge, role=Role.TERRITORIAL_OFFICER)
    codes = list(Commune.objects.filter(epci_id="246100663").values_list("code", flat=True)) + [
        "72180",
        "61464",
    ]
    territory = territories.create_territory(
        actor=officer, name=TERRITORY_NAME, kind="custom", commune_codes=codes, organisation=crge
    )
    existing = list(
        EmployerGroup.objects.filter(slug__in=["ge-partage-orne", "ge-sport-sarthe"]).order_by("slug")
    )
    for group in existing:
        territories.set_sharing(
            actor=None,
            group=group,
            territory=territory,
            observatory=True,
            exchange=True,
            gpec=True,
            directory=True,
        )

    # A third GE, created from a GE project through « Créer le GE ».
    today = datetime.date.today()
    founded = projects.create_project(
        actor=officer,
        organisation=crge,
        territory=territory,
        name="GE Alençon Services",
        census_opens_on=today - datetime.timedelta(days=120),
        census_closes_on=today - datetime.timedelta(days=60),
    )
    _census(founded, officer, CENSUS[:3])
    projects.run_study(actor=officer, project=founded)
    third = projects.create_group(
        actor=officer,
        project=founded,
        name="GE Alençon Services",
        siren="130025265",
        legal_form="association",
        vat_regime="exempt_261b",
        invoice_prefix="GEAS",
        director_email="direction-geas@demo.mutualis.fr",
        director_first_name="Hugo",
        director_last_name="Marchand",
    )
    director = Membership.objects.get(group=third, role=Role.DIRECTOR).user
    director.username = "direction-geas"
    director.set_password(DEMO_PASSWORD)
    director.save()
    territories.set_sharing(
        actor=None,
        group=third,
        territory=territory,
        observatory=True,
        exchange=True,
        gpec=True,
        directory=True,
    )

    # A project still at its study: the CRGE's page shows census, study and « Créer le GE ».
    studied = projects.create_project(
        actor=officer,
        organisation=crge,
        territory=territory,
        name="GE du Saosnois (projet)",
        census_opens_on=today - datetime.timedelta(days=30),
        census_closes_on=today + datetime.timedelta(days=30),
        description="Recensement des besoins à temps partiel des employeurs de Mamers et Sées.",
    )
    _census(
        studied,
        officer,
        [
            (
                "Camping des Alpes Mancelles",
                "48423645000017",
                "72180",
                "company",
                "Agent d'entretien ; K2204 ; samedi 09:00-13:00, dimanche 09:00-13:00",
            ),
            (
                "Mairie de Sées",
                "21610464600015",
                "61464",
                "public_body",
                "Agent d'entretien ; K2204 ; lundi 17:00-20:00, mercredi 17:00-20:00",
            ),
            (
                "EHPAD du Saosnois",
                "26720012900018",
                "72180",
                "public_body",
                "Agent de service ; K2204 ; mardi 06:00-10:00, jeudi 06:00-10:00",
            ),
        ],
    )
    projects.run_study(actor=officer, project=studied)

    # The job exchange: free hours at GE Partage Orne, an unfilled need at GE Sport Sarthe, an answer.
    posts = []
    if existing:
        posts.append(
            exchange.publish_post(
                actor=None,
                group=existing[0],
                kind="free_hours",
                job_title="Agent d'entretien polyvalent",
                rome_code="K2204",
                skills="Nettoyage des locaux, autolaveuse",
                weekly_minutes=480,
                windows=[(480, 720), (1920, 2160), (3360, 3600)],
                commune_code="61001",
                description="Salariée en CDI, 8 h libres par semaine le matin, permis B.",
            )
        )
    if len(existing) > 1:
        posts.append(
            exchange.publish_post(
                actor=None,
                group=existing[1],
                kind="unfilled_need",
                job_title="Éducateur sportif",
                rome_code="G1204",
                weekly_minutes=360,
                windows=[(2040, 2280), (4920, 5160)],
                commune_code="72180",
                description="Séances de sport adapté le mercredi et le samedi.",
            )
        )
    if posts:
        exchange.respond(
            actor=director,
            group=third,
            post=posts[0],
            message="Notre adhérent la Boulangerie du Cours cherche 6 h d'entretien le matin.",
            weekly_minutes=360,
        )
    gpec.import_forecasts(
        actor=officer,
        territory=territory,
        name="Enquête besoins en main-d'œuvre (démonstration)",
        year=today.year,
        content=FORECAST_CSV,
    )
    log(f"{CRGE_NAME} : territoire, 2 projets de GE, {len(posts)} annonces de la bourse d'emplois.")
    return territory
