from django.urls import path

from . import views

app_name = "appointments"
urlpatterns = [
    path("", views.appointment_list, name="list"),
    path("nouveau/", views.appointment_create, name="create"),
    path("<uuid:public_id>/", views.appointment_detail, name="detail"),
    path("<uuid:public_id>/modifier/", views.appointment_update, name="update"),
    path("<uuid:public_id>/annuler/", views.appointment_cancel, name="cancel"),
    path("<uuid:public_id>/statut/", views.appointment_status, name="status"),
    path("<uuid:public_id>/rendez-vous.ics", views.appointment_ics, name="ics"),
    path("agenda/", views.feed_page, name="feed_page"),
    path("agenda/renouveler/", views.feed_renew, name="feed_renew"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
    path("creneaux/", views.slots, name="slots"),
    path("creneaux/<uuid:public_id>/retirer/", views.slot_withdraw, name="slot_withdraw"),
    path("creneaux/inviter/", views.invite, name="invite"),
    path("reserver/<str:token>/", views.book, name="book"),
]
