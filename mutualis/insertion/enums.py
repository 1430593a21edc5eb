"""Stored values of the insertion domain (ASCII), with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """Themes of the shared diagnostic (data·inclusion categories, plus disability)."""

    EMPLOYMENT = "employment", _("Emploi")
    TRAINING = "training", _("Formation")
    MOBILITY = "mobility", _("Mobilité")
    HOUSING = "housing", _("Logement")
    HEALTH = "health", _("Santé")
    CHILDCARE = "childcare", _("Garde d'enfants")
    DIGITAL = "digital", _("Numérique")
    FINANCES = "finances", _("Budget et finances")
    ADMINISTRATIVE = "administrative", _("Démarches administratives")
    DISABILITY = "disability", _("Handicap")


# Health and social themes: never in an e-mail, an SMS or an export meant for members (DESIGN).
SENSITIVE_THEMES = frozenset(
    {Theme.HEALTH, Theme.DISABILITY, Theme.HOUSING, Theme.FINANCES, Theme.CHILDCARE, Theme.ADMINISTRATIVE}
)


class QuestionKind(models.TextChoices):
    YES_NO_UNKNOWN = "yes_no_unknown", _("Oui / non / ne sait pas")
    CHOICE = "choice", _("Choix unique")
    MULTI = "multi", _("Choix multiple")
    TEXT = "text", _("Texte libre")
    SCALE = "scale", _("Échelle")


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    RETIRED = "retired", _("Retirée")


class ConstraintStatus(models.TextChoices):
    NOT_DISCUSSED = "not_discussed", _("Non abordée")
    YES = "yes", _("Oui")
    RESOLVED = "resolved", _("Levée")


class DiagnosticStatus(models.TextChoices):
    COMPLETED = "completed", _("En vigueur")
    SUPERSEDED = "superseded", _("Remplacé")


class EducationLevel(models.TextChoices):
    NONE = "none", _("Sans diplôme")
    LEVEL_3 = "level_3", _("CAP, BEP (niveau 3)")
    LEVEL_4 = "level_4", _("Baccalauréat (niveau 4)")
    LEVEL_5 = "level_5", _("Bac + 2 (niveau 5)")
    LEVEL_6 = "level_6", _("Bac + 3 et plus (niveau 6 et plus)")
    UNKNOWN = "unknown", _("Non renseigné")


class Right(models.TextChoices):
    """Rights and recognitions the person holds (social data)."""

    RSA = "rsa", _("RSA")
    RQTH = "rqth", _("RQTH")
    ARE = "are", _("Allocation chômage (ARE)")
    ASS = "ass", _("ASS")
    AAH = "aah", _("AAH")
    CEJ = "cej", _("Contrat d'engagement jeune")


class FollowUpStatus(models.TextChoices):
    ACTIVE = "active", _("Accompagnement en cours")
    POST_HIRE = "post_hire", _("Suivi dans l'emploi")
    CLOSED = "closed", _("Sorti")


class ExitOutcome(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD_LONG = "cdd_long", _("CDD de 6 mois ou plus")
    CDD_SHORT = "cdd_short", _("CDD de moins de 6 mois")
    TEMPORARY_WORK = "temporary_work", _("Intérim")
    TRAINING = "training", _("Formation")
    BUSINESS_CREATION = "business_creation", _("Création d'entreprise")
    OTHER = "other", _("Autre")


# Outcomes that count as a durable job or a positive exit in the indicators (docs/insertion.md).
DURABLE_OUTCOMES = frozenset({ExitOutcome.CDI, ExitOutcome.CDD_LONG, ExitOutcome.BUSINESS_CREATION})
POSITIVE_OUTCOMES = DURABLE_OUTCOMES | {
    ExitOutcome.CDD_SHORT,
    ExitOutcome.TEMPORARY_WORK,
    ExitOutcome.TRAINING,
}


class MemberRole(models.TextChoices):
    REFERENT = "referent", _("Référent de parcours")
    MEMBER = "member", _("Professionnel")
    READONLY = "readonly", _("Lecture seule")


class ObjectiveStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Atteint")
    ABANDONED = "abandoned", _("Abandonné")


class LinkedContract(models.TextChoices):
    NONE = "none", _("Aucun")
    CER = "cer", _("Contrat d'engagements réciproques")
    PPAE = "ppae", _("Projet personnalisé d'accès à l'emploi")
    CEJ = "cej", _("Contrat d'engagement jeune")
    PACEA = "pacea", _("PACEA")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    ABANDONED = "abandoned", _("Abandonnée")
    CANCELLED = "cancelled", _("Annulée")


OPEN_ACTION_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})


class TaskKind(models.TextChoices):
    POST_HIRE_1 = "post_hire_1", _("Point à 1 mois dans l'emploi")
    POST_HIRE_3 = "post_hire_3", _("Point à 3 mois dans l'emploi")
    POST_HIRE_6 = "post_hire_6", _("Point à 6 mois dans l'emploi (fin du suivi)")
    OUTCOME_6M = "outcome_6m", _("Situation 6 mois après la sortie")


class Part(models.TextChoices):
    """The parts of a person's data a consent grants."""

    IDENTITY = "identity", _("Identité et situation")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    PLAN = "plan", _("Plan d'action et suivi")
    APPOINTMENTS = "appointments", _("Rendez-vous")
    DOCUMENTS = "documents", _("Documents")


class Purpose(models.TextChoices):
    ACCOMPANIMENT = "accompaniment", _("Accompagnement du parcours")
    RECRUITMENT = "recruitment", _("Candidature auprès d'un employeur")
    ORIENTATION = "orientation", _("Orientation vers un service")
    POST_HIRE = "post_hire", _("Suivi dans l'emploi")
    REVIEW = "review", _("Examen en commission « sans solution »")


class GivenVia(models.TextChoices):
    SIGNED = "signed", _("Formulaire signé")
    ONLINE = "online", _("En ligne, par la personne")
    ORAL = "oral", _("Oral, enregistré par un professionnel")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("À traiter")
    DONE = "done", _("Corrigé")
    REJECTED = "rejected", _("Refusé")


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Soumise")
    DECIDED = "decided", _("Décision prise")
    WITHDRAWN = "withdrawn", _("Retirée")


class ReviewDecision(models.TextChoices):
    ORIENTATION = "orientation", _("Orientation vers une autre structure ou un service")
    NEW_ACTIONS = "new_actions", _("Nouvelles actions dans le parcours")
    REINFORCED = "reinforced", _("Accompagnement renforcé")
    REFERENT_CHANGE = "referent_change", _("Changement de référent")
    OTHER = "other", _("Autre")
