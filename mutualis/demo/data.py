"""Reference data of the demo groupements: communes, sectors, ROME jobs, skills, names, accounts.

Everything here is plain data; `builder.py` turns it into a deterministic plan and writes it.
Coordinates are those of each commune's centre (town hall area), rounded to 4 decimals (~10 m);
postcodes are the real ones. Company and person names are invented.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# Gross hourly SMIC (minimum wage) used to price the demo contracts: €11.88 since 1 November 2024.
SMIC_HOURLY = Decimal("11.88")

# Fixed reference date: every demo date is computed from it, so that two runs are identical.
REFERENCE_DATE = datetime.date(2026, 9, 1)

DEMO_PASSWORD = "mutualis-demo"


@dataclass(frozen=True)
class Commune:
    name: str
    postcode: str
    latitude: Decimal
    longitude: Decimal
    department: str  # "61" Orne, "72" Sarthe, "53" Mayenne


def _c(name, postcode, lat, lon):
    return Commune(name, postcode, Decimal(lat), Decimal(lon), postcode[:2])


# Communes around Alençon (Orne, Sarthe, and Pré-en-Pail just across the Mayenne border).
COMMUNES = [
    _c("Alençon", "61000", "48.4325", "0.0925"),
    _c("Damigny", "61250", "48.4494", "0.0656"),
    _c("Valframbert", "61250", "48.4653", "0.1078"),
    _c("Saint-Germain-du-Corbéis", "61000", "48.4222", "0.0628"),
    _c("Condé-sur-Sarthe", "61250", "48.4328", "0.0333"),
    _c("Arçonnay", "72610", "48.3975", "0.0903"),
    _c("Champfleur", "72610", "48.3858", "0.1314"),
    _c("Saint-Paterne - Le Chevain", "72610", "48.4150", "0.1150"),
    _c("Cerisé", "61000", "48.4442", "0.1297"),
    _c("Héloup", "61250", "48.3925", "0.0372"),
    _c("Lonrai", "61250", "48.4611", "0.0375"),
    _c("Semallé", "61250", "48.4578", "0.1697"),
    _c("Radon", "61250", "48.5017", "0.0972"),
    _c("Saint-Denis-sur-Sarthon", "61420", "48.4553", "-0.0461"),
    _c("Sées", "61500", "48.6069", "0.1717"),
    _c("Essay", "61500", "48.5403", "0.2497"),
    _c("Mortrée", "61570", "48.6394", "0.0783"),
    _c("Carrouges", "61320", "48.5672", "-0.1536"),
    _c("Le Mêle-sur-Sarthe", "61170", "48.5086", "0.3594"),
    _c("Écouché", "61150", "48.7175", "-0.1239"),
    _c("Argentan", "61200", "48.7444", "-0.0200"),
    _c("La Ferté-Macé", "61600", "48.5903", "-0.3583"),
    _c("Bagnoles-de-l'Orne", "61140", "48.5550", "-0.4153"),
    _c("Pré-en-Pail", "53140", "48.4592", "-0.1969"),
    _c("Mamers", "72600", "48.3497", "0.3697"),
    _c("Fresnay-sur-Sarthe", "72130", "48.2822", "0.0242"),
    _c("Saint-Léonard-des-Bois", "72130", "48.3528", "-0.0764"),
    _c("Beaumont-sur-Sarthe", "72170", "48.2278", "0.1311"),
    _c("Mortagne-au-Perche", "61400", "48.5203", "0.5475"),
    _c("Bellême", "61130", "48.3756", "0.5650"),
    _c("Gacé", "61230", "48.7956", "0.2969"),
    _c("Domfront", "61700", "48.5925", "-0.6458"),
]
COMMUNES_BY_NAME = {c.name: c for c in COMMUNES}

# Bounding box of the Orne and Sarthe departments (lat, lon), used by the tests.
ORNE_SARTHE_BOX = {
    "lat_min": Decimal("47.56"),
    "lat_max": Decimal("48.98"),
    "lon_min": Decimal("-0.90"),
    "lon_max": Decimal("0.98"),
}

# The communes nearest Alençon weigh more: most members sit in the urban area.
URBAN_AREA = [
    "Alençon",
    "Damigny",
    "Valframbert",
    "Saint-Germain-du-Corbéis",
    "Condé-sur-Sarthe",
    "Arçonnay",
    "Champfleur",
    "Saint-Paterne - Le Chevain",
    "Cerisé",
    "Héloup",
    "Lonrai",
    "Semallé",
    "Radon",
    "Saint-Denis-sur-Sarthon",
]

STREETS = [
    "rue de Bretagne",
    "rue aux Sieurs",
    "Grande Rue",
    "rue du Pont-Neuf",
    "avenue de Basingstoke",
    "rue de la Demi-Lune",
    "place du Marché",
    "rue des Tisserands",
    "chemin des Vergers",
    "route de Mortagne",
    "rue du Moulin",
    "impasse des Tilleuls",
    "rue de l'Église",
    "route d'Argentan",
    "rue des Écoles",
    "allée des Peupliers",
    "rue du Stade",
    "zone artisanale des Portes de Bretagne",
    "rue de la Forêt d'Écouves",
    "rue Saint-Blaise",
]


# ROME referential (version 3): code → label. Technical skills and contract jobs use these.
ROME = {
    "A1203": "Aménagement et entretien des espaces verts",
    "A1405": "Arboriculture et viticulture",
    "A1407": "Élevage bovin ou équin",
    "A1414": "Horticulture et maraîchage",
    "A1416": "Polyculture, élevage",
    "D1102": "Boulangerie - viennoiserie",
    "D1106": "Vente en alimentation",
    "D1505": "Personnel de caisse",
    "G1202": "Animation d'activités culturelles ou ludiques",
    "G1204": "Éducation en activités sportives",
    "G1602": "Personnel de cuisine",
    "G1603": "Personnel polyvalent en restauration",
    "G1703": "Réception en hôtellerie",
    "G1803": "Service en restauration",
    "I1203": "Maintenance des bâtiments et des locaux",
    "K1204": "Médiation sociale et facilitation de la vie en société",
    "K1207": "Intervention socioéducative",
    "K1302": "Assistance auprès d'adultes",
    "K1304": "Services domestiques",
    "K2111": "Formation professionnelle",
    "K2204": "Nettoyage de locaux",
    "M1203": "Comptabilité",
    "M1602": "Opérations administratives",
    "M1607": "Secrétariat",
}

# Transversal and behavioural skills: (code, label).
TRANSVERSAL_SKILLS = [
    ("TR-EQUIPE", "Travailler en équipe"),
    ("TR-NUMERIQUE", "Utiliser les outils numériques"),
    ("TR-ORAL", "Communiquer à l'oral avec le public"),
    ("TR-ECRIT", "Rédiger un écrit professionnel"),
    ("TR-HYGIENE", "Appliquer les règles d'hygiène et de sécurité"),
    ("TR-PRIORITES", "Organiser son temps et ses priorités"),
    ("TR-PERMIS-B", "Conduire un véhicule léger (permis B)"),
]
BEHAVIOURAL_SKILLS = [
    ("SE-AUTONOMIE", "Autonomie"),
    ("SE-ORGANISATION", "Sens de l'organisation"),
    ("SE-RIGUEUR", "Rigueur"),
    ("SE-ADAPTATION", "Capacité d'adaptation"),
    ("SE-RELATION", "Sens de la relation client"),
    ("SE-REACTIVITE", "Réactivité"),
    ("SE-RESPONSABILITES", "Sens des responsabilités"),
    ("SE-PERSEVERANCE", "Persévérance"),
]


@dataclass(frozen=True)
class JobSpec:
    """A job the GE hires for: its ROME code, title, the sectors that use it, its gross hourly wage."""

    rome: str
    title: str
    sectors: tuple
    wage: Decimal
    qualification: str = ""


JOBS = [
    JobSpec(
        "K2204",
        "Agent d'entretien des locaux",
        ("hcr", "retail", "crafts", "services", "assoc", "public"),
        Decimal("12.1000"),
        "Agent de propreté et d'hygiène",
    ),
    JobSpec("G1603", "Employé polyvalent de restauration", ("hcr", "public", "assoc"), Decimal("12.0500")),
    JobSpec("A1414", "Ouvrier maraîcher", ("agri",), Decimal("12.0000"), "Ouvrier agricole qualifié"),
    JobSpec("D1106", "Vendeur en alimentation", ("retail", "crafts", "agri"), Decimal("12.2500")),
    JobSpec(
        "M1607",
        "Secrétaire",
        ("agri", "crafts", "services", "assoc", "public"),
        Decimal("13.4000"),
        "Secrétaire assistant (titre professionnel)",
    ),
    JobSpec(
        "M1203",
        "Aide-comptable",
        ("agri", "crafts", "retail", "services", "assoc"),
        Decimal("14.6000"),
        "Comptable assistant (titre professionnel)",
    ),
    JobSpec("K1304", "Agent de services à domicile", ("assoc",), Decimal("12.1500")),
    JobSpec("K2111", "Formateur", ("assoc", "services"), Decimal("16.2000")),
    JobSpec("G1803", "Serveur en restauration", ("hcr",), Decimal("12.2000")),
    JobSpec(
        "I1203",
        "Agent de maintenance des bâtiments",
        ("hcr", "public", "assoc", "services"),
        Decimal("13.1000"),
        "Agent de maintenance des bâtiments (titre professionnel)",
    ),
    JobSpec("K1207", "Animateur socio-éducatif", ("assoc", "public"), Decimal("13.5000")),
    JobSpec("A1405", "Ouvrier arboricole (vergers cidricoles)", ("agri",), Decimal("12.0000")),
    JobSpec("A1203", "Jardinier d'espaces verts", ("public", "hcr", "services", "agri"), Decimal("12.4000")),
    JobSpec("A1407", "Agent d'élevage laitier", ("agri",), Decimal("12.3000")),
    JobSpec("G1602", "Commis de cuisine", ("hcr",), Decimal("12.1000")),
    JobSpec("G1703", "Réceptionniste", ("hcr",), Decimal("12.5000")),
    JobSpec("D1102", "Boulanger", ("crafts",), Decimal("12.6000"), "CAP boulanger"),
    JobSpec("K1302", "Assistant de vie", ("assoc",), Decimal("12.2000"), "Assistant de vie aux familles"),
    JobSpec("G1202", "Animateur d'activités culturelles", ("assoc", "public", "hcr"), Decimal("12.8000")),
]
JOBS_BY_ROME = {job.rome: job for job in JOBS}
# Jobs of the aided contracts that require a specific post.
ADULT_RELAY_JOB = JobSpec(
    "K1204", "Médiateur social (adulte-relais)", ("assoc", "public"), Decimal("12.3000")
)
DIGITAL_ADVISOR_JOB = JobSpec(
    "K2111", "Conseiller numérique", ("assoc", "public"), Decimal("12.6000"), "Médiateur numérique"
)
SPORT_JOB = JobSpec(
    "G1204", "Éducateur sportif", ("sport",), Decimal("13.2000"), "BPJEPS activités physiques"
)

# Transversal/behavioural skills that suit each ROME code best (first ones weigh more).
SKILL_AFFINITIES = {
    "K2204": ["TR-HYGIENE", "SE-AUTONOMIE", "SE-RIGUEUR"],
    "G1603": ["TR-HYGIENE", "TR-EQUIPE", "SE-REACTIVITE"],
    "A1414": ["TR-EQUIPE", "SE-PERSEVERANCE", "TR-PERMIS-B"],
    "D1106": ["SE-RELATION", "TR-ORAL", "TR-HYGIENE"],
    "M1607": ["TR-NUMERIQUE", "TR-ECRIT", "SE-ORGANISATION"],
    "M1203": ["TR-NUMERIQUE", "SE-RIGUEUR", "TR-PRIORITES"],
    "K1304": ["SE-AUTONOMIE", "TR-PERMIS-B", "SE-RESPONSABILITES"],
    "K2111": ["TR-ORAL", "TR-NUMERIQUE", "SE-ADAPTATION"],
    "G1803": ["SE-RELATION", "TR-EQUIPE", "SE-REACTIVITE"],
    "I1203": ["SE-AUTONOMIE", "TR-HYGIENE", "TR-PERMIS-B"],
    "K1207": ["TR-ORAL", "SE-ADAPTATION", "SE-RESPONSABILITES"],
    "A1405": ["TR-EQUIPE", "SE-PERSEVERANCE", "TR-PERMIS-B"],
    "A1203": ["SE-AUTONOMIE", "TR-PERMIS-B", "TR-HYGIENE"],
    "A1407": ["SE-RESPONSABILITES", "SE-AUTONOMIE", "SE-PERSEVERANCE"],
    "G1602": ["TR-HYGIENE", "TR-EQUIPE", "SE-REACTIVITE"],
    "G1703": ["SE-RELATION", "TR-NUMERIQUE", "TR-ORAL"],
    "D1102": ["TR-HYGIENE", "SE-RIGUEUR", "SE-ORGANISATION"],
    "K1302": ["SE-RESPONSABILITES", "SE-ADAPTATION", "TR-PERMIS-B"],
    "G1202": ["TR-ORAL", "SE-ADAPTATION", "TR-EQUIPE"],
    "K1204": ["TR-ORAL", "SE-ADAPTATION", "TR-EQUIPE"],
    "G1204": ["TR-ORAL", "SE-RESPONSABILITES", "TR-EQUIPE"],
}
# A second technical skill that often goes with the first (polyvalence).
SECOND_SKILLS = {
    "K2204": "I1203",
    "G1603": "G1602",
    "A1414": "A1405",
    "D1106": "D1505",
    "M1607": "M1602",
    "M1203": "M1602",
    "K1304": "K1302",
    "G1803": "G1603",
    "I1203": "A1203",
    "K1207": "G1202",
    "A1405": "A1414",
    "A1203": "I1203",
    "A1407": "A1416",
    "G1602": "G1603",
    "G1703": "G1803",
    "D1102": "D1106",
    "K1302": "K1304",
    "G1202": "K1207",
}


@dataclass(frozen=True)
class Activity:
    """A kind of member: its name pattern, NAF code and typical sites.

    The pattern is formatted with {family}, {place}, {de_commune} and {word}.
    """

    pattern: str
    naf: str
    sites: tuple


@dataclass(frozen=True)
class Sector:
    key: str
    label: str
    kind: str  # MemberKind value
    activities: tuple
    headcount_bands: tuple
    vat_status: str


def _a(pattern, naf, *sites):
    return Activity(pattern, naf, sites)


SECTORS = {
    "agri": Sector(
        "agri",
        "agriculture",
        "company",
        (
            _a("EARL {family}", "01.41Z", "Exploitation", "Stabulation", "Salle de traite"),
            _a("GAEC {place}", "01.50Z", "Exploitation", "Stabulation", "Hangar"),
            _a("SCEA du Domaine {place}", "01.24Z", "Vergers", "Chai", "Point de vente à la ferme"),
            _a("Vergers {family}", "01.24Z", "Vergers", "Hangar", "Point de vente à la ferme"),
            _a("Maraîchage {place}", "01.13Z", "Serres", "Parcelles", "Point de vente à la ferme"),
            _a("Cidrerie {family}", "11.03Z", "Cidrerie", "Vergers", "Boutique"),
            _a("Pépinières {family}", "01.30Z", "Pépinière", "Serres"),
        ),
        ("0", "1-9", "1-9", "10-49"),
        "subject",
    ),
    "hcr": Sector(
        "hcr",
        "tourisme, hôtellerie, restauration",
        "company",
        (
            _a("Hôtel {place}", "55.10Z", "Hôtel", "Salle des petits-déjeuners", "Annexe"),
            _a("Restaurant {word}", "56.10A", "Salle de restaurant", "Cuisine"),
            _a("Auberge {place}", "56.10A", "Auberge", "Salle de réception"),
            _a("Camping {place}", "55.30Z", "Accueil du camping", "Sanitaires", "Snack"),
            _a("Brasserie {word}", "56.10A", "Brasserie", "Terrasse"),
            _a("Gîtes {place}", "55.20Z", "Gîtes", "Salle commune"),
            _a("Base de loisirs {place}", "93.29Z", "Accueil", "Plan d'eau", "Snack"),
        ),
        ("1-9", "1-9", "10-49", "10-49"),
        "subject",
    ),
    "retail": Sector(
        "retail",
        "commerce",
        "company",
        (
            _a("Épicerie {word}", "47.11C", "Magasin", "Réserve"),
            _a("Primeur {family}", "47.21Z", "Magasin", "Étal du marché"),
            _a("Fromagerie {family}", "47.29Z", "Boutique", "Cave d'affinage"),
            _a("Supérette {place}", "47.11C", "Magasin", "Réserve"),
            _a("Fleurs {word}", "47.76Z", "Boutique", "Atelier floral"),
            _a("Quincaillerie {family}", "47.52A", "Magasin", "Entrepôt"),
            _a("Cave {word}", "47.25Z", "Boutique", "Entrepôt"),
        ),
        ("1-9", "1-9", "10-49"),
        "subject",
    ),
    "crafts": Sector(
        "crafts",
        "artisanat",
        "company",
        (
            _a("Boulangerie {family}", "10.71C", "Fournil", "Boutique", "Dépôt de pain"),
            _a("Charcuterie {family}", "10.13B", "Laboratoire", "Boutique"),
            _a("Menuiserie {family}", "43.32A", "Atelier", "Dépôt"),
            _a("SARL {family} Électricité", "43.21A", "Atelier", "Dépôt"),
            _a("Plomberie {family}", "43.22A", "Atelier", "Dépôt"),
            _a("Salon de coiffure {word}", "96.02A", "Salon"),
            _a("Peinture {family} et fils", "43.34Z", "Atelier", "Dépôt"),
        ),
        ("1-9", "1-9", "0", "10-49"),
        "subject",
    ),
    "services": Sector(
        "services",
        "services aux entreprises",
        "company",
        (
            _a("Cabinet comptable {family}", "69.20Z", "Bureaux"),
            _a("Propreté {word}", "81.21Z", "Agence", "Dépôt"),
            _a("Paysages {family}", "81.30Z", "Dépôt", "Bureaux"),
            _a("Bureau d'études {family}", "71.12B", "Bureaux"),
        ),
        ("1-9", "10-49", "10-49"),
        "subject",
    ),
    "assoc": Sector(
        "assoc",
        "associations",
        "association",
        (
            _a("Foyer rural {de_commune}", "94.99Z", "Salle polyvalente", "Siège"),
            _a("Centre socioculturel {word}", "88.99B", "Centre social", "Antenne"),
            _a("Aide à domicile {place}", "88.10A", "Siège", "Antenne"),
            _a("École de musique {de_commune}", "85.52Z", "Salle de cours", "Auditorium"),
            _a("Maison des jeunes {de_commune}", "88.91B", "Local d'activités", "Siège"),
            _a("Jardins solidaires {place}", "88.99B", "Jardins", "Local d'accueil"),
            _a("Compagnie théâtrale {word}", "90.01Z", "Salle de répétition", "Siège"),
            _a("Organisme de formation {word}", "85.59A", "Salles de formation", "Siège"),
        ),
        ("0", "1-9", "1-9", "10-49"),
        "not_subject",
    ),
    "sport": Sector(
        "sport",
        "sport",
        "association",
        (
            _a("Union sportive {de_commune}", "93.12Z", "Stade", "Gymnase"),
            _a("Judo club {place}", "93.12Z", "Dojo"),
            _a("Cercle de tennis {de_commune}", "93.12Z", "Courts couverts", "Club-house"),
            _a("Club nautique {place}", "93.12Z", "Piscine", "Base nautique"),
            _a("Gymnastique volontaire {de_commune}", "93.12Z", "Salle de sport"),
            _a("Athlétisme {word}", "93.12Z", "Stade"),
        ),
        ("0", "1-9"),
        "not_subject",
    ),
}

FAMILY_NAMES = [
    "Lemonnier",
    "Besnard",
    "Brière",
    "Gosselin",
    "Launay",
    "Duval",
    "Hébert",
    "Leroux",
    "Lecomte",
    "Lefèvre",
    "Guérin",
    "Lebreton",
    "Hamel",
    "Bellanger",
    "Chevalier",
    "Fouquet",
    "Gervais",
    "Jouenne",
    "Lerebours",
    "Marais",
    "Pichon",
    "Renault",
    "Vallée",
    "Desmonts",
    "Poulain",
    "Rocher",
    "Tessier",
    "Legros",
    "Mauger",
    "Cousin",
    "Barbier",
    "Lainé",
    "Hue",
    "Hervieu",
    "Lesage",
    "Drouet",
    "Pelletier",
    "Letellier",
    "Godard",
    "Moulin",
    "Gaudin",
    "Huet",
    "Jamet",
    "Langlois",
    "Levasseur",
    "Mallet",
    "Morin",
    "Paris",
    "Quentin",
    "Roussel",
    "Savary",
    "Tougard",
    "Vautier",
    "Vivien",
    "Yvon",
]
PLACE_WORDS = [
    "des Tilleuls",
    "du Val d'Écouves",
    "de la Haute-Folie",
    "des Pommiers",
    "de la Briante",
    "du Sarthon",
    "de la Vallée",
    "des Alpes mancelles",
    "du Perche",
    "des Noës",
    "de la Garenne",
    "du Clos fleuri",
    "des Sources",
    "de la Mare",
    "du Bocage",
    "des Hêtres",
    "de la Butte",
    "du Grand Pré",
    "des Trois Chênes",
    "de la Fontaine",
    "du Moulin",
    "de la Lande",
    "des Coteaux",
    "de Courteille",
    "de la Croix",
    "du Chêne vert",
    "des Rosiers",
    "de la Rivière",
]
WORDS = [
    "L'Écouves",
    "Le Passage",
    "La Dentelle",
    "Le Fournil",
    "Le Comptoir",
    "La Pomme d'or",
    "Le Relais",
    "L'Escale",
    "La Source",
    "Le Trèfle",
    "L'Atelier",
    "La Halle",
    "Le Bocage",
    "Point Virgule",
    "La Cabane",
    "Le Tilleul",
    "L'Horizon",
    "La Clé",
    "Le Colibri",
    "La Ruche",
    "L'Étoile",
    "Le Carré",
    "Le Lavoir",
    "La Roseraie",
]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Laura",
    "Pauline",
    "Marine",
    "Océane",
    "Élodie",
    "Aurélie",
    "Nathalie",
    "Sandrine",
    "Isabelle",
    "Valérie",
    "Sophie",
    "Céline",
    "Mélanie",
    "Amandine",
    "Justine",
    "Karima",
    "Fatou",
    "Yasmina",
    "Lucas",
    "Hugo",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Antoine",
    "Kévin",
    "Romain",
    "Alexandre",
    "Quentin",
    "Mathieu",
    "Sébastien",
    "David",
    "Olivier",
    "Stéphane",
    "Christophe",
    "Jérôme",
    "Franck",
    "Mehdi",
    "Youssef",
    "Moussa",
    "Dylan",
    "Anthony",
    "Baptiste",
    "Florian",
    "Guillaume",
    "Damien",
    "Arnaud",
    "Bruno",
]

# Aid parameters (see research/domain.md §2.5). Demo values: check the current regional orders.
PEC_AID_RATE = Decimal("60.00")  # % of the gross hourly SMIC
PEC_AID_WEEKLY_CAP = Decimal("20.00")
ADULT_RELAY_YEARLY_AID = Decimal("22000.00")
DIGITAL_ADVISOR_YEARLY_AID = Decimal("20000.00")  # private structure, first year
APPRENTICE_WAGE_SHARE = Decimal("0.53")  # 18–20 years old, first year
PROFESSIONALISATION_WAGE_SHARE = Decimal("0.80")  # 21–25 years old, without a vocational diploma

# Contract mix besides CDI (about two thirds of contracts are CDI): kind → weight.
NON_CDI_MIX = [
    ("cdd", 6),
    ("pec", 4),
    ("apprenticeship", 3),
    ("professionalisation", 3),
    ("adult_relay", 2),
    ("digital_advisor", 2),
]


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    first_name: str
    last_name: str
    is_superuser: bool = False


ACCOUNTS = [
    Account("directrice", "director", "Claire", "Lemonnier"),
    Account("planificateur", "planner", "Julien", "Besnard"),
    Account("comptable", "accountant", "Nadia", "Brière"),
    Account("contact-adherent", "member_contact", "Thomas", "Gosselin"),
    Account("salarie", "employee", "", ""),  # takes the name of the employee it is linked to
    Account("partenaire", "partner", "Sophie", "Launay"),
    Account("observateur", "observer", "Marc", "Duval"),
    Account("admin", "", "Admin", "Mutualis", is_superuser=True),
]


@dataclass(frozen=True)
class GroupSpec:
    """What one demo GE looks like. `members`/`employees` are the counts at scale 1."""

    slug: str
    name: str
    seed: str
    legal_form: str
    siren_number: int
    idcc: str
    vat_regime: str
    coefficient: Decimal
    invoice_prefix: str
    address: str
    commune: str
    members: int
    employees: int
    public_bodies: int
    sectors: dict  # sector key → weight
    communes: tuple = ()  # empty: all communes, weighted towards the urban area
    accounts: bool = False  # the role accounts (ACCOUNTS) belong to this GE
    extra_memberships: tuple = field(default_factory=tuple)  # (username, role)
    public_body_names: tuple = ()


MAIN = GroupSpec(
    slug="ge-partage-orne",
    name="GE Partage Orne",
    seed="ge-partage-orne/1",
    legal_form="association",
    siren_number=81_461_032,
    idcc="2098",
    vat_regime="subject",
    coefficient=Decimal("1.870"),
    invoice_prefix="GPO",
    address="14 rue de l'Écusson",
    commune="Alençon",
    members=80,
    employees=60,
    public_bodies=4,
    sectors={"agri": 18, "hcr": 16, "retail": 12, "crafts": 12, "services": 6, "assoc": 12},
    accounts=True,
    public_body_names=(
        ("Communauté urbaine d'Alençon", "Alençon"),
        ("Commune de Damigny", "Damigny"),
        ("Commune de Sées", "Sées"),
        ("Commune de Valframbert", "Valframbert"),
    ),
)

SPORT = GroupSpec(
    slug="ge-sport-sarthe",
    name="GE Sport Sarthe",
    seed="ge-sport-sarthe/1",
    legal_form="association",
    siren_number=82_930_417,
    idcc="2511",
    vat_regime="exempt_261b",
    coefficient=Decimal("1.750"),
    invoice_prefix="GSS",
    address="3 place de la République",
    commune="Mamers",
    members=10,
    employees=5,
    public_bodies=1,
    sectors={"sport": 1},
    communes=(
        "Mamers",
        "Fresnay-sur-Sarthe",
        "Beaumont-sur-Sarthe",
        "Saint-Léonard-des-Bois",
        "Arçonnay",
        "Champfleur",
        "Saint-Paterne - Le Chevain",
    ),
    extra_memberships=(("directrice", "planner"),),
    public_body_names=(("Commune de Mamers", "Mamers"),),
)

LARGE = GroupSpec(
    slug="ge-grand-demo",
    name="Grand GE de démonstration",
    seed="ge-grand-demo/1",
    legal_form="scic",
    siren_number=83_507_266,
    idcc="2098",
    vat_regime="subject",
    coefficient=Decimal("1.870"),
    invoice_prefix="GGD",
    address="1 place du Général-de-Gaulle",
    commune="Argentan",
    members=400,
    employees=1000,
    public_bodies=20,
    sectors={"agri": 18, "hcr": 16, "retail": 12, "crafts": 12, "services": 6, "assoc": 12},
    extra_memberships=(("directrice", "director"),),
)

SIZES = {"normal": (MAIN, SPORT), "large": (LARGE,)}
