"""Funding applications (appels à manifestation d'intérêt): calls whose rules are data, and the
applications a GE or an outside organisation prepares, checks, exports and, once granted, reports on.

A call (`FundingCall`) is one *version* of a call's rules: a change of rules is a new row with the
same `code` and the next `version`; an application keeps the version it was written against. The
rules are read by `rules.check_application`, a plain function that names every rule breached.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES

from .enums import ApplicationStatus, ConsortiumRole, ExpenseCategory, IndicatorKind, SourceKind

CENT = Decimal("0.01")
PERCENT_VALIDATORS = [
    MinValueValidator(Decimal("0"), message=_("Un pourcentage ne peut pas être négatif.")),
    MaxValueValidator(Decimal("100"), message=_("Un pourcentage ne peut pas dépasser 100.")),
]
NEGATIVE_AMOUNT = _("Un montant ne peut pas être négatif.")
NON_NEGATIVE = [MinValueValidator(Decimal("0"), message=NEGATIVE_AMOUNT)]


def money(value):
    """Round once, to the cent, half up (the rule of French public budgets)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def evidence_upload_to(instance, filename):
    """An unguessable name: evidence (payslips…) may hold personal data."""
    suffix = Path(filename).suffix.lower()[:6]
    return f"funding/{instance.application.public_id}/{uuid.uuid4().hex}{suffix}"


def _valid_categories(values, field):
    known = set(ExpenseCategory.values)
    unknown = [v for v in values or [] if v not in known]
    if unknown:
        raise ValidationError(
            {field: _("Catégories inconnues : %(values)s.") % {"values": ", ".join(map(str, unknown))}}
        )


class FundingCall(models.Model):
    """One version of a call's rules. Shared by the platform (not a tenant)."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version des règles"), default=1)
    name = models.CharField(_("intitulé"), max_length=250)
    short_name = models.CharField(_("nom court"), max_length=40)
    description = models.TextField(_("présentation"), blank=True)
    eligible_applicants = models.TextField(_("porteurs éligibles"), blank=True)
    funder = models.CharField(_("financeur"), max_length=120, default="État")
    published_on = models.DateField(_("publié le"), null=True, blank=True)
    deadline = models.DateField(_("date limite de dépôt"), null=True, blank=True)
    # Caps on the amount asked from the call's funder: in euros, and in % of the total cost.
    cap_amount = models.DecimalField(
        _("plafond de l'aide (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    cap_pct = models.DecimalField(
        _("plafond de l'aide (% du coût total)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    cap_scope = models.CharField(
        _("portée du plafond"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « par territoire lauréat »."),
    )
    min_self_pct = models.DecimalField(
        _("autofinancement minimum (% du coût total)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    partners_count_as_self = models.BooleanField(
        _("le cofinancement des partenaires compte dans l'autofinancement"), default=False
    )
    overhead_max_pct = models.DecimalField(
        _("frais généraux maximum (% du coût total)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    overhead_categories = models.JSONField(
        _("catégories comptées dans les frais généraux"), default=list, blank=True
    )
    eligible_categories = models.JSONField(
        _("catégories éligibles"),
        default=list,
        blank=True,
        help_text=_("Vide : toutes sauf les inéligibles."),
    )
    ineligible_categories = models.JSONField(_("catégories inéligibles"), default=list, blank=True)
    justification_categories = models.JSONField(
        _("catégories à justifier ligne par ligne"), default=list, blank=True
    )
    # [{"code": "axe1", "title": "…", "questions": ["…"]}]: every one must be in the application.
    required_axes = models.JSONField(_("axes obligatoires"), default=list, blank=True)
    max_indicators_per_axis = models.PositiveIntegerField(
        _("indicateurs par axe (maximum conseillé)"), null=True, blank=True
    )
    max_months = models.PositiveIntegerField(_("durée maximale (mois)"), null=True, blank=True)
    # [{"label": "Début 2022", "pct": "60"}]: shares of the grant, adding up to 100.
    payment_schedule = models.JSONField(_("échéancier de versement"), default=list, blank=True)
    # The headings of the call's application file, in order, each with the part of the application it
    # shows ({"title": "…", "section": "applicant" | "consortium" | "summary" | "axes" | "budget"}).
    headings = models.JSONField(_("rubriques du dossier"), default=list, blank=True)
    notes = models.TextField(_("points d'interprétation"), blank=True)
    source_quotes = models.TextField(_("extraits du texte de l'appel"), blank=True)
    is_active = models.BooleanField(_("ouvert aux nouvelles demandes"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["short_name", "-version", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="funding_call_unique_version",
                violation_error_message=_("Cette version des règles existe déjà pour cet appel."),
            ),
        ]

    def __str__(self):
        return f"{self.short_name} (v{self.version})"

    def clean(self):
        for field in (
            "overhead_categories",
            "eligible_categories",
            "ineligible_categories",
            "justification_categories",
        ):
            _valid_categories(getattr(self, field), field)
        if self.payment_schedule:
            try:
                total = sum(Decimal(str(step["pct"])) for step in self.payment_schedule)
            except (KeyError, TypeError, ArithmeticError) as exc:
                raise ValidationError(
                    {"payment_schedule": _("Chaque échéance a un libellé et un pourcentage.")}
                ) from exc
            if total != 100:
                raise ValidationError(
                    {
                        "payment_schedule": _("Les échéances doivent totaliser 100 %% (ici %(total)s %%).")
                        % {"total": total}
                    }
                )
        if self.overhead_max_pct is not None and not self.overhead_categories:
            raise ValidationError(
                {"overhead_categories": _("Un plafond de frais généraux dit quelles catégories il couvre.")}
            )

    def category_label(self, value):
        return ExpenseCategory(value).label if value in ExpenseCategory.values else value


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """A GE's staff see the GE's applications; an organisation's users, the organisation's."""
        if membership is None:
            return self.none()
        if membership.group_id is not None:
            if membership.role not in STAFF_ROLES:
                return self.none()
            return self.filter(group_id=membership.group_id)
        if membership.organisation_id is not None:
            return self.filter(organisation_id=membership.organisation_id)
        return self.none()


class FundingApplication(models.Model):
    """An application to one version of a call, by a GE or by an outside organisation."""

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(
        FundingCall, verbose_name=_("appel"), on_delete=models.PROTECT, related_name="applications"
    )
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement porteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation porteuse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("intitulé du projet"), max_length=250)
    summary = models.TextField(_("présentation du projet"), blank=True)
    territory = models.CharField(_("territoire concerné"), max_length=250, blank=True)
    start_date = models.DateField(_("début prévu"), null=True, blank=True)
    duration_months = models.PositiveIntegerField(
        _("durée (mois)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    granted_amount = models.DecimalField(
        _("montant accordé"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    decided_on = models.DateField(_("décision du"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de financement")
        verbose_name_plural = _("demandes de financement")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="funding_application_one_applicant",
                condition=Q(group__isnull=False, organisation__isnull=True)
                | Q(group__isnull=True, organisation__isnull=False),
                violation_error_message=_(
                    "Une demande est portée par un groupement ou par une organisation."
                ),
            ),
            models.CheckConstraint(
                name="funding_application_granted_amount",
                condition=Q(granted_amount__isnull=True) | Q(status=ApplicationStatus.GRANTED),
                violation_error_message=_("Seule une demande accordée a un montant accordé."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def applicant(self):
        return self.group or self.organisation

    @property
    def is_editable(self):
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_granted(self):
        return self.status == ApplicationStatus.GRANTED


class ConsortiumMember(models.Model):
    PERSONAL_DATA = {
        "contact_name": _(
            "supprimé 5 ans après la clôture de la demande (durée de contrôle des subventions)"
        ),
        "contact_email": _(
            "supprimé 5 ans après la clôture de la demande (durée de contrôle des subventions)"
        ),
        "contact_phone": _(
            "supprimé 5 ans après la clôture de la demande (durée de contrôle des subventions)"
        ),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(FundingApplication, on_delete=models.CASCADE, related_name="consortium")
    position = models.PositiveIntegerField(_("ordre"), default=1)
    name = models.CharField(_("structure"), max_length=200)
    kind = models.CharField(_("type de membre"), max_length=120, blank=True)
    role = models.CharField(
        _("rôle"), max_length=20, choices=ConsortiumRole.choices, default=ConsortiumRole.MEMBER
    )
    contact_name = models.CharField(_("interlocuteur référent"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    commitment = models.TextField(_("engagement dans le projet"), blank=True)
    letter = models.FileField(
        _("lettre d'engagement"), upload_to=evidence_upload_to, max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("membre du consortium")
        verbose_name_plural = _("membres du consortium")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class ProjectAxis(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(FundingApplication, on_delete=models.CASCADE, related_name="axes")
    position = models.PositiveIntegerField(_("ordre"), default=1)
    code = models.CharField(_("code de l'axe"), max_length=40, blank=True)
    title = models.CharField(_("intitulé de l'axe"), max_length=250)
    objectives = models.TextField(_("objectifs opérationnels"), blank=True)
    actions = models.TextField(_("actions proposées"), blank=True)
    public = models.TextField(_("public concerné"), blank=True)
    public_count = models.PositiveIntegerField(_("nombre de personnes visées"), null=True, blank=True)
    public_share_pct = models.DecimalField(
        _("part de la population à accompagner (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    impacts = models.TextField(_("changements et impacts attendus"), blank=True)
    methods = models.TextField(_("méthodes et acteurs associés"), blank=True)
    calendar = models.TextField(_("calendrier de déploiement"), blank=True)

    class Meta:
        verbose_name = _("axe du projet")
        verbose_name_plural = _("axes du projet")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    axis = models.ForeignKey(ProjectAxis, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(_("ordre"), default=1)
    label = models.CharField(_("indicateur"), max_length=250)
    kind = models.CharField(
        _("nature"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.RESULTS
    )
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("valeur de départ"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    target = models.DecimalField(
        _("cible"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class BudgetLine(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(FundingApplication, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveIntegerField(_("ligne"), default=1)
    action = models.CharField(_("action / objet de la dépense"), max_length=250)
    category = models.CharField(_("catégorie de dépense"), max_length=40, choices=ExpenseCategory.choices)
    nature = models.CharField(_("nature de la dépense"), max_length=250, blank=True)
    unit_cost = models.DecimalField(
        _("coût unitaire"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE
    )
    quantity = models.DecimalField(
        _("quantité"), max_digits=10, decimal_places=2, default=Decimal("1"), validators=NON_NEGATIVE
    )
    # unit_cost × quantity rounded once to the cent (half up); stored so that every reader agrees.
    amount = models.DecimalField(_("coût"), max_digits=12, decimal_places=2, editable=False)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="funding_budget_line_non_negative",
                condition=Q(unit_cost__gte=0, quantity__gte=0, amount__gte=0),
                violation_error_message=NEGATIVE_AMOUNT,
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.action}"

    def save(self, *args, **kwargs):
        self.amount = money(self.unit_cost * self.quantity)
        super().save(*args, **kwargs)


class FundingSource(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(FundingApplication, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveIntegerField(_("ordre"), default=1)
    kind = models.CharField(_("nature du financement"), max_length=20, choices=SourceKind.choices)
    funder = models.CharField(_("financeur"), max_length=200, blank=True)
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)

    class Meta:
        verbose_name = _("source de financement")
        verbose_name_plural = _("sources de financement")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="funding_source_non_negative",
                condition=Q(amount__gte=0),
                violation_error_message=NEGATIVE_AMOUNT,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class Expense(models.Model):
    """Spending recorded against a budget line once the grant is awarded."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(FundingApplication, on_delete=models.CASCADE, related_name="expenses")
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("ligne de budget"), on_delete=models.PROTECT, related_name="expenses"
    )
    spent_on = models.DateField(_("date de la dépense"))
    label = models.CharField(_("libellé"), max_length=250)
    supplier = models.CharField(_("fournisseur ou bénéficiaire"), max_length=200, blank=True)
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dépense réalisée")
        verbose_name_plural = _("dépenses réalisées")
        ordering = ["spent_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="funding_expense_non_negative",
                condition=Q(amount__gte=0),
                violation_error_message=NEGATIVE_AMOUNT,
            ),
        ]

    def __str__(self):
        return f"{self.spent_on} {self.label}"


class Evidence(models.Model):
    """A supporting document (« probant »): of a budget line, or of one expense."""

    PERSONAL_DATA = {
        "file": _(
            "supprimé 10 ans après la clôture de la subvention (pièces comptables, peut contenir des bulletins de salaire)"
        ),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(FundingApplication, on_delete=models.CASCADE, related_name="evidence")
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("ligne de budget"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    expense = models.ForeignKey(
        Expense,
        verbose_name=_("dépense"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    title = models.CharField(_("intitulé de la pièce"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class IndicatorReport(models.Model):
    """A measured value of an indicator at the end of a period (after the grant)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField(_("fin de la période"))
    value = models.DecimalField(_("valeur mesurée"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    comment = models.TextField(_("commentaire"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mesure d'indicateur")
        verbose_name_plural = _("mesures d'indicateurs")
        ordering = ["period_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"],
                name="funding_indicator_report_unique_period",
                violation_error_message=_("Cet indicateur a déjà une mesure pour cette période."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period_end}: {self.value}"
