from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"
router = DefaultRouter()
router.register("members", views.MemberViewSet, basename="member")
router.register("sites", views.SiteViewSet, basename="site")
router.register("employees", views.EmployeeViewSet, basename="employee")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("skills", views.SkillViewSet, basename="skill")
urlpatterns = router.urls
