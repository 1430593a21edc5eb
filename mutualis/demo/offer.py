"""Demo of the local offer: about forty structures and 120 services around the demo territory (Orne,
Sarthe, Mayenne), loaded through the data·inclusion import itself, and orientations in every state
sent by the insertion structure's référente. Idempotent: re-importing the same file changes nothing,
and the orientations are created once.

Names are invented (« … (démo) »), contacts are demo addresses; places are real communes.
"""

import datetime
import json

from django.db import transaction
from django.utils import timezone

from mutualis.accounts.models import Membership
from mutualis.geography.models import Commune, Postcode
from mutualis.insertion.enums import GivenVia
from mutualis.insertion.models import Beneficiary
from mutualis.organisations.models import Organisation

from .insertion import STRUCTURE_NAME

SOURCE = "mutualis-demo"
DATE_MAJ = "2026-06-15"

# (name, network, commune INSEE code, catalogue keys)
STRUCTURES = [
    ("Mission locale d'Alençon (démo)", "mission-locale", "61001", ["cv", "jeunes_emploi", "permis"]),
    (
        "Mission locale d'Argentan (démo)",
        "mission-locale",
        "61006",
        ["cv", "jeunes_emploi", "logement_jeunes"],
    ),
    ("Mission locale de Flers (démo)", "mission-locale", "61169", ["jeunes_emploi", "numerique", "sante"]),
    (
        "Mission locale de L'Aigle (démo)",
        "mission-locale",
        "61214",
        ["cv", "jeunes_emploi", "mobilite_conseil"],
    ),
    ("Mission locale du Mans (démo)", "mission-locale", "72181", ["cv", "jeunes_emploi", "logement_jeunes"]),
    ("Mission locale de Laval (démo)", "mission-locale", "53130", ["cv", "jeunes_emploi", "sport"]),
    ("France Travail Alençon (démo)", "france-travail", "61001", ["offres", "formation", "creation"]),
    ("France Travail Argentan (démo)", "france-travail", "61006", ["offres", "formation", "immersion"]),
    ("France Travail Flers (démo)", "france-travail", "61169", ["offres", "formation", "immersion"]),
    ("France Travail Mortagne (démo)", "france-travail", "61293", ["offres", "formation", "immersion"]),
    ("Cap emploi Orne (démo)", "cap-emploi-reseau-cheops", "61001", ["handicap", "maintien", "offres"]),
    ("Cap emploi Sarthe (démo)", "cap-emploi-reseau-cheops", "72181", ["handicap", "maintien", "formation"]),
    ("CCAS d'Alençon (démo)", "ccas-cias", "61001", ["budget", "droits", "alimentation"]),
    ("CCAS d'Argentan (démo)", "ccas-cias", "61006", ["budget", "droits", "alimentation"]),
    ("CCAS de Sées (démo)", "ccas-cias", "61464", ["droits", "alimentation", "numerique"]),
    ("CCAS de Mamers (démo)", "ccas-cias", "72180", ["budget", "droits", "garde"]),
    (
        "Conseil départemental de l'Orne — action sociale (démo)",
        "departements",
        "61001",
        ["rsa", "parentalite", "logement"],
    ),
    (
        "Conseil départemental de la Sarthe — insertion (démo)",
        "departements",
        "72181",
        ["rsa", "parentalite", "mobilite_aide"],
    ),
    ("PLIE du Pays d'Alençon (démo)", "plie", "61001", ["parcours", "cv", "immersion"]),
    ("GEIQ Propreté Normandie (démo)", "geiq", "61001", ["geiq", "formation", "entretien"]),
    ("GEIQ Agricole Perche (démo)", "geiq", "61293", ["geiq", "formation", "entretien"]),
    (
        "Chantier d'insertion Les Jardins du Sarthon (démo)",
        "chantier-ecole",
        "61405",
        ["iae", "remobilisation", "sport"],
    ),
    (
        "Chantier d'insertion Bois et Bocage (démo)",
        "chantier-ecole",
        "61145",
        ["iae", "remobilisation", "permis"],
    ),
    ("Ressourcerie de l'Orne (démo)", "ressourceries", "61001", ["equipement", "iae", "benevolat"]),
    ("Garage solidaire du Perche (démo)", "", "61293", ["garage", "vehicule", "mobilite_conseil"]),
    ("Plateforme mobilité Orne (démo)", "", "61006", ["mobilite_conseil", "vehicule", "permis"]),
    ("Auto-école sociale d'Alençon (démo)", "", "61001", ["permis", "code", "mobilite_conseil"]),
    ("SIAO de l'Orne (démo)", "siao", "61001", ["hebergement", "logement", "droits"]),
    (
        "Foyer de jeunes travailleurs d'Alençon (démo)",
        "",
        "61001",
        ["logement_jeunes", "hebergement", "sport"],
    ),
    ("Maison de services au public de Domfront (démo)", "", "61145", ["numerique", "droits", "offres"]),
    ("Espace France services de Carrouges (démo)", "", "61074", ["numerique", "droits", "budget"]),
    ("Médiathèque numérique de La Ferté-Macé (démo)", "", "61168", ["numerique", "francais", "benevolat"]),
    ("Centre social Croix-Mercier (démo)", "", "61001", ["parentalite", "francais", "garde"]),
    ("Crèche à vocation d'insertion « Les Petits Pas » (démo)", "", "61001", ["garde", "parentalite", "cv"]),
    ("Relais petite enfance d'Argentan (démo)", "caf", "61006", ["garde", "parentalite", "droits"]),
    ("Point santé de l'Orne (démo)", "", "61001", ["sante", "addictions", "mdph"]),
    (
        "Maison départementale de l'autonomie de l'Orne (démo)",
        "maison-departementale-de-lautonomie",
        "61001",
        ["mdph", "handicap", "sante"],
    ),
    (
        "Secours populaire — antenne d'Alençon (démo)",
        "secours-populaire",
        "61001",
        ["alimentation", "equipement", "benevolat"],
    ),
    (
        "Organisme de formation Horizon Compétences (démo)",
        "afpa",
        "61001",
        ["formation", "francais", "calcul"],
    ),
    ("BGE Normandie — création d'activité (démo)", "", "61006", ["creation", "creation_dev", "cv"]),
]

# key -> (name, type, thématiques, publics, frais, modes d'accueil, zone scope, places)
CATALOGUE = {
    "cv": (
        "Atelier CV et lettre de motivation",
        "atelier",
        ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        12,
    ),
    "jeunes_emploi": (
        "Accompagnement vers l'emploi des 16-25 ans",
        "accompagnement",
        [
            "trouver-un-emploi--repondre-a-des-offres-demploi",
            "choisir-un-metier--connaitre-les-opportunites-demploi",
        ],
        ["jeunes"],
        "gratuit",
        ["en-presentiel", "a-distance"],
        "dept",
        40,
    ),
    "permis": (
        "Préparation au permis B",
        "formation",
        ["mobilite--preparer-un-permis"],
        ["demandeurs-emploi", "jeunes"],
        "payant",
        ["en-presentiel"],
        "epci",
        10,
    ),
    "code": (
        "Code de la route accompagné",
        "formation",
        ["mobilite--preparer-un-permis"],
        ["tous-publics"],
        "payant",
        ["en-presentiel"],
        "epci",
        15,
    ),
    "logement_jeunes": (
        "Aide à l'accès au logement des jeunes",
        "accompagnement",
        ["logement-hebergement--louer-un-logement"],
        ["jeunes"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "numerique": (
        "Atelier numérique : démarches en ligne",
        "atelier",
        ["numerique--acceder-a-des-services-en-ligne", "numerique--maitriser-les-fondamentaux-du-numerique"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "commune",
        8,
    ),
    "sante": (
        "Bilan de santé et accès aux soins",
        "accompagnement",
        ["sante--acces-aux-soins"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "mobilite_conseil": (
        "Conseil en mobilité",
        "accompagnement",
        ["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
        ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
        "gratuit",
        ["en-presentiel", "a-distance"],
        "dept",
        30,
    ),
    "sport": (
        "Remobilisation par le sport",
        "atelier",
        ["remobilisation--activites-sportives-et-culturelles", "remobilisation--bien-etre-confiance-en-soi"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        12,
    ),
    "offres": (
        "Recherche d'emploi accompagnée",
        "accompagnement",
        ["trouver-un-emploi--repondre-a-des-offres-demploi"],
        ["demandeurs-emploi"],
        "gratuit",
        ["en-presentiel", "a-distance"],
        "dept",
        None,
    ),
    "formation": (
        "Trouver et financer sa formation",
        "information",
        ["se-former--trouver-sa-formation", "se-former--monter-son-dossier-de-formation"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel", "a-distance"],
        "dept",
        None,
    ),
    "creation": (
        "Atelier « créer son activité »",
        "atelier",
        ["creer-une-entreprise--definir-son-projet-de-creation-dentreprise"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        15,
    ),
    "creation_dev": (
        "Suivi des jeunes entreprises",
        "accompagnement",
        ["creer-une-entreprise--developper-son-entreprise"],
        ["actifs"],
        "payant",
        ["en-presentiel"],
        "france",
        None,
    ),
    "immersion": (
        "Immersion professionnelle en entreprise",
        "accompagnement",
        ["choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"],
        ["demandeurs-emploi"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        20,
    ),
    "handicap": (
        "Accompagnement vers l'emploi des travailleurs handicapés",
        "accompagnement",
        ["trouver-un-emploi--repondre-a-des-offres-demploi"],
        ["personnes-en-situation-de-handicap"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        35,
    ),
    "maintien": (
        "Maintien dans l'emploi",
        "accompagnement",
        ["trouver-un-emploi--maintien-dans-lemploi"],
        ["personnes-en-situation-de-handicap", "actifs"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "budget": (
        "Conseil budgétaire",
        "accompagnement",
        ["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "commune",
        None,
    ),
    "droits": (
        "Accès aux droits",
        "information",
        ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "commune",
        None,
    ),
    "alimentation": (
        "Aide alimentaire",
        "aide-materielle",
        ["equipement-et-alimentation--alimentation"],
        ["beneficiaires-des-minimas-sociaux", "familles"],
        "gratuit",
        ["en-presentiel"],
        "commune",
        60,
    ),
    "rsa": (
        "Accompagnement socioprofessionnel des allocataires du RSA",
        "accompagnement",
        ["trouver-un-emploi--repondre-a-des-offres-demploi", "remobilisation--lien-social"],
        ["beneficiaires-des-minimas-sociaux"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        80,
    ),
    "parentalite": (
        "Soutien à la parentalité",
        "atelier",
        ["famille--soutien-a-la-parentalite-et-a-leducation"],
        ["familles"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "mobilite_aide": (
        "Aide financière à la mobilité",
        "aide-financiere",
        ["mobilite--financer-ma-mobilite"],
        ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
        "gratuit",
        ["a-distance"],
        "dept",
        None,
    ),
    "logement": (
        "Aide au maintien dans le logement",
        "aide-financiere",
        ["logement-hebergement--se-maintenir-dans-le-logement"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "parcours": (
        "Parcours renforcé vers l'emploi",
        "accompagnement",
        [
            "trouver-un-emploi--repondre-a-des-offres-demploi",
            "preparer-sa-candidature--valoriser-ses-competences",
        ],
        ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        50,
    ),
    "geiq": (
        "Parcours qualifiant en GEIQ (contrat de professionnalisation)",
        "formation",
        ["se-former--trouver-sa-formation", "trouver-un-emploi--repondre-a-des-offres-demploi"],
        ["demandeurs-emploi", "jeunes"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        12,
    ),
    "entretien": (
        "Préparer son entretien d'embauche",
        "atelier",
        ["trouver-un-emploi--convaincre-un-recruteur-en-entretien"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        10,
    ),
    "iae": (
        "Contrat à durée déterminée d'insertion",
        "accompagnement",
        ["trouver-un-emploi--repondre-a-des-offres-demploi", "remobilisation--lien-social"],
        ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        16,
    ),
    "remobilisation": (
        "Atelier confiance en soi",
        "atelier",
        ["remobilisation--bien-etre-confiance-en-soi"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        10,
    ),
    "equipement": (
        "Équipement de la maison à petit prix",
        "aide-materielle",
        ["equipement-et-alimentation--electromenager"],
        ["tous-publics"],
        "payant",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "benevolat": (
        "Bénévolat et engagement citoyen",
        "information",
        ["remobilisation--benevolat-action-citoyenne"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "commune",
        None,
    ),
    "garage": (
        "Réparation de véhicule à prix solidaire",
        "aide-materielle",
        ["mobilite--entretenir-reparer-son-vehicule"],
        ["beneficiaires-des-minimas-sociaux", "demandeurs-emploi"],
        "payant",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "vehicule": (
        "Location de véhicule ou de scooter à petit prix",
        "aide-materielle",
        ["mobilite--acceder-a-un-vehicule"],
        ["demandeurs-emploi", "actifs"],
        "payant",
        ["en-presentiel"],
        "dept",
        14,
    ),
    "hebergement": (
        "Hébergement d'urgence et temporaire",
        "accompagnement",
        ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
        ["personnes-en-situation-durgence"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        25,
    ),
    "francais": (
        "Atelier de français à visée professionnelle",
        "formation",
        ["lecture-ecriture-calcul--maitriser-le-francais"],
        ["personnes-exilees", "demandeurs-emploi"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        12,
    ),
    "calcul": (
        "Remise à niveau en calcul",
        "formation",
        ["lecture-ecriture-calcul--maitriser-le-calcul"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "epci",
        12,
    ),
    "garde": (
        "Places de garde pour parents en recherche d'emploi",
        "accompagnement",
        ["famille--garde-denfants"],
        ["familles", "demandeurs-emploi"],
        "payant",
        ["en-presentiel"],
        "epci",
        8,
    ),
    "addictions": (
        "Consultation addictions",
        "accompagnement",
        ["sante--addictions"],
        ["tous-publics"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        None,
    ),
    "mdph": (
        "Aide au dossier MDPH",
        "accompagnement",
        ["sante--constituer-un-dossier-mdph-invalidite"],
        ["personnes-en-situation-de-handicap"],
        "gratuit",
        ["en-presentiel"],
        "dept",
        None,
    ),
}

DESCRIPTION = (
    "{name}, proposé par {structure}. Un professionnel vous reçoit, fait le point avec vous sur votre "
    "situation et vos besoins, puis vous accompagne pas à pas. Les rendez-vous ont lieu dans nos locaux ou "
    "à distance selon le service. Service de démonstration : les informations sont fictives."
)


def _slug(text):
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())[:60]


def _place(code, index):
    commune = Commune.objects.select_related("epci").get(code=code)
    postcode = (
        Postcode.objects.filter(commune_id=code).order_by("code").values_list("code", flat=True).first()
    )
    # A few hundred metres from the commune's centre, so that the markers do not pile up.
    offset = ((index % 5) - 2) * 0.003
    return commune, postcode, round(commune.latitude + offset, 4), round(commune.longitude - offset, 4)


def _zone(scope, commune):
    if scope == "commune":
        return [commune.code]
    if scope == "epci" and commune.epci_id:
        return [commune.epci_id]
    if scope == "france":
        return ["france"]
    return [commune.department_id]


def document():
    """The demo offer as a data·inclusion JSON document."""
    structures, services = [], []
    rows = [*STRUCTURES, (f"{STRUCTURE_NAME}", "", "61001", ["parcours", "cv", "remobilisation"])]
    for index, (name, network, code, keys) in enumerate(rows):
        commune, postcode, lat, lon = _place(code, index)
        slug = _slug(name.replace(" (démo)", ""))
        structure_id = f"{SOURCE}--{slug}"
        structures.append(
            {
                "source": SOURCE,
                "id": structure_id,
                "nom": name,
                "date_maj": DATE_MAJ,
                "commune": commune.name,
                "code_postal": postcode,
                "code_insee": commune.code,
                "adresse": f"{10 + index} rue de la Démonstration",
                "latitude": lat,
                "longitude": lon,
                "telephone": f"+332330{index:05d}",
                "courriel": f"contact@{slug}.demo.mutualis.fr",
                "horaires_accueil": "Mo-Fr 09:00-12:30,13:30-17:00",
                "reseaux_porteurs": [network] if network else None,
            }
        )
        for number, key in enumerate(keys, start=1):
            label, kind, themes, publics, frais, modes, scope, places = CATALOGUE[key]
            services.append(
                {
                    "source": SOURCE,
                    "structure_id": structure_id,
                    "id": f"{structure_id}-{number}",
                    "nom": label,
                    "description": DESCRIPTION.format(name=label, structure=name),
                    "date_maj": DATE_MAJ,
                    "type": kind,
                    "thematiques": themes,
                    "frais": frais,
                    "frais_precisions": "Participation selon les ressources." if frais == "payant" else None,
                    "publics": publics,
                    "commune": commune.name,
                    "code_postal": postcode,
                    "code_insee": commune.code,
                    "adresse": f"{10 + index} rue de la Démonstration",
                    "latitude": lat,
                    "longitude": lon,
                    "telephone": f"+332330{index:05d}",
                    "courriel": f"orientation@{slug}.demo.mutualis.fr",
                    "modes_accueil": modes,
                    "zone_eligibilite": _zone(scope, commune),
                    "modes_mobilisation": ["envoyer-un-courriel", "telephoner"],
                    "mobilisable_par": ["professionnels", "usagers"],
                    "_places": places,
                }
            )
    places = {s["id"]: s.pop("_places") for s in services}
    clean = [{k: v for k, v in s.items() if v is not None} for s in structures]
    return json.dumps({"structures": clean, "services": services}, ensure_ascii=False), places


@transaction.atomic
def seed(log=print):
    from mutualis.offer import exchange, services
    from mutualis.offer.models import Orientation, Service, Structure

    text, places = document()
    _run, report = exchange.run_import(text=text, name="offre-demo.json", dry_run=False)
    counts = report.counts["services"]
    log(
        f"Offre locale : {report.counts['structures']['rows']} structures, {counts['rows']} services "
        f"({counts['created']} créés, {counts['updated']} modifiés, {counts['unchanged']} inchangés)."
    )
    # Tremplin Orne's own structure in the offer belongs to its organisation (its staff maintain it).
    tremplin = Organisation.objects.filter(name=STRUCTURE_NAME).first()
    own = Structure.objects.filter(di_id=f"{SOURCE}--{_slug(STRUCTURE_NAME)}").first()
    if tremplin and own and own.organisation_id != tremplin.pk:
        stray = own.organisation
        own.organisation = tremplin
        own.save(update_fields=["organisation"])
        if not stray.offer_structures.exists() and not stray.memberships.exists():
            stray.delete()
    for di_id, total in places.items():
        Service.objects.filter(di_id=di_id, places_total__isnull=True).update(
            places_total=total, places_taken=(total * 3 // 4) if total else None
        )
    _orientations(log, services, Orientation, Service)


def _orientations(log, services, Orientation, Service):
    """One orientation in each state, sent by the référente of the demo insertion structure."""
    referente = Membership.objects.filter(user__username="referente", organisation__isnull=False).first()
    if referente is None or Orientation.objects.filter(sender=referente.user).exists():
        return
    people = list(
        Beneficiary.objects.filter(organisation_id=referente.organisation_id).order_by("last_name", "id")
    )
    targets = list(
        Service.objects.filter(source=SOURCE)
        .exclude(structure__organisation_id=referente.organisation_id)
        .order_by("di_id")[:6]
    )
    if len(people) < 5 or len(targets) < 5:
        return
    now = timezone.now()
    plan = [("pending", 2), ("reminded", 12), ("accepted", 20), ("refused", 15), ("expired", 35)]
    for (state, days), person, service in zip(plan, people, targets, strict=False):
        orientation = services.orient(
            actor=referente.user,
            membership=referente,
            service=service,
            beneficiary=person,
            message="Orientation de démonstration.",
            consent_given_via=GivenVia.SIGNED,
        )
        sent = now - datetime.timedelta(days=days)
        Orientation.objects.filter(pk=orientation.pk).update(sent_at=sent)
        orientation.refresh_from_db()
        if state == "reminded":
            Orientation.objects.filter(pk=orientation.pk).update(reminded_at=sent + Orientation.REMIND_AFTER)
        elif state == "accepted":
            services.accept(
                orientation=orientation, answered_by="Accueil (démo)", now=sent + datetime.timedelta(days=4)
            )
        elif state == "refused":
            services.refuse(
                orientation=orientation,
                reason="full",
                answered_by="Accueil (démo)",
                now=sent + datetime.timedelta(days=6),
            )
        elif state == "expired":
            services.process_due(now=sent + Orientation.EXPIRE_AFTER)
    log(
        "Offre locale : cinq orientations de démonstration (en attente, relancée, acceptée, refusée, expirée)."
    )
