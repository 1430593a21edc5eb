from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="list"),
    path("sessions/<uuid:public_id>/", views.session_detail, name="session"),
    path("sessions/<uuid:public_id>/partager/", views.session_share, name="share"),
    path("sessions/<uuid:public_id>/inscrire/", views.session_enrol, name="enrol"),
    path("inscriptions/<uuid:public_id>/", views.enrolment_detail, name="enrolment"),
    path("inscriptions/<uuid:public_id>/emarger/", views.enrolment_sign, name="sign"),
    path("inscriptions/<uuid:public_id>/attestation/", views.enrolment_certify, name="certify"),
    path("entretiens/", views.reviews, name="reviews"),
]
