from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.tenancy import scoped
from mutualis.employees.models import AID_FIELDS, Contract, Employee, Skill, SkillKind
from mutualis.members.models import Member, Site
from mutualis.referential.selectors import skills_for
from mutualis.www.members.forms import DateInput
from mutualis.www.referential.widgets import JobPickerField, SkillPickerWidget

SKILL_FIELDS = {
    SkillKind.TECHNICAL: "skills_technical",
    SkillKind.TRANSVERSAL: "skills_transversal",
    SkillKind.BEHAVIOURAL: "skills_behavioural",
}
SKILL_LABELS = {
    SkillKind.TECHNICAL: _("Compétences techniques"),
    SkillKind.TRANSVERSAL: _("Compétences transversales"),
    SkillKind.BEHAVIOURAL: _("Compétences comportementales"),
}


def localize_decimal(field):
    """Let French users type a decimal comma (a dot is accepted too)."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    field.widget.is_localized = True


def _active_or_chosen(queryset, chosen_ids):
    return queryset.filter(Q(archived_at__isnull=True) | Q(pk__in=chosen_ids))


class EmployeeForm(forms.ModelForm):
    skills_technical = forms.ModelMultipleChoiceField(
        label=SKILL_LABELS[SkillKind.TECHNICAL],
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills_transversal = forms.ModelMultipleChoiceField(
        label=SKILL_LABELS[SkillKind.TRANSVERSAL],
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills_behavioural = forms.ModelMultipleChoiceField(
        label=SKILL_LABELS[SkillKind.BEHAVIOURAL],
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Employee
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "home_site",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        chosen_site = [self.instance.home_site_id] if self.instance.home_site_id else []
        self.fields["home_site"].queryset = _active_or_chosen(
            scoped(Site, membership).select_related("member"), chosen_site
        ).order_by("member__name", "name")
        self.fields["home_site"].label_from_instance = lambda s: f"{s.member.name} — {s.name} ({s.city})"
        current = set(self.instance.skills.values_list("pk", flat=True)) if self.instance.pk else set()
        for kind, name in SKILL_FIELDS.items():
            self.fields[name].queryset = (
                skills_for(membership.group).filter(kind=kind).order_by("label", "id")
            )
            self.fields[name].widget = SkillPickerWidget(kind=kind)
            self.fields[name].initial = list(current)

    @property
    def skill_fields(self):
        return [self[name] for name in SKILL_FIELDS.values()]

    @property
    def identity_fields(self):
        return [self[name] for name in self.Meta.fields]

    def chosen_skills(self):
        skills = []
        for name in SKILL_FIELDS.values():
            skills.extend(self.cleaned_data.get(name) or [])
        return skills


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "kind",
            "job_title",
            "qualification",
            "rome_code",
            "weekly_hours",
            "gross_hourly_wage",
            "start_date",
            "end_date",
            "part_time_exemption",
            *AID_FIELDS,
            "potential_members",
            "places",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "aid_start_date": DateInput(),
            "aid_end_date": DateInput(),
            "potential_members": forms.CheckboxSelectMultiple,
            "places": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "weekly_hours",
            "gross_hourly_wage",
            "aid_rate_percent",
            "aid_weekly_hours_cap",
            "aid_yearly_amount",
        ):
            localize_decimal(self.fields[name])
        members_chosen, places_chosen = [], []
        if self.instance.pk:
            members_chosen = list(self.instance.potential_members.values_list("pk", flat=True))
            places_chosen = list(self.instance.places.values_list("pk", flat=True))
        self.fields["potential_members"].queryset = _active_or_chosen(
            scoped(Member, membership), members_chosen
        ).order_by("name", "id")
        self.fields["places"].queryset = (
            _active_or_chosen(scoped(Site, membership), places_chosen)
            .select_related("member")
            .order_by("member__name", "name", "id")
        )
        self.fields["places"].label_from_instance = lambda s: (
            f"{s.name} — {s.member.name} ({s.postcode} {s.city})"
        )
        self.fields["rome_code"] = JobPickerField(label=_("Métier (ROME)"), required=False)
        if self.instance.pk:
            self.initial.setdefault("rome_code", self.instance.rome_code)

    def service_fields(self):
        """The form's values for the services (M2M lists passed apart)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}

    @property
    def main_fields(self):
        return [self[name] for name in self.Meta.fields[:9]]

    @property
    def aid_fields(self):
        return [self[name] for name in AID_FIELDS]
