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


STAFF_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER, Role.ACCOUNTANT})
# Staff roles that may change the registry (members, sites, employees, contracts).
REGISTRY_WRITE_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER})
