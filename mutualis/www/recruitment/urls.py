from django.urls import path

from . import views

app_name = "recruitment"
urlpatterns = [
    path("recrutement/", views.offer_list, name="offers"),
    path("recrutement/postes/<uuid:public_id>/offre/", views.offer_from_position, name="offer_from_position"),
    path("recrutement/postes/<uuid:public_id>/affecter/", views.position_staff, name="position_staff"),
    path("recrutement/offres/<uuid:public_id>/", views.offer_detail, name="offer"),
    path("recrutement/offres/<uuid:public_id>/modifier/", views.offer_edit, name="offer_edit"),
    path("recrutement/offres/<uuid:public_id>/statut/", views.offer_status, name="offer_status"),
    path("recrutement/offres/<uuid:public_id>/candidats/", views.offer_matches, name="offer_matches"),
    path(
        "recrutement/offres/<uuid:public_id>/candidature/",
        views.offer_add_application,
        name="offer_add_application",
    ),
    path("recrutement/candidats/", views.candidate_list, name="candidates"),
    path("recrutement/candidats/nouveau/", views.candidate_create, name="candidate_create"),
    path("recrutement/candidats/<uuid:public_id>/", views.candidate_detail, name="candidate"),
    path("recrutement/candidats/<uuid:public_id>/modifier/", views.candidate_edit, name="candidate_edit"),
    path("recrutement/candidatures/<uuid:public_id>/", views.application_detail, name="application"),
    path(
        "recrutement/candidatures/<uuid:public_id>/statut/",
        views.application_transition,
        name="application_transition",
    ),
    path(
        "recrutement/candidatures/<uuid:public_id>/embaucher/",
        views.application_hire,
        name="application_hire",
    ),
    path(
        "recrutement/candidatures/<uuid:public_id>/entretien/",
        views.application_interview,
        name="application_interview",
    ),
    path("recrutement/candidatures/<uuid:public_id>/cv/", views.application_cv, name="application_cv"),
    path("recrutement/selection/", views.shortlist, name="shortlist"),
    path("recrutement/orientations/", views.sent, name="sent"),
    path("offres/", views.public_offers, name="public_offers"),
    path("offres/offres.json", views.public_export, name="public_export"),
    path("offres/<uuid:public_id>/", views.public_offer, name="public_offer"),
]
