from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("salaries/<uuid:public_id>/semaine/", views.employee_week, name="employee_week"),
    path(
        "salaries/<uuid:public_id>/mises-a-disposition/nouvelle/",
        views.assignment_create,
        name="assignment_create",
    ),
    path("salaries/<uuid:public_id>/absences/nouvelle/", views.absence_create, name="absence_create"),
    path(
        "mises-a-disposition/<uuid:public_id>/changement/",
        views.exception_create,
        name="exception_create",
    ),
    path(
        "conventions/<uuid:member_id>/<uuid:employee_id>.pdf",
        views.placement_agreement_pdf,
        name="agreement_pdf",
    ),
    path("regles/", views.rule_list, name="rules"),
    path("regles/<uuid:public_id>/", views.rule_update, name="rule_update"),
]
