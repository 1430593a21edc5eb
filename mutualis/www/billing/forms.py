import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.billing.models import BillingMode


class RunForm(forms.Form):
    month = forms.DateField(
        label=_("Mois à facturer"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Format AAAA-MM."),
    )
    mode = forms.ChoiceField(label=_("Base de facturation"), choices=BillingMode.choices)

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'avoir"), max_length=250)


def default_month():
    today = datetime.date.today()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
