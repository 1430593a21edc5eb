from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "mutualis.referential"
    label = "referential"
    verbose_name = "Référentiel des métiers (ROME)"
