import re

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.members.models import Member, Site


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "kind",
            "siret",
            "naf_code",
            "headcount_band",
            "vat_status",
            "joined_on",
            "left_on",
            "deposit",
            "email",
            "phone",
            "notes",
        ]
        widgets = {
            "joined_on": DateInput(),
            "left_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["deposit"].localize = True
        self.fields["deposit"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["deposit"].widget.is_localized = True
        self.fields["siret"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_siret(self):
        siret = re.sub(r"\s", "", self.cleaned_data["siret"])
        clash = Member.objects.filter(group=self.group, siret=siret).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Un adhérent de ce groupement a déjà ce SIRET : %(name)s."),
                params={"name": clash.first().name},
            )
        return siret

    def clean(self):
        cleaned = super().clean()
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("La date de sortie précède la date d'adhésion."))
        return cleaned


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "postcode", "city", "latitude", "longitude"]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }
        help_texts = {
            "latitude": _("En degrés décimaux, par exemple 48.4321."),
            "longitude": _("En degrés décimaux, par exemple 0.0912."),
        }

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not re.fullmatch(r"\d{5}", postcode):
            raise forms.ValidationError(_("Le code postal compte 5 chiffres."))
        return postcode

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        if "latitude" in cleaned and "longitude" in cleaned and (lat is None) != (lon is None):
            missing = "latitude" if lat is None else "longitude"
            self.add_error(missing, _("Saisissez la latitude et la longitude ensemble, ou aucune des deux."))
        return cleaned


def add_model_errors(form, exc):
    """Put a model ValidationError on the fields it names (or on the form when it names none)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
