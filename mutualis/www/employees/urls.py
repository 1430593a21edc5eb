app_name = "employees"
urlpatterns = []
