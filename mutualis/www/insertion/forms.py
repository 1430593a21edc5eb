"""Forms of the insertion pages: they adapt input; the models and services hold the rules."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.insertion import diagnostics
from mutualis.insertion.enums import (
    ActionStatus,
    CorrectionStatus,
    ExitOutcome,
    GivenVia,
    LinkedContract,
    MemberRole,
    ObjectiveStatus,
    Part,
    Purpose,
    QuestionKind,
    ReviewDecision,
    Right,
    Theme,
)
from mutualis.insertion.models import Beneficiary
from mutualis.www.members.forms import DateInput, add_model_errors  # noqa: F401 — shared helpers


class BeneficiaryForm(forms.ModelForm):
    rights = forms.MultipleChoiceField(
        label=_("Droits ouverts"), choices=Right.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Beneficiary
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "employment_service_id",
            "education_level",
            "rights",
            "driving_licence",
            "has_vehicle",
            "mobility_radius_km",
            "situation_notes",
        ]
        widgets = {"birth_date": DateInput(), "situation_notes": forms.Textarea(attrs={"rows": 3})}


class AxisForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thème de l'axe"), choices=Theme.choices)


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Objectif"), max_length=250)
    linked_contract = forms.ChoiceField(
        label=_("Contrat lié"), choices=LinkedContract.choices, initial=LinkedContract.NONE
    )
    person_agreed_via = forms.ChoiceField(
        label=_("Accord de la personne"),
        choices=[("", _("Pas encore (elle l'accepte depuis son espace)"))] + list(GivenVia.choices),
        required=False,
    )


class ObjectiveStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut de l'objectif"), choices=ObjectiveStatus.choices)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=250)
    due_on = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut de l'action"), choices=ActionStatus.choices)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Identifiant du professionnel"), max_length=150)
    role = forms.ChoiceField(
        label=_("Rôle dans le suivi"),
        choices=[
            (MemberRole.MEMBER, MemberRole.MEMBER.label),
            (MemberRole.READONLY, MemberRole.READONLY.label),
        ],
    )


class EndMemberForm(forms.Form):
    reason = forms.CharField(label=_("Motif de fin"), max_length=250)


class HireForm(forms.Form):
    hired_on = forms.DateField(label=_("Date d'embauche"), widget=DateInput())
    employer = forms.CharField(label=_("Employeur"), max_length=200)
    job_title = forms.CharField(label=_("Emploi"), max_length=200, required=False)
    contract = forms.ChoiceField(
        label=_("Contrat"), choices=[("", "—")] + list(ExitOutcome.choices), required=False
    )


class CloseForm(forms.Form):
    exit_outcome = forms.ChoiceField(
        label=_("Situation à la sortie"), choices=[("", "—")] + list(ExitOutcome.choices), required=False
    )
    closed_on = forms.DateField(label=_("Date de sortie"), widget=DateInput(), required=False)
    exit_note = forms.CharField(label=_("Précision"), max_length=250, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Situation 6 mois après la sortie"), choices=ExitOutcome.choices)
    note = forms.CharField(label=_("Précision"), max_length=250, required=False)


class ConsentForm(forms.Form):
    grantee = forms.ChoiceField(label=_("Destinataire (organisation ou groupement)"))
    purpose = forms.ChoiceField(label=_("Finalité"), choices=Purpose.choices)
    parts = forms.MultipleChoiceField(
        label=_("Parties partagées"), choices=Part.choices, widget=forms.CheckboxSelectMultiple
    )
    given_via = forms.ChoiceField(label=_("Recueilli"), choices=GivenVia.choices)
    evidence = forms.CharField(label=_("Trace du recueil"), max_length=250, required=False)
    expires_on = forms.DateField(
        label=_("Jusqu'au (12 mois si vide, 24 au plus)"), widget=DateInput(), required=False
    )

    def __init__(self, *args, grantees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantee"].choices = grantees


class CorrectionForm(forms.Form):
    part = forms.ChoiceField(label=_("Ce qui est concerné"), choices=Part.choices)
    message = forms.CharField(
        label=_("Ce qui est à corriger"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class CorrectionAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Réponse"),
        choices=[
            (CorrectionStatus.DONE, CorrectionStatus.DONE.label),
            (CorrectionStatus.REJECTED, CorrectionStatus.REJECTED.label),
        ],
    )
    answer = forms.CharField(label=_("Explication pour la personne"), max_length=2000)


class ReviewSubmitForm(forms.Form):
    reason = forms.CharField(
        label=_("Situation et difficulté"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sans détail de santé : le diagnostic reste dans le dossier, lisible sous consentement."),
    )


class ReviewDecisionForm(forms.Form):
    meeting_on = forms.DateField(label=_("Date de l'examen"), widget=DateInput())
    participants = forms.CharField(label=_("Structures présentes"), max_length=500)
    decision = forms.ChoiceField(label=_("Décision"), choices=ReviewDecision.choices)
    decision_note = forms.CharField(label=_("Motif de la décision"), widget=forms.Textarea(attrs={"rows": 3}))


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    schema = forms.CharField(
        label=_("Sections et questions (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_(
            "Chaque question : code, libellé (label), thème (theme), type (kind), obligatoire (required)."
        ),
    )

    def clean_schema(self):
        try:
            return json.loads(self.cleaned_data["schema"])
        except ValueError as exc:
            raise forms.ValidationError(_("JSON invalide : %(error)s") % {"error": exc}) from exc


class DiagnosticForm(forms.Form):
    """One field per question of a template version; answers keyed by question code."""

    def __init__(self, *args, template, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        initial_answers = initial_answers or {}
        self.sections = []
        for section in template.schema["sections"]:
            names = []
            for question in section["questions"]:
                name = f"q_{question['code']}"
                self.fields[name] = self._field(question, initial_answers.get(question["code"]))
                names.append(name)
            self.sections.append((section["title"], names))
        self.fields["summary"] = forms.CharField(
            label=_("Synthèse"), widget=forms.Textarea(attrs={"rows": 3}), required=False
        )
        self.fields["co_built"] = forms.BooleanField(
            label=_("Construit avec la personne"), required=False, initial=True
        )

    def section_fields(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    @staticmethod
    def _field(question, initial):
        label = f"{question['label']} ({Theme(question['theme']).label})"
        required = False  # the model names a missing required answer in one French message
        kind = question["kind"]
        if kind == QuestionKind.YES_NO_UNKNOWN:
            choices = [("", "—")] + [(v, _(diagnostics.ANSWER_LABELS[v])) for v in diagnostics.YES_NO_UNKNOWN]
            return forms.ChoiceField(label=label, choices=choices, required=required, initial=initial)
        if kind == QuestionKind.CHOICE:
            choices = [("", "—")] + [(c["value"], c["label"]) for c in question["choices"]]
            return forms.ChoiceField(label=label, choices=choices, required=required, initial=initial)
        if kind == QuestionKind.MULTI:
            return forms.MultipleChoiceField(
                label=label,
                choices=[(c["value"], c["label"]) for c in question["choices"]],
                required=required,
                widget=forms.CheckboxSelectMultiple,
                initial=initial,
            )
        if kind == QuestionKind.SCALE:
            return forms.IntegerField(
                label=label,
                required=required,
                min_value=question["min"],
                max_value=question["max"],
                initial=initial,
            )
        return forms.CharField(
            label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), initial=initial
        )

    def answers(self):
        out = {}
        for question in self.template.questions:
            value = self.cleaned_data.get(f"q_{question['code']}")
            if value not in (None, "", []):
                out[question["code"]] = value
        return out


class LoginLinkForm(forms.Form):
    email = forms.EmailField(label=_("Votre courriel"))
