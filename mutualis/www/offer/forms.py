from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.insertion.enums import GivenVia
from mutualis.offer import schema
from mutualis.offer.enums import RefusalReason, ServiceStatus
from mutualis.offer.models import Service

RADIUS_CHOICES = [
    ("", _("Zone d'éligibilité seulement")),
    ("10", "10 km"),
    ("30", "30 km"),
    ("50", "50 km"),
    ("100", "100 km"),
]


class SearchForm(forms.Form):
    commune = forms.CharField(required=False, widget=forms.HiddenInput)
    rayon = forms.TypedChoiceField(
        label=_("Rayon"), choices=RADIUS_CHOICES, coerce=int, empty_value=None, required=False
    )
    categorie = forms.ChoiceField(
        label=_("Thématique"), choices=[("", _("Toutes"))] + schema.CATEGORIE_CHOICES, required=False
    )
    public = forms.ChoiceField(
        label=_("Public"), choices=[("", _("Tous"))] + schema.PUBLIC_CHOICES, required=False
    )
    type = forms.ChoiceField(
        label=_("Type de service"), choices=[("", _("Tous"))] + schema.TYPE_CHOICES, required=False
    )
    accueil = forms.ChoiceField(
        label=_("Mode d'accueil"), choices=[("", _("Tous"))] + schema.MODE_ACCUEIL_CHOICES, required=False
    )
    frais = forms.ChoiceField(
        label=_("Frais"), choices=[("", _("Gratuit ou payant"))] + schema.FRAIS_CHOICES, required=False
    )
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=100)


class OrientForm(forms.Form):
    beneficiary = forms.ChoiceField(label=_("Personne orientée"))
    message = forms.CharField(
        label=_("Motif de l'orientation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lu par la structure après ouverture du lien ; pas de détail de santé."),
    )
    consent_given_via = forms.ChoiceField(
        label=_("Consentement de la personne à partager son identité avec la structure"),
        required=False,
        choices=[("", _("Déjà enregistré"))] + list(GivenVia.choices),
        help_text=_("Obligatoire si aucun consentement n'est en vigueur pour cette structure."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].choices = [("", "—")] + [(str(b.public_id), str(b)) for b in people]


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.ChoiceField(
        label=_("Motif du refus"), choices=[("", "—")] + list(RefusalReason.choices), required=False
    )
    refusal_comment = forms.CharField(
        label=_("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    answered_by = forms.CharField(label=_("Votre nom"), max_length=200, required=False)


def _multi(choices):
    return forms.MultipleChoiceField(choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class ServiceForm(forms.ModelForm):
    thematiques = _multi(schema.THEMATIQUE_CHOICES)
    publics = _multi(schema.PUBLIC_CHOICES)
    modes_accueil = _multi(schema.MODE_ACCUEIL_CHOICES)
    modes_mobilisation = _multi(schema.MODE_MOBILISATION_CHOICES)
    mobilisable_par = _multi(schema.MOBILISABLE_PAR_CHOICES)
    zone_eligibilite = forms.CharField(
        label=_("Zone d'éligibilité"),
        required=False,
        help_text=_(
            "Codes séparés par des virgules : commune (INSEE), EPCI (SIREN), département, ou « france »."
        ),
    )
    status = forms.ChoiceField(label=_("Statut"), choices=ServiceStatus.choices)

    class Meta:
        model = Service
        fields = [
            "structure",
            "nom",
            "description",
            "type",
            "thematiques",
            "publics",
            "publics_precisions",
            "conditions_acces",
            "frais",
            "frais_precisions",
            "modes_accueil",
            "zone_eligibilite",
            "adresse",
            "code_postal",
            "commune",
            "code_insee",
            "telephone",
            "courriel",
            "contact_nom_prenom",
            "modes_mobilisation",
            "mobilisable_par",
            "mobilisation_precisions",
            "lien_mobilisation",
            "horaires_accueil",
            "volume_horaire_hebdomadaire",
            "nombre_semaines",
            "places_total",
            "places_taken",
            "accepts_orientations",
            "update_frequency",
            "status",
        ]

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        self.fields["description"].widget.attrs["rows"] = 5
        if self.instance.pk:
            self.initial["zone_eligibilite"] = ", ".join(self.instance.zone_eligibilite or ())

    def clean_zone_eligibilite(self):
        raw = self.cleaned_data.get("zone_eligibilite") or ""
        return [code.strip() for code in raw.replace(";", ",").split(",") if code.strip()]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier data·inclusion (JSON ou CSV)"))


class ImportConfirmForm(forms.Form):
    good_rows_only = forms.BooleanField(label=_("Importer seulement les lignes valides"), required=False)
