from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "mutualis.training"
    label = "training"
    verbose_name = "Formation"
