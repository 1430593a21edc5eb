from django.urls import path

from . import views

app_name = "referential"
urlpatterns = [
    path("competences/", views.skills, name="skills"),
    path("competences/options/", views.skill_options, name="skill_options"),
    path("metiers/options/", views.job_options, name="job_options"),
]
