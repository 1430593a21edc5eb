from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mutualis.core"
    label = "core"

    def ready(self):
        from . import fields

        fields.install()
