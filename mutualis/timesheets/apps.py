from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    name = "mutualis.timesheets"
    label = "timesheets"
