from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.employer_groups.models import LegalForm, VatRegime
from mutualis.members.models import MemberKind


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Nom du projet"), max_length=200)
    territory = forms.ChoiceField(label=_("Territoire"))
    census_opens_on = forms.DateField(
        label=_("Ouverture du recensement"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    census_closes_on = forms.DateField(
        label=_("Clôture du recensement"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, territories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.territories = {str(t.public_id): t for t in territories}
        self.fields["territory"].choices = [(str(t.public_id), t.name) for t in territories]


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Raison sociale"), max_length=200)
    kind = forms.ChoiceField(label=_("Nature"), choices=MemberKind.choices)
    siret = forms.CharField(label=_("SIRET"), max_length=20)
    commune_code = forms.CharField(
        label=_("Commune (code INSEE)"), max_length=5, help_text=_("Exemple : 61001 pour Alençon.")
    )
    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Courriel"), required=False)
    needs = forms.CharField(
        label=_("Besoins (un par ligne)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "« emploi ; code ROME ; créneaux », par exemple « Agent d'entretien ; K2204 ; lundi 08:00-12:00, "
            "jeudi 08:00-12:00 », ou un volume flexible : « Comptable ; M1203 ; 10 h dans lundi 08:00-18:00, "
            "mardi 08:00-18:00 »."
        ),
    )


class StudyForm(forms.Form):
    gross_hourly_wage = forms.DecimalField(
        label=_("Salaire horaire brut prévu (€)"), min_value=0, decimal_places=4
    )
    employer_charges_percent = forms.DecimalField(
        label=_("Charges patronales (% du brut)"), min_value=0, max_value=100, decimal_places=2
    )
    billable_percent = forms.DecimalField(
        label=_("Part des heures payées facturables (%)"), min_value=1, max_value=100, decimal_places=2
    )
    coefficient = forms.DecimalField(
        label=_("Coefficient de facturation étudié"), min_value=1, decimal_places=3
    )
    overheads_per_year = forms.DecimalField(
        label=_("Frais de structure par an (€)"), min_value=0, decimal_places=2
    )
    aids_per_year = forms.DecimalField(
        label=_("Aides à l'emploi attendues par an (€)"), min_value=0, decimal_places=2
    )


class CreateGroupForm(forms.Form):
    name = forms.CharField(label=_("Nom du GE"), max_length=200)
    legal_form = forms.ChoiceField(label=_("Forme juridique"), choices=LegalForm.choices)
    siren = forms.CharField(label=_("SIREN"), max_length=11)
    vat_regime = forms.ChoiceField(label=_("Régime de TVA"), choices=VatRegime.choices)
    invoice_prefix = forms.CharField(label=_("Préfixe des numéros de facture"), max_length=10)
    director_email = forms.EmailField(label=_("Courriel de la direction"))
    director_first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    director_last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
