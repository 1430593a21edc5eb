from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("", views.need_list, name="list"),
    path("nouveau/", views.need_create, name="create"),
    path("importer/", views.need_import, name="import"),
    path("<uuid:public_id>/", views.need_detail, name="detail"),
    path("<uuid:public_id>/modifier/", views.need_update, name="update"),
    path("<uuid:public_id>/retirer/", views.need_withdraw, name="withdraw"),
    path("consolidations/", views.run_list, name="runs"),
    path("consolidations/nouvelle/", views.run_create, name="run_create"),
    path("consolidations/comparer/", views.run_compare, name="run_compare"),
    path("consolidations/<uuid:public_id>/", views.run_detail, name="run_detail"),
    path("consolidations/<uuid:public_id>/accepter/", views.run_accept, name="run_accept"),
    path("consolidations/<uuid:public_id>/relancer/", views.run_rerun, name="run_rerun"),
    path("consolidations/<uuid:public_id>/reprendre/", views.run_retry, name="run_retry"),
    path("consolidations/<uuid:public_id>/instance.json", views.run_instance, name="run_instance"),
    path("consolidations/<uuid:public_id>/etude.xlsx", views.run_report, name="run_report"),
    path("consolidations/<uuid:public_id>/etude.pdf", views.run_study_pdf, name="run_study_pdf"),
    path(
        "consolidations/<uuid:public_id>/etude-pdf/generer/",
        views.run_study_pdf_build,
        name="run_study_pdf_build",
    ),
    path("postes/", views.position_list, name="positions"),
    path("postes/<uuid:public_id>/", views.position_detail, name="position_detail"),
]
urlpatterns += [
    path("campagnes/", views.campaign_list, name="campaigns"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("campagnes/<uuid:public_id>/", views.campaign_detail, name="campaign_detail"),
    path("campagnes/<uuid:public_id>/statut/", views.campaign_status, name="campaign_status"),
    # Public pages of a census campaign: no account, addressed by unguessable tokens.
    path("recensement/<str:token>/", views.census_form, name="census_form"),
    path("recensement/confirmer/<str:token>/", views.census_confirm, name="census_confirm"),
]
urlpatterns += [
    # Feasibility studies of census campaigns: staff and territorial observers, anonymised.
    path("etudes/", views.study_list, name="studies"),
    path("etudes/campagnes/<uuid:public_id>/lancer/", views.study_start, name="study_start"),
    path("etudes/<uuid:public_id>/", views.study_detail, name="study"),
]
