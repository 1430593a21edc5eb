from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.planning.models import WorkingTimeRule


class WorkingTimeRuleForm(forms.ModelForm):
    class Meta:
        model = WorkingTimeRule
        fields = ["limit", "is_active", "note"]
        help_texts = {"limit": _("En minutes, sauf le nombre de jours et la vitesse de trajet (km/h).")}
