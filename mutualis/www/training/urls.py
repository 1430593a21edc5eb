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
    path("inscriptions/<uuid:public_id>/pieces/", views.enrolment_document, name="document_add"),
    path("pieces/<uuid:public_id>/", views.document_download, name="document"),
    path("entretiens/", views.reviews, name="reviews"),
    path("entretiens/<uuid:public_id>/compte-rendu.pdf", views.review_pdf, name="review_pdf"),
    path("plans/", views.plans, name="plans"),
    path("plans/<uuid:public_id>/", views.plan_detail, name="plan"),
    path("plans/<uuid:public_id>/besoins/", views.plan_draw, name="plan_draw"),
    path("plans/<uuid:public_id>/lignes/", views.plan_line_add, name="plan_line_add"),
    path("lignes/<uuid:public_id>/supprimer/", views.plan_line_delete, name="plan_line_delete"),
    path("ventes/", views.sales, name="sales"),
    path("demandes/", views.requests, name="requests"),
    path("demandes/<uuid:public_id>/decision/", views.request_decide, name="request_decide"),
]
