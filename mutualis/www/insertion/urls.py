from django.urls import path

from . import person_views, staff_views, views

app_name = "insertion"
urlpatterns = [
    # Professionals: caseload and the carnet de bord
    path("insertion/", views.caseload, name="caseload"),
    path("insertion/personnes/nouvelle/", views.beneficiary_create, name="beneficiary_create"),
    path("insertion/suivis/<uuid:public_id>/", views.follow_up_detail, name="follow_up"),
    path("insertion/suivis/<uuid:public_id>/identite/", views.beneficiary_update, name="beneficiary_update"),
    path("insertion/suivis/<uuid:public_id>/diagnostic/", views.diagnostic_create, name="diagnostic_create"),
    path("insertion/suivis/<uuid:public_id>/axes/", views.axis_create, name="axis_create"),
    path("insertion/suivis/<uuid:public_id>/membres/", views.member_add, name="member_add"),
    path("insertion/suivis/<uuid:public_id>/embauche/", views.hire, name="hire"),
    path("insertion/suivis/<uuid:public_id>/sortie/", views.close, name="close"),
    path("insertion/suivis/<uuid:public_id>/situation-6-mois/", views.outcome, name="outcome"),
    path("insertion/suivis/<uuid:public_id>/espace-personnel/", views.person_account, name="person_account"),
    path("insertion/suivis/<uuid:public_id>/consentements/", views.consent_create, name="consent_create"),
    path("insertion/suivis/<uuid:public_id>/sans-solution/", views.review_submit, name="review_submit"),
    path("insertion/diagnostics/<uuid:public_id>/", views.diagnostic_detail, name="diagnostic"),
    path("insertion/axes/<uuid:public_id>/objectifs/", views.objective_create, name="objective_create"),
    path("insertion/objectifs/<uuid:public_id>/statut/", views.objective_update, name="objective_update"),
    path("insertion/objectifs/<uuid:public_id>/actions/", views.action_create, name="action_create"),
    path("insertion/actions/<uuid:public_id>/statut/", views.action_update, name="action_update"),
    path("insertion/membres/<uuid:public_id>/fin/", views.member_end, name="member_end"),
    path("insertion/taches/<uuid:public_id>/faite/", views.task_done, name="task_done"),
    path("insertion/consentements/<uuid:public_id>/retrait/", views.consent_revoke, name="consent_revoke"),
    path("insertion/corrections/<uuid:public_id>/", views.correction_answer, name="correction_answer"),
    # The shared diagnostic model, the « sans solution » review, indicators
    path("insertion/modeles/", staff_views.templates, name="templates"),
    path("insertion/modeles/<uuid:public_id>/", staff_views.template_detail, name="template"),
    path(
        "insertion/modeles/<uuid:public_id>/nouvelle-version/",
        staff_views.template_new_version,
        name="template_new_version",
    ),
    path(
        "insertion/modeles/<uuid:public_id>/publier/", staff_views.template_publish, name="template_publish"
    ),
    path("insertion/sans-solution/", staff_views.reviews, name="reviews"),
    path("insertion/sans-solution/<uuid:public_id>/", staff_views.review_decide, name="review_decide"),
    path("insertion/indicateurs/", staff_views.indicators, name="indicators"),
    # The person's own space
    path("mon-parcours/", person_views.my_journey, name="my_journey"),
    path("mon-parcours/connexion/", person_views.login_request, name="login"),
    path("mon-parcours/connexion/<uidb64>/<token>/", person_views.login_link, name="login_link"),
    path(
        "mon-parcours/objectifs/<uuid:public_id>/accord/",
        person_views.my_objective_agree,
        name="my_objective_agree",
    ),
    path("mon-parcours/mes-donnees/", person_views.my_data, name="my_data"),
    path("mon-parcours/mes-donnees/export.json", person_views.my_export, name="my_export"),
    path("mon-parcours/mes-donnees/export.pdf", person_views.my_export_pdf, name="my_export_pdf"),
    path(
        "mon-parcours/consentements/<uuid:public_id>/retrait/",
        person_views.my_consent_revoke,
        name="my_consent_revoke",
    ),
]
