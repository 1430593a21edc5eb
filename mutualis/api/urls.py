"""One router for the whole API (/api/v1/). Each domain's module under `mutualis/api/` exports its
`ROUTES` (prefix, viewset, basename); adding a domain is one line in `DOMAINS`."""

from rest_framework.routers import DefaultRouter

from mutualis.api import funding as funding_api
from mutualis.api import needs as needs_api
from mutualis.api.appointments import views as appointments_api
from mutualis.api.exchange import views as exchange_api
from mutualis.api.ge_projects import views as ge_projects_api
from mutualis.api.offer import views as offer_api
from mutualis.api.recruitment import views as recruitment_api
from mutualis.api.territories import views as territories_api
from mutualis.api.training import views as training_api

from . import administration as administration_api
from . import billing as billing_api
from . import einvoicing as einvoicing_api
from . import geography as geography_api
from . import insertion as insertion_api
from . import timesheets as timesheets_api
from . import views

REGISTRY_ROUTES = [
    ("members", views.MemberViewSet, "member"),
    ("sites", views.SiteViewSet, "site"),
    ("employees", views.EmployeeViewSet, "employee"),
    ("contracts", views.ContractViewSet, "contract"),
    ("skills", views.SkillViewSet, "skill"),
    ("memberships", views.MembershipViewSet, "membership"),
]

DOMAINS = [
    REGISTRY_ROUTES,  # members, sites, employees, contracts, skills, memberships
    needs_api.ROUTES,  # needs, census campaigns, consolidations, positions
    timesheets_api.ROUTES,  # assignments, absences, timesheets and their entries
    billing_api.ROUTES,  # billing runs, invoices, credit notes, payments
    einvoicing_api.ROUTES,  # the GE's approved platform (settings, connection test), documents to look at
    administration_api.ROUTES,  # team and invitations, dated rates, the SMIC table
    appointments_api.ROUTES,  # appointments
    recruitment_api.ROUTES,  # job offers, candidates, applications and the hire
    geography_api.ROUTES,  # communes and their containment
    insertion_api.ROUTES,  # people accompanied, diagnostics, follow-ups, consents, the person's own
    offer_api.ROUTES,  # the local offer: structures, services, search, imports, orientations
    funding_api.ROUTES,  # funding calls and applications
    territories_api.ROUTES,  # territories, sharing agreements, GPEC forecasts, the observatory
    ge_projects_api.ROUTES,  # GE projects before the GE, their study, « Créer le GE »
    exchange_api.ROUTES,  # the job exchange between GEs
    training_api.ROUTES,  # training shared between GEs: catalogue, sessions, enrolments, funding, reviews
]

app_name = "api"
router = DefaultRouter()
for routes in DOMAINS:
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)
urlpatterns = router.urls
