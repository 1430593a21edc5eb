from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

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
    path("releves/", include("mutualis.www.timesheets.urls")),
    path("api/v1/", include("mutualis.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("langue/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# Uploaded files (imports) hold personal data: they are never served as static media, only read
# by the views that check the user's rights.
