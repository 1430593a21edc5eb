from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from mutualis.core.access import public
from mutualis.www.operations import views as operations

handler404 = "mutualis.api.errors.page_not_found"  # JSON under /api/, HTML elsewhere

urlpatterns = [
    path("", include("mutualis.www.dashboard.urls")),
    path("comptes/", include("mutualis.www.accounts.urls")),
    path("adherents/", include("mutualis.www.members.urls")),
    path("salaries/", include("mutualis.www.employees.urls")),
    path("imports/", include("mutualis.www.imports.urls")),
    path("taches/", include("mutualis.www.jobs.urls")),
    path("planning/", include("mutualis.www.planning.urls")),
    path("besoins/", include("mutualis.www.needs.urls")),
    path("facturation/", include("mutualis.www.billing.urls")),
    path("administration/", include("mutualis.www.administration.urls")),
    path("releves/", include("mutualis.www.timesheets.urls")),
    path("rendez-vous/", include("mutualis.www.appointments.urls")),
    path("facturation-electronique/", include("mutualis.www.einvoicing.urls")),
    path("geographie/", include("mutualis.www.geography.urls")),
    path("referentiel/", include("mutualis.www.referential.urls")),
    path("financements/", include("mutualis.www.funding.urls")),
    path("offre/", include("mutualis.www.offer.urls")),
    path("territoires/", include("mutualis.www.territories.urls")),
    path("projets-de-ge/", include("mutualis.www.ge_projects.urls")),
    path("bourse-emplois/", include("mutualis.www.exchange.urls")),
    path("formation/", include("mutualis.www.training.urls")),
    path("", include("mutualis.www.insertion.urls")),
    path("", include("mutualis.www.recruitment.urls")),
    path("api/v1/", include("mutualis.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("langue/", public(set_language), name="set_language"),
    path("sante/", operations.health, name="health"),  # health check of a deployment (docs/production.md)
    path("admin/", admin.site.urls),
]

# Uploaded files (imports) hold personal data: they are never served as static media, only read
# by the views that check the user's rights.
