from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("nouveau/", views.member_create, name="create"),
    path("<uuid:public_id>/", views.member_detail, name="detail"),
    path("<uuid:public_id>/modifier/", views.member_update, name="update"),
    path("<uuid:public_id>/archiver/", views.member_archive, name="archive"),
    path("<uuid:public_id>/desarchiver/", views.member_unarchive, name="unarchive"),
    path("<uuid:public_id>/sites/nouveau/", views.site_create, name="site_create"),
    path("sites/", views.site_list, name="sites"),
    path("sites/<uuid:public_id>/", views.site_detail, name="site_detail"),
    path("sites/<uuid:public_id>/modifier/", views.site_update, name="site_update"),
    path("sites/<uuid:public_id>/archiver/", views.site_archive, name="site_archive"),
    path("sites/<uuid:public_id>/desarchiver/", views.site_unarchive, name="site_unarchive"),
]
