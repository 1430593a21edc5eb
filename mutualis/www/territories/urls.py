from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("", views.territory_list, name="list"),
    path("nouveau/", views.territory_create, name="create"),
    path("partage/", views.sharing, name="sharing"),
    path("partage/<uuid:public_id>/", views.sharing_save, name="sharing_save"),
    path("<uuid:public_id>/", views.territory_detail, name="detail"),
    path("<uuid:public_id>/observatoire/", views.observatory, name="observatory"),
    path("<uuid:public_id>/gpec/", views.gpec, name="gpec"),
]
