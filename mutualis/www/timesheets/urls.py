from django.urls import path

from . import views

app_name = "timesheets"
urlpatterns = [
    path("", views.index, name="index"),
    path("mois/<int:year>-<int:month>/", views.overview, name="overview"),
    path("mois/<int:year>-<int:month>/generer/", views.generate, name="generate"),
    path("mois/<int:year>-<int:month>/cloturer/", views.close, name="close"),
    path("mois/<int:year>-<int:month>/relancer/", views.remind, name="remind"),
    path("mois/<int:year>-<int:month>/export.<str:fmt>", views.export, name="export"),
    path("salaries/<uuid:public_id>/<int:year>-<int:month>/", views.employee_month, name="employee_month"),
    path("adherents/<uuid:public_id>/<int:year>-<int:month>/", views.member_month, name="member_month"),
    path("releve/<uuid:public_id>/", views.detail, name="detail"),
    path("releve/<uuid:public_id>/envoyer/", views.submit, name="submit"),
    path("releve/<uuid:public_id>/valider/", views.validate, name="validate"),
    path("releve/<uuid:public_id>/contester/", views.dispute, name="dispute"),
    path("lignes/<uuid:public_id>/", views.entry_correct, name="entry_correct"),
    path("calendriers/salaries/<uuid:public_id>/", views.calendar_employee, name="calendar_employee"),
    path("calendriers/adherents/<uuid:public_id>/", views.calendar_member, name="calendar_member"),
    path("calendrier/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
