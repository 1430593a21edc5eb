from django.urls import path

from . import grids, views

app_name = "planning"
urlpatterns = [
    path("semaine/", grids.group_week, name="group_week"),
    path("verification/", grids.full_check, name="full_check"),
    path("verification/<uuid:public_id>/", grids.check_result, name="check_result"),
    path("moi/semaine/", grids.my_week, name="my_week"),
    path("moi/mois/", grids.my_month, name="my_month"),
    path("adherents/<uuid:public_id>/semaine/", grids.member_week, name="member_week"),
    path("salaries/<uuid:public_id>/semaine/", views.employee_week, name="employee_week"),
    path("salaries/<uuid:public_id>/mois/", grids.employee_month, name="employee_month"),
    path("salaries/<uuid:public_id>/conflits/", grids.employee_conflicts, name="employee_conflicts"),
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
    path("mises-a-disposition/<uuid:public_id>/modifier/", views.assignment_update, name="assignment_update"),
    path("mises-a-disposition/<uuid:public_id>/terminer/", views.assignment_end, name="assignment_end"),
    path("mises-a-disposition/<uuid:public_id>/deplacer/", grids.block_move, name="block_move"),
    path(
        "conventions/<uuid:member_id>/<uuid:employee_id>.pdf",
        views.placement_agreement_pdf,
        name="agreement_pdf",
    ),
    path("priorites/", grids.priority_rules, name="priority_rules"),
    path("priorites/<uuid:public_id>/supprimer/", grids.priority_rule_delete, name="priority_rule_delete"),
    path("regles/", views.rule_list, name="rules"),
    path("regles/<uuid:public_id>/", views.rule_update, name="rule_update"),
]
