from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "mutualis.billing"
    label = "billing"
    verbose_name = _("Facturation")

    def ready(self):
        from . import jobs  # noqa: F401  (registers the billing-run job kind)
