"""The data·inclusion v1 schema, taken from the `data-inclusion-schema` package (never copied by hand).

Django choices are built from the package's enums, so a value added by a new release of the schema
appears here without a code change; the pydantic models `Structure` and `Service` validate imported
rows, and `score_qualite.score` gives a service's quality score.
"""

from data_inclusion.schema import v1
from data_inclusion.schema.v1 import score_qualite

SCHEMA_VERSION = "1"
FRANCE = "france"

StructureModel = v1.Structure
ServiceModel = v1.Service


def choices(enum):
    """(value, label) pairs of a data·inclusion enum, sorted by value (stable in migrations)."""
    return sorted(((member.value, member.label) for member in enum), key=lambda pair: pair[0])


def labels(enum):
    return {member.value: member.label for member in enum}


TYPE_CHOICES = choices(v1.TypeService)
THEMATIQUE_CHOICES = choices(v1.Thematique)
CATEGORIE_CHOICES = choices(v1.Categorie)
PUBLIC_CHOICES = choices(v1.Public)
FRAIS_CHOICES = choices(v1.Frais)
MODE_ACCUEIL_CHOICES = choices(v1.ModeAccueil)
MODE_MOBILISATION_CHOICES = choices(v1.ModeMobilisation)
MOBILISABLE_PAR_CHOICES = choices(v1.PersonneMobilisatrice)
RESEAU_PORTEUR_CHOICES = choices(v1.ReseauPorteur)

TOUS_PUBLICS = v1.Public.TOUS_PUBLICS.value

# List-valued fields and the vocabulary each one takes its values from.
SERVICE_LIST_FIELDS = {
    "thematiques": v1.Thematique,
    "publics": v1.Public,
    "modes_accueil": v1.ModeAccueil,
    "modes_mobilisation": v1.ModeMobilisation,
    "mobilisable_par": v1.PersonneMobilisatrice,
    "zone_eligibilite": None,
}
STRUCTURE_LIST_FIELDS = {"reseaux_porteurs": v1.ReseauPorteur}

# Field order of the schema's models: the column order of our CSV and the key order of our JSON.
STRUCTURE_FIELDS = list(StructureModel.model_fields)
SERVICE_FIELDS = list(ServiceModel.model_fields)


def categorie_of(thematique):
    """`mobilite--louer-un-vehicule` → `mobilite` (the thématique's category)."""
    return thematique.split("--", 1)[0]


def quality_score(service_model):
    """The package's own score (0–1, two decimals) of a validated `ServiceModel`."""
    value, _details = score_qualite.score(service_model)
    return value
