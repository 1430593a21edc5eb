from django.apps import AppConfig


class EinvoicingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mutualis.einvoicing"
    verbose_name = "Facturation électronique"
