"""Demo of funding applications: a draft AMIGE application of GE Partage Orne (a job exchange and a
shared training plan between the GEs of the Orne), and a draft SPIE application of Tremplin Orne,
the insertion structure of the demo (an application by an organisation). Idempotent: each is made
once, found again by its title.
"""

from django.contrib.auth import get_user_model

from mutualis.employer_groups.models import EmployerGroup
from mutualis.funding import services
from mutualis.funding.models import FundingApplication, FundingCall
from mutualis.organisations.models import Organisation

from .data import MAIN

AMIGE_TITLE = "Bourse d'emplois et plan de formation partagé entre les GE de l'Orne"
SPIE_TITLE = "Coordination des parcours d'insertion dans le bassin d'Alençon"


def _amige(group, actor, call):
    return services.create_application(
        actor=actor,
        group=group,
        call=call,
        title=AMIGE_TITLE,
        territory="Communauté urbaine d'Alençon et bassin d'emploi d'Alençon (Orne)",
        summary=(
            "Accompagner la croissance de GE Partage Orne et outiller la coopération entre les GE du "
            "territoire : une bourse d'emplois qui publie les heures libres et les besoins non pourvus, "
            "et un plan de formation commun dans une logique de GPEC territoriale."
        ),
        duration_months=6,
        consortium=[
            {
                "name": "GE Partage Orne",
                "kind": "Groupement d'employeurs",
                "role": "lead",
                "contact_name": "Direction du GE",
                "commitment": "Porteur ; anime la bourse d'emplois.",
            },
            {
                "name": "GE Sport Sarthe",
                "kind": "Groupement d'employeurs",
                "role": "member",
                "commitment": "Publie ses heures libres et ses besoins.",
            },
            {
                "name": "Tremplin Orne",
                "kind": "Structure d'insertion",
                "role": "member",
                "commitment": "Oriente des candidats vers les postes partagés.",
            },
        ],
        axes=[
            {
                "code": "bourse",
                "title": "Instruments de coopération entre GE : bourse d'emplois",
                "objectives": "Mettre en relation les heures libres des salariés et les besoins non pourvus des GE voisins.",
                "actions": "Mise en service de la bourse ; réunion trimestrielle des GE ; charte d'échange.",
                "public": "Salariés à temps partiel des GE du territoire",
                "public_count": 60,
                "indicators": [
                    {"label": "Annonces publiées", "kind": "means", "baseline": "0", "target": "40"},
                    {
                        "label": "Heures pourvues par la bourse",
                        "kind": "results",
                        "baseline": "0",
                        "target": "1500",
                        "unit": "heures",
                    },
                ],
            },
            {
                "code": "formation",
                "title": "Plan de formation partagé (GPEC territoriale)",
                "objectives": "Former ensemble les salariés des GE aux compétences recherchées par plusieurs adhérents.",
                "actions": "Diagnostic des compétences ; deux sessions communes (CACES, accueil).",
                "public": "Salariés des GE et candidats orientés",
                "public_count": 24,
                "indicators": [
                    {"label": "Salariés formés", "kind": "results", "baseline": "0", "target": "24"},
                ],
            },
        ],
        budget_lines=[
            {
                "action": "Coordination de la bourse d'emplois",
                "category": "coordination_staff",
                "nature": "Chargée de mission à mi-temps (6 mois)",
                "unit_cost": "2150.00",
                "quantity": "6",
            },
            {
                "action": "Étude des besoins de compétences",
                "category": "services",
                "nature": "Prestation de diagnostic",
                "unit_cost": "14500.00",
                "quantity": "1",
            },
            {
                "action": "Plan de formation partagé",
                "category": "services",
                "nature": "Deux sessions de formation communes",
                "unit_cost": "6200.00",
                "quantity": "2",
            },
            {
                "action": "Communication auprès des adhérents",
                "category": "communication",
                "nature": "Plaquettes et réunions d'information",
                "unit_cost": "1800.00",
                "quantity": "1",
            },
            {
                "action": "Ordinateur portable de la coordinatrice",
                "category": "equipment",
                "nature": "Matériel",
                "unit_cost": "950.00",
                "quantity": "1",
                "justification": "",
            },
        ],
        sources=[
            {"kind": "state", "funder": "État (DREETS Normandie)", "amount": "40000.00"},
            {"kind": "self", "funder": "GE Partage Orne", "amount": "2550.00"},
        ],
    )


def _spie(organisation, actor, call):
    axes = []
    for axis in call.required_axes:
        axes.append(
            {
                "code": axis["code"],
                "title": axis["title"],
                "objectives": ""
                if axis["code"] == "axe3"
                else "Objectifs opérationnels partagés par le consortium.",
                "actions": "Actions communes des professionnels du territoire.",
                "public": "Allocataires du RSA et jeunes suivis par la mission locale",
                "public_count": 900,
                "indicators": []
                if axis.get("content") is False
                else [
                    {
                        "label": "Personnes accompagnées",
                        "kind": "results",
                        "baseline": "300",
                        "target": "900",
                    },
                ],
            }
        )
    return services.create_application(
        actor=actor,
        organisation=organisation,
        call=call,
        title=SPIE_TITLE,
        territory="Orne — bassin de vie d'Alençon",
        duration_months=24,
        consortium=[
            {"name": "Tremplin Orne", "kind": "Association d'insertion", "role": "lead"},
            {
                "name": "Conseil départemental de l'Orne",
                "kind": "Collectivité territoriale",
                "role": "member",
            },
            {"name": "France Travail Alençon", "kind": "Service public de l'emploi", "role": "member"},
        ],
        axes=axes,
        budget_lines=[
            {
                "action": "Équipe d'animation",
                "category": "coordination_staff",
                "unit_cost": "52000.00",
                "quantity": "2",
            },
            {
                "action": "Formations conjointes",
                "category": "joint_training",
                "unit_cost": "18000.00",
                "quantity": "1",
            },
            {
                "action": "Frais de mission",
                "category": "mission_costs",
                "unit_cost": "9000.00",
                "quantity": "1",
            },
        ],
        sources=[
            {"kind": "state", "funder": "État", "amount": "100000.00"},
            {"kind": "self", "funder": "Tremplin Orne", "amount": "13000.00"},
            {"kind": "partner", "funder": "Conseil départemental de l'Orne", "amount": "18000.00"},
        ],
    )


def seed(log=print):
    calls = {c.code: c for c in FundingCall.objects.filter(code__in=["amige", "spie"], version=1)}
    group = EmployerGroup.objects.filter(slug=MAIN.slug).first()
    director = get_user_model().objects.filter(username="directrice").first()
    if group and director and "amige" in calls:
        if FundingApplication.objects.filter(group=group, title=AMIGE_TITLE).exists():
            log("Demande AMIGE de démonstration : existe déjà.")
        else:
            _amige(group, director, calls["amige"])
            log("Demande AMIGE de démonstration créée (brouillon, GE Partage Orne).")
    structure = Organisation.objects.filter(name="Tremplin Orne").first()
    referent = get_user_model().objects.filter(username="referente").first()
    if structure and referent and "spie" in calls:
        if FundingApplication.objects.filter(organisation=structure, title=SPIE_TITLE).exists():
            log("Demande SPIE de démonstration : existe déjà.")
        else:
            _spie(structure, referent, calls["spie"])
            log("Demande SPIE de démonstration créée (brouillon, Tremplin Orne).")
