from django.urls import path

from . import views

app_name = "geography"
urlpatterns = [
    path("contours/", views.outlines, name="outlines"),
    path("communes/", views.commune_search, name="commune_search"),
]
