from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpenseCategory(models.TextChoices):
    """Expense categories of a budget line. A call says which ones it funds, which count as overheads,
    which need a written justification and which it refuses (see rules.py)."""

    COORDINATION_STAFF = (
        "coordination_staff",
        _("Ressources humaines de coordination, d'animation et de pilotage"),
    )
    SERVICES = "services", _("Prestations (études, co-conception, accompagnement)")
    JOINT_TRAINING = "joint_training", _("Formations conjointes entre professionnels")
    CHANGE_MANAGEMENT = "change_management", _("Conduite du changement")
    COMMUNICATION = "communication", _("Communication")
    OPERATING = "operating", _("Charges de fonctionnement et de logistique")
    GENERAL_COSTS = "general_costs", _("Frais généraux (fournitures, reprographie, locations de salles…)")
    MISSION_COSTS = "mission_costs", _("Frais de mission (déplacements, hébergement, restauration)")
    EQUIPMENT = "equipment", _("Matériel et logiciel")
    INFORMATION_SYSTEM = "information_system", _("Système d'information")
    DIRECT_SERVICES = "direct_services", _("Offre de services directe aux usagers")
    OTHER_STATE_FUNDED = "other_state_funded", _("Dépenses déjà financées par l'État (autre dispositif)")
    OTHER = "other", _("Autre dépense")


class SourceKind(models.TextChoices):
    STATE = "state", _("Subvention de l'État demandée au titre de l'appel")
    SELF = "self", _("Autofinancement du porteur")
    PARTNER = "partner", _("Cofinancement des partenaires")
    OTHER_PUBLIC = "other_public", _("Autre financement public")
    OTHER = "other", _("Autre ressource")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    GRANTED = "granted", _("Accordée")
    REFUSED = "refused", _("Refusée")


class IndicatorKind(models.TextChoices):
    MEANS = "means", _("Indicateur de moyens")
    RESULTS = "results", _("Indicateur de résultats")


class ConsortiumRole(models.TextChoices):
    LEAD = "lead", _("Chef de file")
    MEMBER = "member", _("Membre du consortium")
