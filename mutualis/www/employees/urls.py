from django.urls import path

from . import views

app_name = "employees"
urlpatterns = [
    path("", views.employee_list, name="list"),
    path("nouveau/", views.employee_create, name="create"),
    path("<uuid:public_id>/", views.employee_detail, name="detail"),
    path("<uuid:public_id>/modifier/", views.employee_update, name="update"),
    path("<uuid:public_id>/archiver/", views.employee_archive, name="archive"),
    path("<uuid:public_id>/desarchiver/", views.employee_unarchive, name="unarchive"),
    path("<uuid:public_id>/contrats/nouveau/", views.contract_create, name="contract_create"),
    path("contrats/", views.contract_list, name="contracts"),
    path("contrats/<uuid:public_id>/", views.contract_detail, name="contract_detail"),
    path("contrats/<uuid:public_id>/modifier/", views.contract_update, name="contract_update"),
    path("contrats/<uuid:public_id>/archiver/", views.contract_archive, name="contract_archive"),
    path("contrats/<uuid:public_id>/desarchiver/", views.contract_unarchive, name="contract_unarchive"),
    path("contrats/<uuid:public_id>/annexe-l1253-9.pdf", views.contract_annex_pdf, name="contract_annex_pdf"),
]
