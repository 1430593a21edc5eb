from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:public_id>/", views.job_detail, name="detail"),
    path("<uuid:public_id>/avancement/", views.job_progress, name="progress"),
    path("<uuid:public_id>/annuler/", views.job_cancel, name="cancel"),
]
