from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("", views.run_list, name="runs"),
    path("lancer/", views.run_start, name="run_start"),
    path("facturations/<uuid:public_id>/", views.run_detail, name="run_detail"),
    path("facturations/<uuid:public_id>/emettre/", views.run_issue, name="run_issue"),
    path("facturations/<uuid:public_id>/relancer/", views.run_retry, name="run_retry"),
    path("facturations/<uuid:public_id>/supprimer/", views.run_delete, name="run_delete"),
    path("smic/", views.minimum_wages, name="minimum_wages"),
    path("factures/", views.invoice_list, name="invoices"),
    path("factures/<uuid:public_id>/", views.invoice_detail, name="invoice_detail"),
    path("factures/<uuid:public_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("factures/<uuid:public_id>/facturx/", views.invoice_facturx, name="invoice_facturx"),
    path("factures/<uuid:public_id>/avoir/", views.credit_note_create, name="credit_note_create"),
    path("avoirs/<uuid:public_id>/pdf/", views.credit_note_pdf, name="credit_note_pdf"),
    path("factures/<uuid:public_id>/ubl/", views.invoice_ubl, name="invoice_ubl"),
    path("avoirs/<uuid:public_id>/ubl/", views.credit_note_ubl, name="credit_note_ubl"),
    path("soldes/", views.balances, name="balances"),
    path("aides/", views.aids_report, name="aids"),
    path("export-comptable/", views.accounting_export, name="accounting_export"),
    # Second part of issue 6.
    path("parametres/", views.settings_page, name="settings"),
    path("parametres/<slug:kind>/ajouter/", views.rate_create, name="rate_create"),
    path("parametres/<slug:kind>/<uuid:public_id>/supprimer/", views.rate_delete, name="rate_delete"),
    path("factures/<uuid:public_id>/paiement/", views.payment_create, name="payment_create"),
    path("impayes/", views.unpaid, name="unpaid"),
    path("impayes/relancer/", views.reminders_send, name="reminders_send"),
    path("regularisation-annuelle/", views.true_up, name="true_up"),
    path("egalite-de-traitement/", views.equal_treatment, name="equal_treatment"),
    path("modele-economique/", views.economic_model, name="economic_model"),
    path("variables-de-paie/", views.payroll_export, name="payroll_export"),
]
