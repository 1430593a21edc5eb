from django.apps import AppConfig


class EmployerGroupsConfig(AppConfig):
    name = "mutualis.employer_groups"
    label = "employer_groups"
