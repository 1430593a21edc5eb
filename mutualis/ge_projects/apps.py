from django.apps import AppConfig


class GeProjectsConfig(AppConfig):
    name = "mutualis.ge_projects"
    label = "ge_projects"
    verbose_name = "Projets de GE"
