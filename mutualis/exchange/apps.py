from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "mutualis.exchange"
    label = "exchange"
    verbose_name = "Bourse d'emplois"
