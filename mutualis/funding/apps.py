from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "mutualis.funding"
    label = "funding"
    verbose_name = "Demandes de financement"
