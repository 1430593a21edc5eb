"""Billing: dated rates, billing runs, invoices, credit notes and their gap-free numbering.

Rounding rules live in mutualis/billing/compute.py; the rules themselves in docs/billing.md.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.core.models import TenantModel, TenantQuerySet
from mutualis.employees.models import ContractKind

MONEY = {"max_digits": 12, "decimal_places": 2}
RATE = {"max_digits": 12, "decimal_places": 4}
PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
}


class RateQuerySet(TenantQuerySet):
    """Rates are read by GE staff only (the default of TenantQuerySet)."""


# --- Rates (step 1) -------------------------------------------------------------------


class BillingCoefficient(TenantModel):
    """A coefficient on the gross hourly wage: GE-wide, by contract kind, or by job (ROME code).

    The most specific rule in force wins (job and kind > job > kind > GE-wide), then the latest.
    Without any row, the GE's `default_billing_coefficient` applies.
    """

    coefficient = models.DecimalField(
        _("coefficient"), max_digits=5, decimal_places=3, validators=[MinValueValidator(Decimal("1"))]
    )
    contract_kind = models.CharField(
        _("type de contrat"), max_length=30, choices=ContractKind.choices, blank=True
    )
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True)
    valid_from = models.DateField(_("en vigueur à partir du"))

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("coefficient de facturation")
        verbose_name_plural = _("coefficients de facturation")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "contract_kind", "rome_code", "valid_from"],
                name="billing_coefficient_unique",
                violation_error_message=_(
                    "Un coefficient existe déjà pour ce type de contrat et ce code ROME à cette date."
                ),
            ),
            models.CheckConstraint(
                name="billing_coefficient_at_least_1",
                condition=Q(coefficient__gte=1),
                violation_error_message=_("Le coefficient de facturation vaut au moins 1."),
            ),
        ]

    def __str__(self):
        scope = " / ".join(filter(None, [self.get_contract_kind_display(), self.rome_code])) or "GE"
        return f"{scope} × {self.coefficient} ({self.valid_from:%d/%m/%Y})"


class FixedHourlyRate(TenantModel):
    """An agreed hourly rate for one contract at one member (until assignments carry it)."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        "employees.Contract", verbose_name=_("contrat"), on_delete=models.PROTECT, related_name="+"
    )
    hourly_rate = models.DecimalField(
        _("taux horaire HT (€)"), **RATE, validators=[MinValueValidator(Decimal("0.01"))]
    )
    valid_from = models.DateField(_("en vigueur à partir du"))

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("taux horaire convenu")
        verbose_name_plural = _("taux horaires convenus")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "contract", "valid_from"],
                name="fixed_rate_unique",
                violation_error_message=_(
                    "Un taux fixe existe déjà pour cet adhérent et ce contrat à cette date."
                ),
            ),
            models.CheckConstraint(
                name="fixed_rate_positive",
                condition=Q(hourly_rate__gt=0),
                violation_error_message=_("Le taux horaire fixe doit être positif."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.contract} : {self.hourly_rate} €/h"


class CostParameters(TenantModel):
    """Exact hourly cost parameters: billing at cost (art. 261 B) and the below-cost guard.

    hourly cost = (gross wage + equal-treatment bonus) × (1 + paid leave) × (1 + contributions).
    """

    employer_contribution_rate = models.DecimalField(_("taux de cotisations patronales (%)"), **PERCENT)
    paid_leave_rate = models.DecimalField(
        _("provision pour congés payés (%)"), default=Decimal("10.00"), **PERCENT
    )
    equal_treatment_bonus_per_hour = models.DecimalField(
        _("prime d'égalité de traitement (€/h)"),
        **RATE,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    valid_from = models.DateField(_("en vigueur à partir du"))

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("paramètres de coût")
        verbose_name_plural = _("paramètres de coût")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "valid_from"],
                name="cost_parameters_unique",
                violation_error_message=_("Des paramètres de coût existent déjà à cette date."),
            ),
        ]

    def __str__(self):
        return f"{self.employer_contribution_rate} % / {self.paid_leave_rate} % ({self.valid_from:%d/%m/%Y})"


def validate_positive_minimum_wage(value):
    # A function, not a MinValueValidator: DRF swaps those for its own wording.
    if value is not None and value <= 0:
        raise ValidationError(_("Le SMIC horaire doit être positif."), code="min_value")


class MinimumWage(models.Model):
    """The hourly gross SMIC, dated (national, not tenant data). PEC aids are a share of it."""

    hourly_amount = models.DecimalField(
        _("SMIC horaire brut (€)"),
        validators=[validate_positive_minimum_wage],
        **RATE,
    )
    valid_from = models.DateField(
        _("en vigueur à partir du"),
        unique=True,
        error_messages={"unique": _("Un SMIC est déjà enregistré à cette date.")},
    )
    source = models.CharField(_("source"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("SMIC horaire")
        verbose_name_plural = _("SMIC horaires")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.hourly_amount} € ({self.valid_from:%d/%m/%Y})"


class MembershipFee(TenantModel):
    """A member's yearly fee, billed on its first invoice of the year."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    amount = models.DecimalField(_("montant (€)"), **MONEY, validators=[MinValueValidator(Decimal("0"))])

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("cotisation")
        verbose_name_plural = _("cotisations")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="membership_fee_unique",
                violation_error_message=_("La cotisation de cet adhérent pour cette année existe déjà."),
            )
        ]

    def __str__(self):
        return f"{self.member} {self.year} : {self.amount} €"


class Subsidy(TenantModel):
    """A subsidy received for a month, passed on to members pro rata of hours (rétrocession)."""

    label = models.CharField(_("libellé"), max_length=200)
    month = models.DateField(_("mois"))
    amount = models.DecimalField(_("montant (€)"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    contract = models.ForeignKey(
        "employees.Contract",
        verbose_name=_("contrat concerné"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vide : répartie sur toutes les heures du mois."),
    )

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("subvention à rétrocéder")
        verbose_name_plural = _("subventions à rétrocéder")
        ordering = ["-month", "id"]

    def __str__(self):
        return f"{self.label} ({self.month:%m/%Y})"


# --- Runs, invoices, credit notes (step 3) --------------------------------------------


class BillingMode(models.TextChoices):
    ACTUAL = "actual", _("Heures réelles")
    PLANNED_THEN_ACTUAL = "planned_then_actual", _("Heures prévues, régularisées le mois suivant")


class RunStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    DRAFTED = "drafted", _("Brouillons prêts")
    BLOCKED = "blocked", _("Bloquée : à corriger puis relancer")
    ISSUED = "issued", _("Émise")
    FAILED = "failed", _("Échec")


class BillingRun(TenantModel):
    """One monthly billing run of a GE: computes drafts, then issues them."""

    month = models.DateField(_("mois facturé"))
    mode = models.CharField(_("base"), max_length=30, choices=BillingMode.choices, default=BillingMode.ACTUAL)
    status = models.CharField(
        _("statut"), max_length=20, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("tâche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    problems = models.JSONField(_("anomalies"), default=list, blank=True)
    # The cause of each problem, same order (compute.Cause): pages group them, one sentence each.
    problem_codes = models.JSONField(_("causes des anomalies"), default=list, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("facturation mensuelle")
        verbose_name_plural = _("facturations mensuelles")
        ordering = ["-month", "-id"]

    def __str__(self):
        return f"{self.month:%m/%Y} ({self.get_status_display()})"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    ISSUED = "issued", _("Émise")
    CANCELLED = "cancelled", _("Annulée par avoir")


class Series(models.TextChoices):
    INVOICE = "F", _("Factures")
    CREDIT_NOTE = "AV", _("Avoirs")


class NumberSequence(models.Model):
    """The last number given per (GE, series, year). Locked (select_for_update) while issuing."""

    group = models.ForeignKey("employer_groups.EmployerGroup", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(_("série"), max_length=10)
    year = models.PositiveSmallIntegerField(_("année"))
    last_number = models.PositiveIntegerField(_("dernier numéro"), default=0)

    class Meta:
        verbose_name = _("séquence de numérotation")
        verbose_name_plural = _("séquences de numérotation")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "series", "year"],
                name="number_sequence_unique",
                violation_error_message=_("Cette série de numérotation existe déjà pour cette année."),
            ),
        ]

    def __str__(self):
        return f"{self.group_id}/{self.series}/{self.year}: {self.last_number}"


class ImmutableDocumentError(PermissionError):
    """An issued invoice or credit note cannot be changed or deleted; issue a credit note."""


class DocumentQuerySet(TenantQuerySet):
    """Invoices and credit notes: drafts only may be updated or deleted in bulk."""

    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(member_id=membership.member_id).exclude(status=DocumentStatus.DRAFT)
        return qs.none()

    def update(self, **kwargs):
        if self.exclude(status=DocumentStatus.DRAFT).exists():
            raise ImmutableDocumentError("An issued document cannot be changed; issue a credit note.")
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(status=DocumentStatus.DRAFT).exists():
            raise ImmutableDocumentError("An issued document cannot be deleted; issue a credit note.")
        return super().delete()

    def _transition(self, **kwargs):
        """The only writes allowed on issued rows: issuing and cancelling (services.py)."""
        return super().update(**kwargs)


class ImmutableAfterIssueMixin:
    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != DocumentStatus.DRAFT:
                raise ImmutableDocumentError("An issued document cannot be changed; issue a credit note.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored is not None and stored != DocumentStatus.DRAFT:
            raise ImmutableDocumentError("An issued document cannot be deleted; issue a credit note.")
        return super().delete(*args, **kwargs)


class BillingDocument(ImmutableAfterIssueMixin, TenantModel):
    """Common fields of invoices and credit notes. Identities are frozen into `parties` at issue."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("année de numérotation"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("rang dans la série"), null=True, blank=True)
    number = models.CharField(_("numéro"), max_length=40, blank=True)
    issue_date = models.DateField(_("date d'émission"), null=True, blank=True)
    issued_at = models.DateTimeField(_("émise le"), null=True, blank=True)
    vat_rate = models.DecimalField(_("taux de TVA (%)"), max_digits=5, decimal_places=2, default=Decimal("0"))
    vat_mention = models.CharField(_("mention TVA"), max_length=200, blank=True)
    total_excl_tax = models.DecimalField(_("total HT (€)"), **MONEY, default=Decimal("0"))
    vat_amount = models.DecimalField(_("TVA (€)"), **MONEY, default=Decimal("0"))
    total_incl_tax = models.DecimalField(_("total TTC (€)"), **MONEY, default=Decimal("0"))
    parties = models.JSONField(_("identités du vendeur et du client"), default=dict, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.number or _("brouillon %(id)s") % {"id": self.public_id}

    @property
    def is_draft(self):
        return self.status == DocumentStatus.DRAFT


class InvoiceKind(models.TextChoices):
    MONTHLY = "monthly", _("Facture mensuelle")
    TRUE_UP = "true_up", _("Régularisation annuelle")
    SERVICE = "service", _("Prestation de services")


class Invoice(BillingDocument):
    """A member's invoice for one month. Immutable once issued; corrected only by a credit note."""

    SERIES = Series.INVOICE

    run = models.ForeignKey(
        BillingRun,
        verbose_name=_("facturation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    period = models.DateField(_("mois facturé"))
    kind = models.CharField(
        _("nature"), max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.MONTHLY
    )
    series = models.CharField(_("série"), max_length=10, default=Series.INVOICE)
    due_date = models.DateField(_("date d'échéance"), null=True, blank=True)
    hours = models.DecimalField(_("heures facturées"), max_digits=10, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = _("facture")
        verbose_name_plural = _("factures")
        ordering = ["-period", "number", "id"]
        constraints = [
            # A month is billed once per member (a cancelled invoice frees the month again).
            models.UniqueConstraint(
                fields=["member", "period", "kind"],
                condition=~Q(status="cancelled") & ~Q(kind="service"),
                name="invoice_one_per_member_and_month",
                violation_error_message=_("Cet adhérent a déjà une facture de ce type pour ce mois."),
            ),
            models.UniqueConstraint(
                fields=["group", "number"],
                condition=~Q(number=""),
                name="invoice_number_unique",
                violation_error_message=_("Ce numéro de facture est déjà attribué."),
            ),
            models.UniqueConstraint(
                fields=["group", "series", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="invoice_sequence_unique",
                violation_error_message=_("Ce rang est déjà attribué dans la série de factures de l'année."),
            ),
            models.CheckConstraint(
                name="invoice_issued_has_number",
                condition=Q(status="draft", sequence__isnull=True, number="")
                | (~Q(status="draft") & Q(sequence__isnull=False, issue_date__isnull=False) & ~Q(number="")),
                violation_error_message=_(
                    "Une facture émise a un numéro et une date d'émission ; un brouillon n'en a pas."
                ),
            ),
        ]


class CreditNote(BillingDocument):
    """Cancels all or part of an issued invoice. Numbered in its own series."""

    SERIES = Series.CREDIT_NOTE

    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("facture corrigée"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
        help_text=_("Vide pour un avoir de régularisation annuelle."),
    )
    true_up_year = models.PositiveSmallIntegerField(_("année régularisée"), null=True, blank=True)
    series = models.CharField(_("série"), max_length=10, default=Series.CREDIT_NOTE)
    reason = models.CharField(_("motif"), max_length=250)
    cancels_invoice = models.BooleanField(_("annule toute la facture"), default=False)

    class Meta:
        verbose_name = _("avoir")
        verbose_name_plural = _("avoirs")
        ordering = ["-issue_date", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                condition=~Q(number=""),
                name="credit_note_number_unique",
                violation_error_message=_("Ce numéro d'avoir est déjà attribué."),
            ),
            models.UniqueConstraint(
                fields=["group", "series", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="credit_note_sequence_unique",
                violation_error_message=_("Ce rang est déjà attribué dans la série d'avoirs de l'année."),
            ),
            models.CheckConstraint(
                name="credit_note_refers_to_invoice_or_year",
                condition=Q(invoice__isnull=False) | Q(true_up_year__isnull=False),
                violation_error_message=_(
                    "Un avoir porte sur une facture ou sur la régularisation d'une année."
                ),
            ),
            models.CheckConstraint(
                name="credit_note_issued_has_number",
                condition=Q(status="draft", sequence__isnull=True, number="")
                | (~Q(status="draft") & Q(sequence__isnull=False, issue_date__isnull=False) & ~Q(number="")),
                violation_error_message=_(
                    "Un avoir émis a un numéro et une date d'émission ; un brouillon n'en a pas."
                ),
            ),
        ]


class LineQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.exclude(document__status=DocumentStatus.DRAFT).exists():
            raise ImmutableDocumentError("Lines of an issued document cannot be changed.")
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(document__status=DocumentStatus.DRAFT).exists():
            raise ImmutableDocumentError("Lines of an issued document cannot be deleted.")
        return super().delete()


class LineKind(models.TextChoices):
    HOURS = "hours", _("Heures")
    AID = "aid", _("Aide à l'emploi")
    SUBSIDY = "subsidy", _("Subvention rétrocédée")
    SETTLEMENT = "settlement", _("Régularisation")
    FEE = "fee", _("Cotisation")
    TRAINING = "training", _("Formation refacturée")
    SERVICE = "service", _("Prestation vendue")
    CORRECTION = "correction", _("Correction")
    TRUE_UP = "true_up", _("Régularisation annuelle")


class DocumentLine(models.Model):
    position = models.PositiveSmallIntegerField(_("rang"))
    kind = models.CharField(_("nature"), max_length=20, choices=LineKind.choices)
    label = models.CharField(_("libellé"), max_length=250)
    quantity = models.DecimalField(_("quantité"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("prix unitaire HT (€)"), **RATE)
    amount = models.DecimalField(_("montant HT (€)"), **MONEY)
    explanation = models.CharField(_("calcul"), max_length=500, blank=True)
    employee = models.ForeignKey(
        "employees.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        "employees.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LineQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return f"{self.label}: {self.amount}"

    def save(self, *args, **kwargs):
        if type(self.document)._base_manager.filter(pk=self.document_id).exclude(status="draft").exists():
            raise ImmutableDocumentError("Lines of an issued document cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self.document)._base_manager.filter(pk=self.document_id).exclude(status="draft").exists():
            raise ImmutableDocumentError("Lines of an issued document cannot be deleted.")
        return super().delete(*args, **kwargs)


class InvoiceLine(DocumentLine):
    document = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")

    class Meta(DocumentLine.Meta):
        verbose_name = _("ligne de facture")
        verbose_name_plural = _("lignes de facture")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"],
                name="invoice_line_position",
                violation_error_message=_("Cette position est déjà prise dans la facture."),
            )
        ]


class CreditNoteLine(DocumentLine):
    document = models.ForeignKey(CreditNote, on_delete=models.PROTECT, related_name="lines")

    class Meta(DocumentLine.Meta):
        verbose_name = _("ligne d'avoir")
        verbose_name_plural = _("lignes d'avoir")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"],
                name="credit_note_line_position",
                violation_error_message=_("Cette position est déjà prise dans l'avoir."),
            )
        ]


# --- Payments and the yearly true-up (step 5) -----------------------------------------


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Virement")
    DIRECT_DEBIT = "direct_debit", _("Prélèvement")
    CHEQUE = "cheque", _("Chèque")
    OTHER = "other", _("Autre")


class PaymentQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(member_id=membership.member_id)
        return qs.none()


class Payment(TenantModel):
    """Money received from a member against one issued invoice (part or whole)."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="+"
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("facture"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("montant (€)"), **MONEY)
    received_on = models.DateField(_("reçu le"))
    method = models.CharField(_("moyen"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("référence"), max_length=100, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="payment_positive",
                condition=Q(amount__gt=0),
                violation_error_message=_("Le montant d'un paiement doit être positif."),
            )
        ]

    def __str__(self):
        return f"{self.amount} € ({self.received_on:%d/%m/%Y})"


class YearlyCost(TenantModel):
    """The actual cost of a contract over a year (payroll: wages, contributions, leave, bonuses).

    The true-up of an at-cost GE shares it among members pro rata of the hours billed.
    """

    contract = models.ForeignKey(
        "employees.Contract", verbose_name=_("contrat"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    amount = models.DecimalField(_("coût réel (€)"), **MONEY, validators=[MinValueValidator(Decimal("0"))])

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("coût annuel réel")
        verbose_name_plural = _("coûts annuels réels")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year"],
                name="yearly_cost_unique",
                violation_error_message=_("Le coût de ce contrat pour cette année existe déjà."),
            )
        ]

    def __str__(self):
        return f"{self.contract} {self.year} : {self.amount} €"


# --- Settings, reminders, equal treatment (issue 6, second part) -----------------------


class BillingSettingsQuerySet(models.QuerySet):
    def visible_to(self, membership):
        if membership is None or membership.role not in STAFF_ROLES:
            return self.none()
        return self.filter(group_id=membership.group_id)


class BillingSettings(models.Model):
    """A GE's billing settings (one row per GE, created on first use by `selectors.settings_for`)."""

    group = models.OneToOneField(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement"),
        on_delete=models.PROTECT,
        related_name="billing_settings",
    )
    vat_on_debits = models.BooleanField(
        _("option pour le paiement de la taxe d'après les débits"),
        default=False,
        help_text=_(
            "À cocher si le groupement a opté pour la TVA exigible à la facturation : la mention "
            "figure alors sur chaque facture (décret 2022-1299)."
        ),
    )
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("délai entre deux relances (jours)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Une facture en retard n'est pas relancée deux fois dans ce délai."),
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("délai de paiement (jours)"),
        default=30,
        validators=[MaxValueValidator(60)],
        help_text=_("Échéance des factures, en jours après l'émission (60 jours au plus, article L441-10)."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = BillingSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("paramètres de facturation")
        verbose_name_plural = _("paramètres de facturation")

    def __str__(self):
        return str(_("Paramètres de facturation"))


class PaymentReminder(TenantModel):
    """One reminder e-mail sent about one overdue invoice (the next one waits the settings' interval)."""

    PERSONAL_DATA = {"email": _("10 ans, avec la facture relancée (pièce comptable)")}

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("facture"), on_delete=models.PROTECT, related_name="reminders"
    )
    sent_on = models.DateField(_("envoyée le"))
    email = models.EmailField(_("destinataire"))
    remaining = models.DecimalField(_("reste dû à la relance (€)"), **MONEY)
    days_late = models.PositiveIntegerField(_("jours de retard"))

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("relance de paiement")
        verbose_name_plural = _("relances de paiement")
        ordering = ["-sent_on", "-id"]

    def __str__(self):
        return f"{self.invoice} ({self.sent_on:%d/%m/%Y})"

    @property
    def member_id(self):
        return self.invoice.member_id


class ReferencePay(TenantModel):
    """A member's hourly pay for a job equivalent to a GE employee's (equal treatment, L1253-9).

    `hourly_pay` is the pay mass per hour of an equivalent employee of the member: base wage plus
    benefits (bonuses, profit-sharing) brought back to one hour. Matched to a contract by ROME code,
    else by job title.
    """

    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="+"
    )
    job_title = models.CharField(_("emploi équivalent"), max_length=200)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True)
    hourly_pay = models.DecimalField(
        _("rémunération horaire de référence (€)"), **RATE, validators=[MinValueValidator(Decimal("0.01"))]
    )
    valid_from = models.DateField(_("en vigueur à partir du"))

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("rémunération de référence")
        verbose_name_plural = _("rémunérations de référence")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "job_title", "rome_code", "valid_from"],
                name="reference_pay_unique",
                violation_error_message=_(
                    "Une rémunération de référence existe déjà pour cet emploi chez cet adhérent à cette date."
                ),
            ),
            models.CheckConstraint(
                name="reference_pay_positive",
                condition=Q(hourly_pay__gt=0),
                violation_error_message=_("La rémunération horaire de référence doit être positive."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.job_title} : {self.hourly_pay} €/h"
