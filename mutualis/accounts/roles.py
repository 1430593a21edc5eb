from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Direction du GE")
    PLANNER = "planner", _("Planification")
    ACCOUNTANT = "accountant", _("Comptabilité")
    MEMBER_CONTACT = "member_contact", _("Contact adhérent")
    EMPLOYEE = "employee", _("Salarié mis à disposition")
    PARTNER = "partner", _("Professionnel partenaire")
    OBSERVER = "observer", _("Observateur territorial")
    # A user of a territorial organisation (CRGE, DREETS, région, département): works across the GEs
    # of the organisation's territories, with only what each GE agreed to share (mutualis/territories).
    TERRITORIAL_OFFICER = "territorial_officer", _("Chargé de mission territorial")
    # The person accompanied in an insertion journey: her membership is on no GE and no organisation
    # (mutualis/insertion; she signs in by e-mail link).
    PERSON = "person", _("Personne accompagnée")


STAFF_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER, Role.ACCOUNTANT})
# Staff roles that may change the registry (members, sites, employees, contracts).
REGISTRY_WRITE_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER})
