from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("appels/<uuid:public_id>/", views.call_detail, name="call"),
    path("nouvelle/", views.application_create, name="create"),
    path("<uuid:public_id>/", views.application_detail, name="detail"),
    path("<uuid:public_id>/modifier/", views.application_update, name="update"),
    path("<uuid:public_id>/budget/", views.application_budget, name="budget"),
    path("<uuid:public_id>/budget/controle/", views.budget_check, name="budget_check"),
    path("<uuid:public_id>/consortium/", views.application_consortium, name="consortium"),
    path("<uuid:public_id>/consortium/lettre/", views.letter_add, name="letter"),
    path("<uuid:public_id>/axes/<int:position>/", views.axis_edit, name="axis"),
    path("<uuid:public_id>/export/<str:fmt>/", views.application_export, name="export"),
    path("<uuid:public_id>/deposer/", views.application_submit, name="submit"),
    path("<uuid:public_id>/decision/", views.application_decision, name="decision"),
    path("<uuid:public_id>/depenses/", views.expense_add, name="expense"),
    path("<uuid:public_id>/pieces/", views.evidence_add, name="evidence"),
    path("<uuid:public_id>/pieces/<uuid:evidence_id>/", views.evidence_download, name="evidence_file"),
    path("<uuid:public_id>/indicateurs/", views.report_add, name="report"),
]
