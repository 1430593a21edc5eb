from rest_framework.routers import DefaultRouter

from mutualis.www.needs import api as needs_api

from . import billing as billing_api
from . import timesheets as timesheets_api
from . import views

app_name = "api"
router = DefaultRouter()
router.register("members", views.MemberViewSet, basename="member")
router.register("sites", views.SiteViewSet, basename="site")
router.register("employees", views.EmployeeViewSet, basename="employee")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("memberships", views.MembershipViewSet, basename="membership")
# Needs, census campaigns, consolidations, positions (issue 4).
for prefix, viewset, basename in needs_api.ROUTES:
    router.register(prefix, viewset, basename=basename)
# Assignments, absences, timesheets and their entries (issue 5).
for prefix, viewset, basename in timesheets_api.ROUTES:
    router.register(prefix, viewset, basename=basename)
# Billing runs, invoices, credit notes, payments (issue 6).
for prefix, viewset, basename in billing_api.ROUTES:
    router.register(prefix, viewset, basename=basename)
urlpatterns = router.urls
