from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.territories.models import TerritoryKind


class TerritoryForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=200)
    kind = forms.ChoiceField(label=_("Type de territoire"), choices=TerritoryKind.choices)
    source_code = forms.CharField(
        label=_("Code de l'aire"),
        max_length=12,
        required=False,
        help_text=_("SIREN de l'EPCI, code du département (61) ou de la région (28)."),
    )
    commune_codes = forms.CharField(
        label=_("Communes (codes INSEE)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pour une liste choisie : codes INSEE séparés par des virgules ou des espaces."),
    )

    def codes(self):
        raw = self.cleaned_data.get("commune_codes") or ""
        return [c for c in raw.replace(",", " ").split() if c]


class SharingForm(forms.Form):
    observatory = forms.BooleanField(label=_("Participer à l'observatoire"), required=False)
    exchange = forms.BooleanField(label=_("Publier et lire la bourse d'emplois"), required=False)
    gpec = forms.BooleanField(label=_("Compter dans la GPEC territoriale"), required=False)
    directory = forms.BooleanField(label=_("Figurer dans l'annuaire du territoire"), required=False)


class ForecastImportForm(forms.Form):
    name = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("Par exemple : enquête Besoins en main-d'œuvre 2026.")
    )
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes : famille_metier ; zone ; projets_recrutement ; part_difficile ; part_saisonniere (libelle facultatif)."
        ),
    )
