from django.urls import path

from . import views

app_name = "einvoicing"
urlpatterns = [
    path("factures/<uuid:public_id>/deposer/", views.invoice_send, name="invoice_send"),
    path("avoirs/<uuid:public_id>/deposer/", views.credit_note_send, name="credit_note_send"),
    path("factures/<uuid:public_id>/statuts/", views.invoice_refresh, name="invoice_refresh"),
    path("factures/<uuid:public_id>/simulateur/", views.simulator_advance, name="simulator_advance"),
]
