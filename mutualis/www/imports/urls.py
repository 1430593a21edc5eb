from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("modeles/<slug:kind>.<slug:fmt>", views.import_template, name="template"),
    path("<uuid:public_id>/", views.import_detail, name="detail"),
    path("<uuid:public_id>/importer/", views.import_confirm, name="confirm"),
    path("<uuid:public_id>/relancer/", views.import_retry, name="retry"),
]
