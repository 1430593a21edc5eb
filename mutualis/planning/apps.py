from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "mutualis.planning"
    label = "planning"
