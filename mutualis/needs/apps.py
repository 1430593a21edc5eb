from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "mutualis.needs"
    label = "needs"
    verbose_name = _("Besoins et consolidation")

    def ready(self):
        from . import handlers  # noqa: F401  (registers the background job kinds)
