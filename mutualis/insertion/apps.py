from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsertionConfig(AppConfig):
    name = "mutualis.insertion"
    verbose_name = _("Parcours d'insertion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401 — registers the job handlers
