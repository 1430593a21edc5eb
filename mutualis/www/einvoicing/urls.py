from django.urls import path

from . import views

app_name = "einvoicing"
urlpatterns = [
    path("factures/<uuid:public_id>/deposer/", views.invoice_send, name="invoice_send"),
    path("avoirs/<uuid:public_id>/deposer/", views.credit_note_send, name="credit_note_send"),
    path("factures/<uuid:public_id>/statuts/", views.invoice_refresh, name="invoice_refresh"),
    path("factures/<uuid:public_id>/simulateur/", views.simulator_advance, name="simulator_advance"),
    path("plateforme/", views.platform_settings, name="settings"),
    path("plateforme/tester/", views.platform_test, name="settings_test"),
    path("suivi/", views.dashboard, name="dashboard"),
    path("notifications/<uuid:group_id>/", views.webhook, name="webhook"),
]
