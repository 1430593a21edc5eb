import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.tenancy import scoped
from mutualis.employees.models import Contract
from mutualis.members.models import Member, Site
from mutualis.planning.enums import (
    AbsenceKind,
    AssignmentStatus,
    ExceptionKind,
    PriorityReason,
    Weekday,
    WeekParity,
)
from mutualis.planning.models import WorkingTimeRule
from mutualis.planning.rules import PARIS
from mutualis.planning.services import SlotSpec


class WorkingTimeRuleForm(forms.ModelForm):
    class Meta:
        model = WorkingTimeRule
        fields = ["limit", "is_active", "note"]
        help_texts = {"limit": _("En minutes, sauf le nombre de jours et la vitesse de trajet (km/h).")}


class AssignmentForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Adhérent"), queryset=None)
    site = forms.ModelChoiceField(label=_("Lieu de travail"), queryset=None)
    contract = forms.ModelChoiceField(label=_("Contrat"), queryset=None, required=False)
    start_date = forms.DateField(label=_("Date de début"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Date de fin"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hourly_rate = forms.DecimalField(
        label=_("Taux horaire facturé (€ HT)"), required=False, max_digits=8, decimal_places=4, min_value=0
    )
    billing_coefficient = forms.DecimalField(
        label=_("Coefficient de facturation"),
        required=False,
        max_digits=5,
        decimal_places=3,
        min_value=1,
        help_text=_("Vide : le coefficient par défaut du groupement."),
    )
    priority = forms.IntegerField(
        label=_("Priorité"),
        required=False,
        min_value=0,
        max_value=9,
        initial=0,
        help_text=_("En cas de conflit entre adhérents, la priorité la plus haute l'emporte (0 à 9)."),
    )
    status = forms.ChoiceField(
        label=_("Statut"), choices=AssignmentStatus.choices, initial=AssignmentStatus.ACTIVE
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label=_("Justification de la dérogation (direction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Seule la direction peut enregistrer malgré une infraction ; la justification est journalisée."
        ),
    )

    def __init__(self, *args, membership, employee, assignment=None, **kwargs):
        if assignment is not None:
            kwargs.setdefault("initial", assignment_initial(assignment))
        super().__init__(*args, **kwargs)
        members = scoped(Member, membership).active()
        sites = scoped(Site, membership).active()
        if assignment is not None:  # an archived member or site stays selectable on its assignment
            members = members | scoped(Member, membership).filter(pk=assignment.member_id)
            sites = sites | scoped(Site, membership).filter(pk=assignment.site_id)
        self.fields["member"].queryset = members
        self.fields["site"].queryset = sites.select_related("member")
        self.fields["contract"].queryset = scoped(Contract, membership).filter(employee=employee)
        self.fields["site"].label_from_instance = lambda site: (
            f"{site.member.name} — {site.name} ({site.city})"
        )


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Jour"), choices=[("", "—"), *Weekday.choices], coerce=int, required=False, empty_value=None
    )
    # "%H:%M": a pre-filled slot shows 08:00, not 08:00:00 (the time input would then ask for seconds).
    start_time = forms.TimeField(
        label=_("Début"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    week_parity = forms.ChoiceField(label=_("Semaines"), choices=WeekParity.choices, required=False)

    def clean(self):
        data = super().clean()
        filled = [data.get(name) not in (None, "") for name in ("weekday", "start_time", "end_time")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Indiquez le jour, l'heure de début et l'heure de fin."))
        return data

    def spec(self):
        data = self.cleaned_data
        if data.get("weekday") is None:
            return None
        return SlotSpec(data["weekday"], data["start_time"], data["end_time"], data.get("week_parity") or "")


SlotFormSet = forms.formset_factory(SlotForm, extra=6, max_num=21)


def assignment_initial(assignment):
    """The fields of an assignment as the initial values of AssignmentForm."""
    return {
        "member": assignment.member_id,
        "site": assignment.site_id,
        "contract": assignment.contract_id,
        "start_date": assignment.start_date,
        "end_date": assignment.end_date,
        "hourly_rate": assignment.hourly_rate,
        "billing_coefficient": assignment.billing_coefficient,
        "priority": assignment.priority,
        "status": assignment.status,
        "notes": assignment.notes,
    }


def slot_initial(assignment):
    """The weekly pattern of an assignment as the initial rows of SlotFormSet."""
    return [
        {
            "weekday": slot.weekday,
            "start_time": slot.start_time,
            "end_time": slot.end_time,
            "week_parity": slot.week_parity,
        }
        for slot in assignment.slots.order_by("weekday", "start_time", "id")
    ]


class EndAssignmentForm(forms.Form):
    end_date = forms.DateField(
        label=_("Date de fin"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Dernier jour travaillé de la mise à disposition (inclus)."),
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_end_date(self):
        end_date = self.cleaned_data["end_date"]
        start, planned_end = self.assignment.start_date, self.assignment.end_date
        if end_date < start:
            raise forms.ValidationError(
                _(
                    "La date de fin ne peut pas précéder la date de début de la mise à disposition (%(start)s)."
                )
                % {"start": date_format(start, "j F Y")}
            )
        if planned_end is not None and end_date > planned_end:
            raise forms.ValidationError(
                _(
                    "La date de fin ne peut pas dépasser la fin déjà prévue (%(end)s) : pour prolonger, "
                    "modifiez la mise à disposition."
                )
                % {"end": date_format(planned_end, "j F Y")}
            )
        return end_date


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Motif"), choices=AbsenceKind.choices)
    start_date = forms.DateField(label=_("Premier jour"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Dernier jour"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("À partir de"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Vide : dès le début du premier jour."),
    )
    end_time = forms.TimeField(
        label=_("Jusqu'à"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Vide : jusqu'à la fin du dernier jour."),
    )
    comment = forms.CharField(label=_("Commentaire"), required=False, max_length=250)

    def clean(self):
        data = super().clean()
        start_date, end_date = data.get("start_date"), data.get("end_date")
        if start_date and end_date:
            start = dt.datetime.combine(start_date, data.get("start_time") or dt.time(0), tzinfo=PARIS)
            if data.get("end_time"):
                end = dt.datetime.combine(end_date, data["end_time"], tzinfo=PARIS)
            else:
                end = dt.datetime.combine(end_date + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
            # Whether the end follows the start is the model's rule (`Absence`), put back on end_date.
            data["start"], data["end"] = start, end
        return data


class ScheduleExceptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Changement"), choices=ExceptionKind.choices)
    date = forms.DateField(label=_("Jour concerné"), widget=forms.DateInput(attrs={"type": "date"}))
    new_date = forms.DateField(
        label=_("Nouveau jour"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Pour une journée déplacée."),
    )
    start_time = forms.TimeField(
        label=_("Début"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Pour une journée déplacée ou ajoutée."),
    )
    end_time = forms.TimeField(label=_("Fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("Motif"), required=False, max_length=250)
    override_reason = forms.CharField(
        label=_("Justification de la dérogation (direction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveBlockForm(forms.Form):
    """Move one day of an assignment: the keyboard and form stand-in for drag and drop."""

    date = forms.DateField(label=_("Jour du créneau"), widget=forms.DateInput(attrs={"type": "date"}))
    new_date = forms.DateField(label=_("Nouveau jour"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"}))
    scope = forms.ChoiceField(
        label=_("Portée"),
        choices=[
            ("day", _("Ce jour seulement")),
            ("pattern", _("Toutes les semaines (créneau hebdomadaire de la mise à disposition)")),
        ],
        initial="day",
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Justification de la dérogation (direction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Seule la direction peut enregistrer malgré une infraction ; la justification est journalisée."
        ),
    )

    def clean(self):
        data = super().clean()
        data["scope"] = data.get("scope") or "day"
        # An end equal to the start: the block's rule (`planning.models.EMPTY_BLOCK`), through the service.
        return data


class GroupWeekFilterForm(forms.Form):
    semaine = forms.DateField(
        label=_("Semaine du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    adherent = forms.ModelChoiceField(
        label=_("Adhérent"), queryset=None, required=False, to_field_name="public_id"
    )
    competence = forms.ModelChoiceField(
        label=_("Compétence"), queryset=None, required=False, to_field_name="code"
    )
    commune = forms.ChoiceField(label=_("Commune du salarié"), required=False)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        from mutualis.employees.models import Employee, Skill

        employees = scoped(Employee, membership).active()
        self.fields["adherent"].queryset = scoped(Member, membership).active().only("id", "public_id", "name")
        self.fields["competence"].queryset = Skill.objects.filter(
            pk__in=Employee.skills.through.objects.filter(employee__in=employees).values("skill_id")
        ).order_by("label")
        communes = employees.exclude(city="").order_by("city").values_list("city", flat=True).distinct()
        self.fields["commune"].choices = [("", _("Toutes")), *((c, c) for c in communes)]
        self.fields["adherent"].empty_label = _("Tous")
        self.fields["competence"].empty_label = _("Toutes")


class PriorityRuleForm(forms.Form):
    prevailing_member = forms.ModelChoiceField(label=_("Adhérent prioritaire"), queryset=None)
    yielding_member = forms.ModelChoiceField(label=_("Adhérent qui cède"), queryset=None)
    employee = forms.ModelChoiceField(
        label=_("Salarié (convention)"),
        queryset=None,
        required=False,
        help_text=_("Vide : tous les salariés partagés par ces deux adhérents."),
    )
    reason = forms.ChoiceField(label=_("Motif"), choices=PriorityReason.choices)
    note = forms.CharField(
        label=_("Précision"),
        required=False,
        max_length=250,
        help_text=_("Par exemple : « urgence chez A prime sur confort chez B »."),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        from mutualis.employees.models import Employee

        members = scoped(Member, membership).active()
        self.fields["prevailing_member"].queryset = members
        self.fields["yielding_member"].queryset = members
        self.fields["employee"].queryset = scoped(Employee, membership).active()

    # Two different members: the model's rule (`PriorityRule`), put back on yielding_member.


class ResolveConflictForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    keep = forms.UUIDField(widget=forms.HiddenInput)
    drop = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Commentaire"), required=False, max_length=250)
