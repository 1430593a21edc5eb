from django.urls import path

from . import views

app_name = "offer"
urlpatterns = [
    path("", views.search, name="search"),
    path("services/<uuid:public_id>/", views.service_detail, name="service"),
    path("services/<uuid:public_id>/orienter/", views.orient, name="orient"),
    path("services/<uuid:public_id>/demander/", views.request_orientation, name="request"),
    path("services/<uuid:public_id>/modifier/", views.service_edit, name="service_edit"),
    path("services/<uuid:public_id>/statut/", views.service_status, name="service_status"),
    path("mes-services/", views.my_services, name="my_services"),
    path("mes-services/nouveau/", views.service_edit, name="service_create"),
    path("orientations/", views.orientation_list, name="orientations"),
    path("orientations/<uuid:public_id>/", views.orientation_detail, name="orientation"),
    path("reponse/<str:token>/", views.answer, name="answer"),
    path("import/", views.import_upload, name="imports"),
    path("import/<uuid:public_id>/", views.import_detail, name="import"),
    path("export/", views.export, name="export"),
    path("analyse/", views.analysis, name="analysis"),
]
