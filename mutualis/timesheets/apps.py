from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    name = "mutualis.timesheets"
    label = "timesheets"

    def ready(self):
        from mutualis.accounts.signals import membership_deactivated

        from .calendars import replace_token_of_deactivated

        membership_deactivated.connect(replace_token_of_deactivated, dispatch_uid="timesheets-calendar-token")
