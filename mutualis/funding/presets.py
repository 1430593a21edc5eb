"""The two calls shipped as presets, with the rules of their texts (../shared/seeds, research/wave2.md §E).

Both calls are closed (deadlines 17/01/2022 and 11/10/2021): they ship as historical presets and as
models for a DREETS that adapts the national canvas (« adapté par les DREETS »). A change of rules is a
new version (same code, next version), never an edit of a version applications refer to.
"""

import datetime as dt
from decimal import Decimal

from .enums import ExpenseCategory as C

AMIGE = {
    "code": "amige",
    "version": 1,
    "short_name": "AMIGE",
    "name": "Appel à manifestation d'intérêt pour accompagner, sécuriser les groupements d'employeurs "
    "existants et en développer de nouveaux (AMIGE)",
    "funder": "État (DREETS)",
    "description": "Financement d'outils qui aident à créer des GE et à faire coopérer les GE existants : "
    "études de marché et de faisabilité, outils de recensement des besoins à temps incomplet, "
    "instruments de coopération entre GE (bourse d'emplois, formation…) dans une logique de GPEC "
    "territoriale, promotion, espaces de co-travail. Instruit par la DREETS, qui établit une convention "
    "avec chaque porteur.",
    "eligible_applicants": "Structures qui souhaitent constituer un GE, ou GE existants qui veulent "
    "s'engager dans une démarche de création d'emplois pérennes.",
    "published_on": dt.date(2021, 12, 1),
    "deadline": dt.date(2022, 1, 17),
    "cap_amount": Decimal("60000.00"),
    "cap_pct": None,
    "cap_scope": "par projet",
    "min_self_pct": None,
    "partners_count_as_self": False,
    "overhead_max_pct": None,
    "overhead_categories": [],
    "eligible_categories": [C.COORDINATION_STAFF, C.COMMUNICATION, C.SERVICES, C.OPERATING, C.EQUIPMENT],
    "ineligible_categories": [],
    "justification_categories": [C.EQUIPMENT],
    "required_axes": [],
    "max_indicators_per_axis": None,
    "max_months": 6,
    "payment_schedule": [],
    "headings": [
        {"title": "1. Porteur du projet et interlocuteurs", "section": "applicant"},
        {
            "title": "2. Consortium d'entreprises et autres acteurs locaux partenaires",
            "section": "consortium",
        },
        {"title": "3. Territoires concernés et objet de la démarche", "section": "summary"},
        {"title": "4. Plan d'action opérationnel", "section": "axes"},
        {
            "title": "5. Besoins de financement : budget prévisionnel et plan de financement",
            "section": "budget",
        },
    ],
    "notes": "Pas de taux maximum ni d'autofinancement imposé (« ce financement est pris en charge par "
    "l'État ») : seul le plafond de 60 000 € s'applique. Le texte ne dit pas quelle « prestation » doit "
    "être réalisée « dans les 6 mois » : la durée du projet est plafonnée à 6 mois, à adapter par la DREETS.",
    "source_quotes": "« L'aide de l'Etat est d'un montant maximum de 60 000 € » ; « Les dépenses éligibles "
    "sont constituées des coûts fixes relatifs à l'animation et au pilotage global du projet : des "
    "ressources humaines de coordination, de communication et de pilotage global ; des dépenses de "
    "prestations ; des charges de fonctionnement et de logistique » ; « n'a pas vocation à financer "
    "l'acquisition de matériel ou de logiciel sauf s'il peut être justifié par le candidat que cette "
    "dépense est directement liée à la réalisation du projet » ; « Un contrôle de premier niveau des "
    "dépenses éligibles sera effectué à réception des probants » ; « Cette prestation devra être réalisée "
    "dans les 6 mois ».",
}

SPIE_AXES = [
    {
        "code": "axe1",
        "title": "Axe 1 : « Entrée dans le parcours » : définition du projet professionnel, diagnostic socio-professionnel",
    },
    {
        "code": "axe2",
        "title": "Axe 2 : « Suivi de parcours » : accompagnement, suivi pendant le parcours, réorientation éventuelle",
    },
    {
        "code": "axe3",
        "title": "Axe 3 : « Offre d'accompagnement social et professionnel » : vers une mise en commun, "
        "une plus grande visibilité et un accès facilité",
    },
    # The 4th « axe » of the application file is the method: required, without the per-axis content.
    {"code": "axe4", "title": "Axe 4 : Méthodologie", "content": False},
]

SPIE = {
    "code": "spie",
    "version": 1,
    "short_name": "SPIE",
    "name": "Appel à manifestation d'intérêt pour le déploiement territorial du service public de "
    "l'insertion et de l'emploi (SPIE), deuxième vague",
    "funder": "État",
    "description": "Crédits d'ingénierie et d'accompagnement au changement pour la coordination "
    "opérationnelle des professionnels de l'insertion, sur les trois axes de la concertation et sa "
    "méthode. Subvention sur deux années de mise en œuvre (2022 et 2023).",
    "eligible_applicants": "Projets portés par un conseil départemental ou un autre acteur de l'insertion "
    "et de l'emploi en accord avec lui, soutenus par le conseil départemental et Pôle emploi (lettres "
    "d'engagement), avec un consortium d'acteurs de l'insertion sociale et professionnelle.",
    "published_on": dt.date(2021, 7, 1),
    "deadline": dt.date(2021, 10, 11),
    "cap_amount": Decimal("500000.00"),
    "cap_pct": Decimal("80.00"),
    "cap_scope": "par territoire lauréat",
    "min_self_pct": Decimal("20.00"),
    "partners_count_as_self": True,
    "overhead_max_pct": Decimal("15.00"),
    "overhead_categories": [C.GENERAL_COSTS, C.MISSION_COSTS],
    "eligible_categories": [
        C.COORDINATION_STAFF,
        C.SERVICES,
        C.JOINT_TRAINING,
        C.CHANGE_MANAGEMENT,
        C.COMMUNICATION,
        C.GENERAL_COSTS,
        C.MISSION_COSTS,
    ],
    "ineligible_categories": [C.INFORMATION_SYSTEM, C.DIRECT_SERVICES, C.OTHER_STATE_FUNDED],
    "justification_categories": [],
    "required_axes": SPIE_AXES,
    "max_indicators_per_axis": 5,
    "max_months": 24,
    "payment_schedule": [
        {"label": "Début 2022", "pct": "60"},
        {"label": "Début 2024", "pct": "40"},
    ],
    "headings": [
        {"title": "1. Chef de file de la candidature", "section": "applicant"},
        {"title": "2. Membres du consortium d'acteurs", "section": "consortium"},
        {"title": "3. Présentation du projet en 4 axes", "section": "axes"},
        {"title": "4. Budget prévisionnel et plan de financement", "section": "budget"},
    ],
    "notes": "Le plafond de 15 % porte sur le « montant total du projet » et couvre ensemble frais "
    "généraux et frais de mission. Le tableau du dossier parle du « cofinancement du candidat (et "
    "éventuellement des partenaires) » : le cofinancement des partenaires compte ici dans les 20 % "
    "(paramètre modifiable par une nouvelle version). Le plafond de 5 indicateurs par axe est une "
    "incitation : un avertissement, pas un refus.",
    "source_quotes": "« un montant maximum de 500 K€ par territoire lauréat ; le financement de l'Etat "
    "représentera au maximum 80% du budget du projet » ; « L'autofinancement devra représenter au minimum "
    "20% du plan de financement » ; « frais généraux (fournitures, reprographie, locations de salles, "
    "équipement…) ou aux frais de mission (déplacements, hébergement, restauration du personnel) … dans "
    "la limite de 15% du montant total du projet » ; « les dépenses liées à la mise en œuvre de l'offre "
    "de services directe aux usagers ne sont pas éligibles » ; « Les dépenses en système d'information ne "
    "seront pas non plus éligibles » ; « (CALPAE, par exemple) ne constituent pas des dépenses "
    "éligibles » ; « les projets qui ne porteront que sur une partie des axes ne seront pas retenus » ; "
    "« Les candidats sont incités à proposer un nombre limité d'indicateurs par axe (maximum 5) » ; "
    "« versée à hauteur de 60% au début de l'année 2022 et 40% au début de l'année 2024 ».",
}

PRESETS = (AMIGE, SPIE)


def as_row(preset):
    """Preset values ready for a model (enum members to plain strings for JSON fields)."""
    row = dict(preset)
    for key in (
        "overhead_categories",
        "eligible_categories",
        "ineligible_categories",
        "justification_categories",
    ):
        row[key] = [str(v) for v in row[key]]
    return row


def install(call_model):
    """Create each preset version that does not exist yet (idempotent)."""
    for preset in PRESETS:
        row = as_row(preset)
        call_model.objects.get_or_create(code=row.pop("code"), version=row.pop("version"), defaults=row)
