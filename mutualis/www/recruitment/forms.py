"""Forms of the recruitment pages. Skills are chosen with the referential's searchable pickers."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.tenancy import scoped
from mutualis.employees.models import Employee, SkillKind
from mutualis.recruitment.models import (
    ApplicationStatus,
    Candidate,
    JobOffer,
    RefusalReason,
)
from mutualis.referential.selectors import skills_for
from mutualis.www.needs.forms import DateInput, hours_to_minutes, minutes_to_hours
from mutualis.www.referential.widgets import JobPickerField, SkillPickerWidget

LEVELS = [(1, _("1 — notions")), (2, _("2 — pratique")), (3, _("3 — maîtrise")), (4, _("4 — expert"))]
WEIGHTS = [(1, _("1 — utile")), (2, _("2 — important")), (3, _("3 — essentiel"))]


def _skill_field(label):
    return forms.ModelMultipleChoiceField(label=label, queryset=None, required=False)


class OfferForm(forms.ModelForm):
    required_skills = _skill_field(_("Compétences requises"))
    desired_skills = _skill_field(_("Compétences souhaitées"))

    class Meta:
        model = JobOffer
        fields = (
            "title",
            "rome_code",
            "description",
            "show_member_names",
            "pay_min",
            "pay_max",
            "start_date",
        )
        widgets = {"start_date": DateInput(), "description": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"rome_code": JobPickerField}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rome_code"].label = _("Métier (ROME)")
        self.fields["rome_code"].required = False
        for name, requirement in (("required_skills", "required"), ("desired_skills", "desired")):
            self.fields[name].queryset = skills_for(membership.group).order_by("kind", "label", "id")
            self.fields[name].widget = SkillPickerWidget()
            if self.instance.pk:
                self.fields[name].initial = [
                    s.skill_id for s in self.instance.skills.all() if s.requirement == requirement
                ]

    def _post_clean(self):
        # Model rules run in the service (full_clean), whose errors come back on these fields.
        pass

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("required_skills") or ()) & set(cleaned.get("desired_skills") or ())
        if both:
            self.add_error("desired_skills", _("Une compétence est requise ou souhaitée, pas les deux."))
        return cleaned


class CandidateForm(forms.ModelForm):
    hours_min = forms.DecimalField(
        label=_("Heures par semaine souhaitées, minimum"),
        required=False,
        min_value=Decimal("1"),
        max_value=Decimal("48"),
    )
    hours_max = forms.DecimalField(
        label=_("Heures par semaine souhaitées, maximum"),
        required=False,
        min_value=Decimal("1"),
        max_value=Decimal("48"),
    )

    class Meta:
        model = Candidate
        fields = (
            "first_name",
            "last_name",
            "email",
            "phone",
            "city",
            "latitude",
            "longitude",
            "travel_km",
            "employee",
            "sharing_consent",
            "pool_consent_until",
            "notes",
        )
        widgets = {"pool_consent_until": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"employee": _("Pour un salarié du GE qui cherche plus d'heures.")}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["employee"].queryset = (
            scoped(Employee, membership).active().order_by("last_name", "first_name")
        )
        if self.instance.pk:
            self.fields["hours_min"].initial = minutes_to_hours(self.instance.weekly_minutes_min)
            self.fields["hours_max"].initial = minutes_to_hours(self.instance.weekly_minutes_max)
        current = (
            {row.skill_id: row.level for row in self.instance.skill_levels.all()} if self.instance.pk else {}
        )
        self.skill_names = []
        for kind, label in SkillKind.choices:
            name = f"skills_{kind}"
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=_("Compétences : %(kind)s") % {"kind": label.lower()},
                queryset=skills_for(membership.group).filter(kind=kind).order_by("label", "id"),
                required=False,
                widget=SkillPickerWidget(kind=kind),
                initial=list(current),
            )
            self.skill_names.append(name)
        self.current_levels = current

    def _post_clean(self):
        pass

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["weekly_minutes_min"] = hours_to_minutes(self.cleaned_data.get("hours_min"))
        data["weekly_minutes_max"] = hours_to_minutes(self.cleaned_data.get("hours_max"))
        if data.get("employee") is not None:
            data["source"] = "employee"
        return data

    def skills(self, levels):
        """[(Skill, level)] of the ticked skills; levels: {skill pk: level} read from the page."""
        chosen = []
        for name in self.skill_names:
            for skill in self.cleaned_data.get(name) or ():
                chosen.append((skill, levels.get(skill.pk, self.current_levels.get(skill.pk, 2))))
        return chosen

    @property
    def skill_fields(self):
        return [self[name] for name in self.skill_names]

    @property
    def identity_fields(self):
        return [self[name] for name in self.Meta.fields] + [self["hours_min"], self["hours_max"]]


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=())
    refusal_reason = forms.ChoiceField(
        label=_("Motif du refus"), choices=[("", "—"), *RefusalReason.choices], required=False
    )
    message = forms.CharField(
        label=_("Message au candidat (refus)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        targets = application.allowed_targets() - {ApplicationStatus.HIRED}
        self.fields["status"].choices = [(s.value, s.label) for s in ApplicationStatus if s in targets]


class HireForm(forms.Form):
    hiring_start_date = forms.DateField(label=_("Date de début du CDI"), widget=DateInput())
    gross_hourly_wage = forms.DecimalField(
        label=_("Salaire horaire brut (€)"), max_digits=8, decimal_places=4, required=False
    )


class AddApplicationForm(forms.Form):
    candidate = forms.ModelChoiceField(
        label=_("Candidat du vivier"), queryset=Candidate.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates


class PublicApplicationForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(label=_("Courriel"))
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    city = forms.CharField(label=_("Commune"), max_length=120, required=False)
    cover_letter = forms.CharField(
        label=_("Votre message (facultatif)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    cv = forms.FileField(
        label=_("CV (PDF, DOCX ou ODT, 5 Mo au plus)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    pool_consent = forms.BooleanField(
        label=_("J'accepte que le groupement garde ma candidature deux ans pour d'autres postes."),
        required=False,
    )


class SendCandidateForm(forms.Form):
    """A partner sends a person to an open offer, with her consent to share."""

    offer = forms.ModelChoiceField(
        label=_("Offre"), queryset=JobOffer.objects.none(), to_field_name="public_id"
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(label=_("Courriel"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    city = forms.CharField(label=_("Commune"), max_length=120, required=False)
    cover_letter = forms.CharField(
        label=_("Pourquoi cette personne ?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sharing_consent = forms.BooleanField(
        label=_("La personne accepte que ses données soient transmises au groupement."), required=True
    )

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
