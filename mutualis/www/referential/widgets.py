"""Searchable pickers for a job (ROME) or skills, used by every form that asks for one.

The job picker is a text input tied to a `<datalist>` that htmx refills as the user types; the value
« N1101 — Conduite d'engins… » is read back as its code. The skill picker is a list of checkboxes with
a search box: htmx asks the server for the skills matching the search, keeping the ones already ticked.
Both work without any script of ours, and fall back to typing a code or ticking boxes.
"""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from mutualis.referential.selectors import job_label

CODE = re.compile(r"^\s*([A-Na-n]\d{4})\b")


class JobPickerWidget(forms.TextInput):
    template_name = "referential/_job_picker.html"

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "placeholder": _("Tapez un métier ou un code ROME")}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if value and CODE.match(str(value)) and str(value).strip().upper() == str(value).strip()[:5].upper():
            return job_label(str(value))
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_url"] = reverse_lazy("referential:job_options")
        return context


class JobPickerField(forms.CharField):
    """A ROME job chosen in the referential; cleans to its code ('' when optional and empty)."""

    widget = JobPickerWidget
    default_error_messages = {
        "unknown": _(
            "« %(value)s » n'est pas un code ROME du référentiel : choisissez le métier dans la liste proposée."
        ),
    }

    def __init__(self, **kwargs):
        kwargs["max_length"] = 250
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        match = CODE.match(value)
        code = match.group(1).upper() if match else ""
        from mutualis.referential.models import JobSheet

        if not code or not JobSheet.objects.filter(code=code).exists():
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        return code


class SkillPickerWidget(forms.CheckboxSelectMultiple):
    """Ticked skills plus the ones matching a search (htmx), instead of every skill at once."""

    template_name = "referential/_skill_picker.html"
    kind = ""

    def __init__(self, *args, kind="", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_url"] = reverse_lazy("referential:skill_options")
        context["widget"]["kind"] = self.kind
        return context
