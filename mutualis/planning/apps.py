from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "mutualis.planning"
    label = "planning"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the full-check job kind)
