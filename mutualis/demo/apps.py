from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mutualis.demo"
    label = "demo"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the demonstration job kind)
