from django.urls import path

from . import views

app_name = "administration"
urlpatterns = [
    path("equipe/", views.team, name="team"),
    path("equipe/<uuid:public_id>/role/", views.change_role, name="change_role"),
    path("equipe/<uuid:public_id>/acces/", views.set_active, name="set_active"),
    path("adherents/<uuid:public_id>/inviter/", views.invite_contact, name="invite_contact"),
    path("salaries/<uuid:public_id>/inviter/", views.invite_employee, name="invite_employee"),
    path("roles-et-droits/", views.roles, name="roles"),
    path("groupement/", views.group_settings, name="group_settings"),
    path("plateforme/nouveau-groupement/", views.group_create, name="group_create"),
]
