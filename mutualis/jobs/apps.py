from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "mutualis.jobs"
    label = "jobs"
