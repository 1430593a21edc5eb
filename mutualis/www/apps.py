from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "mutualis.www"
    label = "www"
