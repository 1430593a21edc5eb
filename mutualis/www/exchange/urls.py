from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("publier/", views.post_create, name="create"),
    path("<uuid:public_id>/", views.post_detail, name="detail"),
    path("<uuid:public_id>/clore/", views.post_close, name="close"),
    path("reponses/<uuid:public_id>/decision/", views.response_decide, name="decide"),
]
