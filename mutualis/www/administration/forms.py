from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.billing.models import BillingSettings
from mutualis.employer_groups.models import EmployerGroup

STAFF_CHOICES = [(role.value, role.label) for role in Role if role in STAFF_ROLES]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Adresse électronique"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)


class StaffInviteForm(InviteForm):
    role = forms.ChoiceField(label=_("Rôle"), choices=[("", _("Choisissez un rôle")), *STAFF_CHOICES])


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Nouveau rôle"), choices=STAFF_CHOICES)


class GroupSettingsForm(forms.ModelForm):
    class Meta:
        model = EmployerGroup
        fields = [
            "name",
            "legal_form",
            "siren",
            "siret",
            "address",
            "postcode",
            "city",
            "idcc",
            "opco",
            "vat_regime",
            "default_billing_coefficient",
            "invoice_prefix",
        ]


class PaymentTermsForm(forms.ModelForm):
    class Meta:
        model = BillingSettings
        fields = ["payment_terms_days", "vat_on_debits", "reminder_interval_days"]


class NewGroupForm(forms.ModelForm):
    director_email = forms.EmailField(
        label=_("Adresse électronique de la première directrice ou du premier directeur")
    )
    director_first_name = forms.CharField(label=_("Son prénom"), max_length=150, required=False)
    director_last_name = forms.CharField(label=_("Son nom"), max_length=150, required=False)

    class Meta:
        model = EmployerGroup
        fields = [
            "name",
            "slug",
            "legal_form",
            "siren",
            "siret",
            "address",
            "postcode",
            "city",
            "idcc",
            "opco",
            "vat_regime",
            "default_billing_coefficient",
            "invoice_prefix",
        ]
