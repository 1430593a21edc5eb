from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.exchange.models import PostKind, ResponsePath


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'annonce"), choices=PostKind.choices)
    job_title = forms.CharField(label=_("Emploi"), max_length=200)
    rome_code = forms.CharField(label=_("Code ROME"), max_length=5, required=False)
    skills = forms.CharField(label=_("Compétences"), max_length=500, required=False)
    weekly_hours = forms.DecimalField(
        label=_("Heures par semaine"), min_value=0.25, max_value=35, decimal_places=2
    )
    windows = forms.CharField(
        label=_("Plages horaires"),
        required=False,
        help_text=_("Par exemple : « lundi 08:00-12:00, jeudi 14:00-18:00 »."),
    )
    commune_code = forms.CharField(label=_("Commune (code INSEE)"), max_length=5)
    description = forms.CharField(
        label=_("Description (anonymisée)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ni nom, ni numéro de téléphone, ni courriel : l'annonce est lue par les autres GE."),
    )


class ResponseForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    weekly_hours = forms.DecimalField(
        label=_("Heures par semaine proposées"),
        min_value=0.25,
        max_value=35,
        decimal_places=2,
        required=False,
    )
    member = forms.ChoiceField(label=_("Adhérent concerné"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.public_id): m for m in members}
        self.fields["member"].choices = [("", "—")] + [(str(m.public_id), m.name) for m in members]


class DecisionForm(forms.Form):
    path = forms.ChoiceField(
        label=_("Suite donnée (art. L1253-1)"), choices=ResponsePath.choices, widget=forms.RadioSelect
    )
