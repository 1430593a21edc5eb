import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.billing.models import BillingMode
from mutualis.core.dates import validate_plausible_date


class RunForm(forms.Form):
    month = forms.DateField(
        label=_("Mois à facturer"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Format AAAA-MM."),
    )
    mode = forms.ChoiceField(label=_("Base de facturation"), choices=BillingMode.choices)

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        validate_plausible_date(month)
        return month


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'avoir"), max_length=250)


class PartialCreditNoteForm(forms.Form):
    """A partial credit note on chosen hours lines: for each line, the hours to take back."""

    reason = forms.CharField(label=_("Motif de l'avoir partiel"), max_length=250)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, prefix="partiel", **kwargs)
        self.invoice_lines = [
            line for line in lines if line.kind in ("hours", "settlement") and line.quantity > 0
        ]
        for line in self.invoice_lines:
            self.fields[f"hours_{line.position}"] = forms.DecimalField(
                label=_("Heures à retirer — %(label)s (facturées : %(hours)s h)")
                % {"label": line.label, "hours": str(line.quantity).replace(".", ",")},
                required=False,
                min_value=0,
                max_value=line.quantity,
                decimal_places=2,
            )
        self.order_fields(["reason"])

    def credit_lines(self):
        """[(label, amount excl. tax)] of the chosen hours, priced at each line's unit price."""
        from mutualis.billing.compute import fmt_decimal, round_amount

        chosen = []
        for line in self.invoice_lines:
            hours = self.cleaned_data.get(f"hours_{line.position}")
            if hours:
                amount = round_amount(hours * line.unit_price)
                chosen.append(
                    (
                        f"Heures retirées : {fmt_decimal(hours)} h × {fmt_decimal(line.unit_price)} € — {line.label}",
                        amount,
                    )
                )
        return chosen

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(f"hours_{line.position}") for line in self.invoice_lines):
            raise forms.ValidationError(_("Indiquez les heures à retirer sur au moins une ligne."))
        return data


def default_month():
    today = datetime.date.today()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plausible_date]
    )
    end = forms.DateField(
        label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plausible_date]
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("La date de fin précède la date de début."))
        return data


# --- Billing settings, dated rates, payments (second part of issue 6) ----------------------

from django.utils import timezone  # noqa: E402

from mutualis.accounts.tenancy import scoped  # noqa: E402
from mutualis.billing.models import (  # noqa: E402
    BillingCoefficient,
    BillingSettings,
    CostParameters,
    FixedHourlyRate,
    MembershipFee,
    PaymentMethod,
    ReferencePay,
    Subsidy,
    YearlyCost,
)
from mutualis.employees.models import Contract  # noqa: E402
from mutualis.members.models import Member  # noqa: E402

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SettingsForm(forms.ModelForm):
    class Meta:
        model = BillingSettings
        fields = ["vat_on_debits", "reminder_interval_days"]


class ScopedRateForm(forms.ModelForm):
    """A dated rule; member and contract choices are limited to the GE's own rows."""

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "member" in self.fields:
            self.fields["member"].queryset = scoped(Member, membership).active().order_by("name", "id")
        if "contract" in self.fields:
            self.fields["contract"].queryset = (
                scoped(Contract, membership).select_related("employee").order_by("employee__last_name", "id")
            )
        if "valid_from" in self.fields:
            self.fields["valid_from"].widget = DATE_INPUT


class MinimumWageForm(forms.ModelForm):
    """A row of the national SMIC table (shared by every GE: the source is required)."""

    class Meta:
        from mutualis.billing.models import MinimumWage

        model = MinimumWage
        fields = ["hourly_amount", "valid_from", "source"]
        widgets = {"valid_from": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        self.fields["source"].help_text = _(
            "Le décret qui fixe ce montant, par exemple « Décret n° 2024-951 »."
        )


class CoefficientForm(ScopedRateForm):
    class Meta:
        model = BillingCoefficient
        fields = ["coefficient", "contract_kind", "rome_code", "valid_from"]


class FixedRateForm(ScopedRateForm):
    class Meta:
        model = FixedHourlyRate
        fields = ["member", "contract", "hourly_rate", "valid_from"]


class CostParametersForm(ScopedRateForm):
    class Meta:
        model = CostParameters
        fields = [
            "employer_contribution_rate",
            "paid_leave_rate",
            "equal_treatment_bonus_per_hour",
            "valid_from",
        ]


class MembershipFeeForm(ScopedRateForm):
    class Meta:
        model = MembershipFee
        fields = ["member", "year", "amount"]


class SubsidyForm(ScopedRateForm):
    month = forms.DateField(
        label=_("Mois"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Format AAAA-MM."),
    )

    class Meta:
        model = Subsidy
        fields = ["label", "month", "amount", "contract"]

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


class YearlyCostForm(ScopedRateForm):
    class Meta:
        model = YearlyCost
        fields = ["contract", "year", "amount"]


class ReferencePayForm(ScopedRateForm):
    class Meta:
        model = ReferencePay
        fields = ["member", "job_title", "rome_code", "hourly_pay", "valid_from"]


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Montant reçu (€)"), max_digits=12, decimal_places=2, min_value=0.01)
    received_on = forms.DateField(label=_("Reçu le"), widget=DATE_INPUT)
    method = forms.ChoiceField(label=_("Moyen de paiement"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Référence"), max_length=100, required=False)

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut pas être dans le futur."))
        return value


class EconomicModelForm(YearForm):
    overheads = forms.DecimalField(
        label=_("Frais de structure de l'année (€)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Salaires permanents, locaux, frais de gestion : ajoutés aux coûts pour le point mort."),
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Mois"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Format AAAA-MM."),
    )

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


class AccountingExportForm(PeriodForm):
    layout = forms.ChoiceField(
        label=_("Format"),
        choices=[("fec", _("FEC (fichier des écritures comptables)")), ("csv", _("CSV (tableur)"))],
        initial="fec",
        required=False,
    )

    def clean_layout(self):
        return self.cleaned_data.get("layout") or "fec"
