from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "mutualis.appointments"
    label = "appointments"
    verbose_name = "Rendez-vous"
