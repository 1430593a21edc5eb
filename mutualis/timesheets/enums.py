from django.db import models
from django.utils.translation import gettext_lazy as _


class TimesheetStatus(models.TextChoices):
    DRAFT = "draft", _("En cours de saisie")
    SUBMITTED = "submitted", _("Envoyé par le salarié")
    VALIDATED = "validated", _("Validé par l'adhérent")
    DISPUTED = "disputed", _("Contesté par l'adhérent")
    CLOSED = "closed", _("Clôturé par le groupement")


# Statuses in which the employee (or GE staff) may still correct actual hours.
CORRECTABLE = (TimesheetStatus.DRAFT, TimesheetStatus.SUBMITTED, TimesheetStatus.DISPUTED)
# Statuses regenerated from the planning (the others keep what was sent, validated or closed).
REGENERATED = (TimesheetStatus.DRAFT, TimesheetStatus.DISPUTED)
# Statuses that still wait for the member's validation.
AWAITING_VALIDATION = (TimesheetStatus.DRAFT, TimesheetStatus.SUBMITTED, TimesheetStatus.DISPUTED)


class EventKind(models.TextChoices):
    GENERATED = "generated", _("Relevé créé depuis le planning")
    REGENERATED = "regenerated", _("Heures prévues mises à jour depuis le planning")
    CORRECTED = "corrected", _("Heures réelles corrigées")
    SUBMITTED = "submitted", _("Relevé envoyé à l'adhérent")
    VALIDATED = "validated", _("Relevé validé")
    DISPUTED = "disputed", _("Journée contestée")
    CLOSED = "closed", _("Mois clôturé")
    REMINDED = "reminded", _("Relance envoyée")


class CalendarKind(models.TextChoices):
    EMPLOYEE = "employee", _("Planning d'un salarié")
    MEMBER = "member", _("Planning chez un adhérent")
