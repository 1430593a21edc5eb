from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class EntryCorrectionForm(forms.Form):
    actual_start = forms.TimeField(label=_("Heure d'arrivée"), required=False, widget=TimeInput())
    actual_end = forms.TimeField(
        label=_("Heure de départ"),
        required=False,
        widget=TimeInput(),
        help_text=_("Avant l'heure d'arrivée : le lendemain (travail de nuit)."),
    )
    not_worked = forms.BooleanField(label=_("Je n'ai pas travaillé ce jour-là"), required=False)
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "La raison de l'écart, pour l'adhérent. Obligatoire pour des heures inhabituelles "
            "(plus que la durée maximale d'une journée, bien plus que prévu, ou la nuit sans que ce soit prévu)."
        ),
    )

    # Both times are required unless not worked: the service's rule (`correct_entry`) says so on the field.


class ValidateForm(forms.Form):
    comment = forms.CharField(label=_("Commentaire (facultatif)"), required=False, max_length=1000)


class DisputeForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Jour contesté"), coerce=lambda v: v)
    comment = forms.CharField(
        label=_("Ce qui ne va pas"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", _("Choisissez un jour"))] + [
            (day.isoformat(), date_format(day, "l j F")) for day in days
        ]

    def clean_day(self):
        import datetime as dt

        value = self.cleaned_data["day"]
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(_("Choisissez un jour du relevé.")) from error


class CloseForm(forms.Form):
    force = forms.BooleanField(
        label=_("Clôturer aussi les relevés non validés par leur adhérent"), required=False
    )
    anomalies_reviewed = forms.BooleanField(
        label=_("J'ai revu les heures inhabituelles listées ci-dessus et leurs raisons"), required=False
    )


GROUPING_CHOICES = [
    ("detail", _("Par salarié et adhérent")),
    ("salarie", _("Par salarié")),
    ("adherent", _("Par adhérent")),
]
