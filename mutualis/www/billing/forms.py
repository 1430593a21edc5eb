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


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("La date de fin précède la date de début."))
        return data
