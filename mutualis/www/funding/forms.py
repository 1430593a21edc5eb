"""Forms of the funding pages. They read types only; the services check the rules and name the line."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.funding.enums import ConsortiumRole, ExpenseCategory, IndicatorKind, SourceKind
from mutualis.funding.models import FundingCall


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _text(label, required=False, rows=3, **kw):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kw)


AMOUNT = {"max_digits": 12, "decimal_places": 2}


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Intitulé du projet"), max_length=250)
    territory = forms.CharField(label=_("Territoire concerné"), max_length=250, required=False)
    summary = _text(_("Présentation du projet"), rows=5)
    start_date = forms.DateField(label=_("Début prévu"), required=False, widget=DateInput())
    duration_months = forms.IntegerField(label=_("Durée (mois)"), required=False)


class NewApplicationForm(ApplicationForm):
    call = forms.ModelChoiceField(
        label=_("Appel"), queryset=FundingCall.objects.none(), to_field_name="public_id", empty_label=None
    )
    field_order = ["call", "title", "territory", "summary", "start_date", "duration_months"]

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls


class LineForm(forms.Form):
    action = forms.CharField(label=_("Action / objet de la dépense"), max_length=250, required=False)
    category = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", "—"), *ExpenseCategory.choices], required=False
    )
    nature = forms.CharField(label=_("Nature de la dépense"), max_length=250, required=False)
    unit_cost = forms.DecimalField(label=_("Coût unitaire (€)"), required=False, **AMOUNT)
    quantity = forms.DecimalField(label=_("Quantité"), required=False, max_digits=10, decimal_places=2)
    justification = forms.CharField(label=_("Justification"), required=False, max_length=2000)

    def row(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}
        if data.get("quantity") is None:
            data["quantity"] = 1
        return data

    def is_blank(self):
        data = self.cleaned_data
        return not any(data.get(k) not in (None, "") for k in ("action", "category", "nature", "unit_cost"))


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Nature du financement"), choices=[("", "—"), *SourceKind.choices], required=False
    )
    funder = forms.CharField(label=_("Financeur"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Montant (€)"), required=False, **AMOUNT)

    def row(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}

    def is_blank(self):
        data = self.cleaned_data
        return not any(data.get(k) not in (None, "") for k in ("kind", "funder", "amount"))


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Structure"), max_length=200, required=False)
    kind = forms.CharField(label=_("Type de membre"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("Rôle"), choices=ConsortiumRole.choices, initial=ConsortiumRole.MEMBER)
    contact_name = forms.CharField(label=_("Interlocuteur référent"), max_length=150, required=False)
    contact_email = forms.CharField(label=_("Courriel"), max_length=254, required=False)
    contact_phone = forms.CharField(label=_("Téléphone"), max_length=20, required=False)
    commitment = forms.CharField(label=_("Engagement"), max_length=2000, required=False)

    def row(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}

    def is_blank(self):
        return not (self.cleaned_data.get("name") or "").strip()


class AxisForm(forms.Form):
    code = forms.CharField(label=_("Code de l'axe"), max_length=40, required=False)
    title = forms.CharField(label=_("Intitulé de l'axe"), max_length=250)
    objectives = _text(_("Objectifs opérationnels"))
    actions = _text(_("Actions proposées"))
    public = _text(_("Public concerné (typologie)"), rows=2)
    public_count = forms.IntegerField(label=_("Nombre de personnes visées"), required=False)
    public_share_pct = forms.DecimalField(
        label=_("Part de la population à accompagner (%)"), required=False, max_digits=5, decimal_places=2
    )
    impacts = _text(_("Changements et impacts attendus"))
    methods = _text(_("Méthodes proposées, associant quels acteurs"))
    calendar = _text(_("Calendrier de déploiement"), rows=2)


class IndicatorForm(forms.Form):
    label = forms.CharField(label=_("Indicateur"), max_length=250, required=False)
    kind = forms.ChoiceField(label=_("Nature"), choices=IndicatorKind.choices, initial=IndicatorKind.RESULTS)
    unit = forms.CharField(label=_("Unité"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Valeur de départ"), required=False, **AMOUNT)
    target = forms.DecimalField(label=_("Cible"), required=False, **AMOUNT)

    def row(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}

    def is_blank(self):
        return not (self.cleaned_data.get("label") or "").strip()


LineFormSet = forms.formset_factory(LineForm, extra=3, can_delete=True, max_num=200)
SourceFormSet = forms.formset_factory(SourceForm, extra=2, can_delete=True, max_num=50)
MemberFormSet = forms.formset_factory(MemberForm, extra=2, can_delete=True, max_num=80)
IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True, max_num=20)


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Décision"),
        choices=[("1", _("Subvention accordée")), ("0", _("Demande refusée"))],
        coerce=lambda v: v == "1",
    )
    granted_amount = forms.DecimalField(label=_("Montant accordé (€)"), required=False, **AMOUNT)
    decided_on = forms.DateField(label=_("Date de la décision"), required=False, widget=DateInput())


class ExpenseForm(forms.Form):
    budget_line = forms.ChoiceField(label=_("Ligne de budget"))
    spent_on = forms.DateField(label=_("Date de la dépense"), widget=DateInput())
    label = forms.CharField(label=_("Libellé"), max_length=250)
    supplier = forms.CharField(label=_("Fournisseur ou bénéficiaire"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Montant (€)"), **AMOUNT)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].choices = [(str(line.public_id), str(line)) for line in lines]


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de la pièce"), max_length=200)
    target = forms.ChoiceField(label=_("Rattachée à"), required=False)
    file = forms.FileField(label=_("Fichier"))

    def __init__(self, *args, lines, expenses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = (
            [("", _("La demande"))]
            + [(f"line:{line.public_id}", _("Ligne %(line)s") % {"line": line}) for line in lines]
            + [(f"expense:{e.public_id}", _("Dépense %(e)s") % {"e": e}) for e in expenses]
        )


class ReportForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicateur"))
    period_end = forms.DateField(label=_("Fin de la période"), widget=DateInput())
    value = forms.DecimalField(label=_("Valeur mesurée"), **AMOUNT)
    comment = forms.CharField(label=_("Commentaire"), required=False, max_length=2000)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (str(i.public_id), f"{i.axis.title} — {i.label}") for i in indicators
        ]


class LetterForm(forms.Form):
    member = forms.ChoiceField(label=_("Membre du consortium"))
    letter = forms.FileField(label=_("Lettre d'engagement"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(str(m.public_id), m.name) for m in members]
