"""The diagnostic model shipped with Mutualis (installed, published, by migration 0002).

It covers the themes of the brief — employment, training, mobility, housing, health, childcare,
digital skills, finances, administrative — and disability (DESIGN, « the diagnostic model »). It is
shared by every structure of the territory; a change is a new version (docs/insertion.md).
"""

CODE = "diagnostic-socio-professionnel"
TITLE = "Diagnostic socio-professionnel partagé"


def _yn(code, label, theme, *, required=True, constraint_if=None):
    question = {"code": code, "label": label, "theme": theme, "kind": "yes_no_unknown", "required": required}
    if constraint_if:
        question["constraint_if"] = constraint_if
    return question


def _choices(*pairs):
    return [{"value": value, "label": label} for value, label in pairs]


SCHEMA = {
    "sections": [
        {
            "code": "emploi",
            "title": "Projet professionnel et emploi",
            "questions": [
                {
                    "code": "situation_emploi",
                    "label": "Situation actuelle",
                    "theme": "employment",
                    "kind": "choice",
                    "required": True,
                    "choices": _choices(
                        ("sans_emploi", "Sans emploi"),
                        ("emploi_partiel", "En emploi à temps partiel"),
                        ("formation", "En formation"),
                        ("autre", "Autre"),
                    ),
                },
                {
                    "code": "metier_vise",
                    "label": "Métier ou secteur visé",
                    "theme": "employment",
                    "kind": "text",
                    "required": False,
                },
                _yn(
                    "projet_defini",
                    "Le projet professionnel est-il défini ?",
                    "employment",
                    constraint_if="no",
                ),
                {
                    "code": "disponibilite",
                    "label": "Disponibilité pour travailler",
                    "theme": "employment",
                    "kind": "choice",
                    "required": True,
                    "choices": _choices(
                        ("immediate", "Immédiate"),
                        ("sous_un_mois", "Sous un mois"),
                        ("plus_tard", "Plus tard"),
                    ),
                },
            ],
        },
        {
            "code": "formation",
            "title": "Formation et compétences",
            "questions": [
                _yn(
                    "besoin_formation",
                    "Une formation est-elle nécessaire pour le projet ?",
                    "training",
                    constraint_if="yes",
                ),
                {
                    "code": "besoins_formation",
                    "label": "Besoins de formation",
                    "theme": "training",
                    "kind": "multi",
                    "required": False,
                    "needs": True,
                    "choices": _choices(
                        ("savoirs_base", "Savoirs de base (lire, écrire, compter)"),
                        ("francais", "Français langue étrangère"),
                        ("qualifiante", "Formation qualifiante"),
                        ("caces", "CACES ou habilitation"),
                    ),
                },
            ],
        },
        {
            "code": "mobilite",
            "title": "Mobilité",
            "questions": [
                _yn("permis_b", "Permis B", "mobility", constraint_if="no"),
                _yn("vehicule", "Véhicule à disposition", "mobility", required=False),
                {
                    "code": "besoins_mobilite",
                    "label": "Besoins de mobilité",
                    "theme": "mobility",
                    "kind": "multi",
                    "required": False,
                    "needs": True,
                    "choices": _choices(
                        ("permis", "Passer le permis"),
                        ("deux_roues", "Prêt de deux-roues"),
                        ("transport", "Aide au transport"),
                    ),
                },
            ],
        },
        {
            "code": "logement",
            "title": "Logement",
            "questions": [
                _yn("logement_stable", "Logement stable", "housing", constraint_if="no"),
            ],
        },
        {
            "code": "sante",
            "title": "Santé",
            "questions": [
                _yn(
                    "frein_sante",
                    "Un problème de santé limite-t-il l'accès à l'emploi ?",
                    "health",
                    constraint_if="yes",
                ),
            ],
        },
        {
            "code": "handicap",
            "title": "Handicap",
            "questions": [
                _yn(
                    "reconnaissance_handicap",
                    "Reconnaissance de la qualité de travailleur handicapé (RQTH)",
                    "disability",
                    required=False,
                ),
                _yn(
                    "amenagement_poste",
                    "Un aménagement de poste est-il nécessaire ?",
                    "disability",
                    required=False,
                    constraint_if="yes",
                ),
            ],
        },
        {
            "code": "garde",
            "title": "Garde d'enfants",
            "questions": [
                _yn("enfants_a_charge", "Enfants à charge", "childcare", required=False),
                _yn(
                    "garde_solution",
                    "Une solution de garde est-elle trouvée ?",
                    "childcare",
                    required=False,
                    constraint_if="no",
                ),
            ],
        },
        {
            "code": "numerique",
            "title": "Numérique",
            "questions": [
                {
                    "code": "aisance_numerique",
                    "label": "Aisance avec les outils numériques (1 : aucune, 5 : très à l'aise)",
                    "theme": "digital",
                    "kind": "scale",
                    "required": True,
                    "min": 1,
                    "max": 5,
                    "constraint_below": 3,
                },
                _yn(
                    "acces_internet",
                    "Accès à internet (téléphone ou ordinateur)",
                    "digital",
                    required=False,
                    constraint_if="no",
                ),
            ],
        },
        {
            "code": "finances",
            "title": "Budget",
            "questions": [
                _yn(
                    "difficultes_budget",
                    "Des difficultés financières pèsent-elles sur le parcours ?",
                    "finances",
                    constraint_if="yes",
                ),
            ],
        },
        {
            "code": "administratif",
            "title": "Démarches administratives",
            "questions": [
                _yn(
                    "droits_a_jour",
                    "Les droits sont-ils ouverts et à jour ?",
                    "administrative",
                    constraint_if="no",
                ),
                {
                    "code": "remarques",
                    "label": "Remarques de la personne",
                    "theme": "administrative",
                    "kind": "text",
                    "required": False,
                },
            ],
        },
    ]
}
