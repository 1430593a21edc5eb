from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "mutualis.imports"
    label = "imports"
