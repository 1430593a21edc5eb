from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "mutualis.recruitment"
    label = "recruitment"
    verbose_name = "Recrutement"
