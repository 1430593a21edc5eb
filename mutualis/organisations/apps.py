from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "mutualis.organisations"
    verbose_name = _("Organisations partenaires")
    default_auto_field = "django.db.models.BigAutoField"
