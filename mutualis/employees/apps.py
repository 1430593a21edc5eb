from django.apps import AppConfig


class EmployeesConfig(AppConfig):
    name = "mutualis.employees"
    label = "employees"
