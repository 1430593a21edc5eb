from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "mutualis.imports"
    label = "imports"

    def ready(self):
        from . import handlers  # noqa: F401  (registers the background-job kinds)
