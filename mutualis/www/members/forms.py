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
            "einvoicing_address",
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
        # Typed with spaces as printed on a Kbis; uniqueness in the GE is the model's rule.
        return re.sub(r"\s", "", self.cleaned_data["siret"])


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


def add_model_errors(form, exc):
    """Put a model ValidationError on the fields it names (or on the form when it names none)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
