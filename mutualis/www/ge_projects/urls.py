from django.urls import path

from . import views

app_name = "ge_projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("nouveau/", views.project_create, name="create"),
    path("<uuid:public_id>/", views.project_detail, name="detail"),
    path(
        "<uuid:public_id>/employeurs/<uuid:employer_id>/retirer/",
        views.employer_remove,
        name="employer_remove",
    ),
    path("<uuid:public_id>/etude/", views.project_study, name="study"),
    path("<uuid:public_id>/etude.pdf", views.project_study_pdf, name="study_pdf"),
    path("<uuid:public_id>/creer-le-ge/", views.project_create_group, name="create_group"),
]
