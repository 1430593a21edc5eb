from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.imports.models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Données à importer"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_(
            "CSV en UTF-8, séparateur « ; » ou « , » ; ou classeur Excel .xlsx (première feuille). "
            "La première ligne porte les noms des colonnes."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
