from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.core.constraints import FieldConstraintsMixin
from mutualis.core.models import ArchivableQuerySet, TenantModel
from mutualis.core.validators import validate_birth_date, validate_postcode_format


class SkillKind(models.TextChoices):
    TECHNICAL = "technical", _("Technique")
    TRANSVERSAL = "transversal", _("Transversale")
    BEHAVIOURAL = "behavioural", _("Comportementale")


class Skill(models.Model):
    """A skill of the referential. Technical skills carry their ROME code. Shipped skills (loaded by
    mutualis.referential) have no group; a GE's own skills have its group and are seen only by it."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=SkillKind.choices)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True)
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("propre au groupement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_skills",
    )

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["kind", "label"]

    def __str__(self):
        return f"{self.label} ({self.rome_code})" if self.rome_code else self.label


class EmployeeQuerySet(ArchivableQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.EMPLOYEE:
            return qs.filter(pk=membership.employee_id)
        if membership.role == Role.MEMBER_CONTACT:
            # The employees whose current contract lists this member among its potential users.
            return qs.filter(contracts__potential_members=membership.member_id).distinct()
        return qs.none()


class Employee(TenantModel):
    """A person employed by the GE and placed with its members."""

    PERSONAL_DATA = {
        "first_name": _("5 ans après la fin du dernier contrat"),
        "last_name": _("5 ans après la fin du dernier contrat"),
        "birth_date": _("5 ans après la fin du dernier contrat"),
        "email": _("5 ans après la fin du dernier contrat"),
        "phone": _("5 ans après la fin du dernier contrat"),
        "address": _("5 ans après la fin du dernier contrat"),
        "postcode": _("5 ans après la fin du dernier contrat"),
        "city": _("5 ans après la fin du dernier contrat"),
    }

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(
        _("date de naissance"), null=True, blank=True, validators=[validate_birth_date]
    )
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validate_postcode_format]
    )
    city = models.CharField(_("commune"), max_length=120, blank=True)
    home_site = models.ForeignKey(
        "members.Site",
        verbose_name=_("site de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="home_of",
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("compétences"), blank=True, related_name="employees"
    )
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("salarié")
        verbose_name_plural = _("salariés")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return str(self)


class ContractKind(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
    PEC = "pec", _("Parcours emploi compétences (PEC)")
    ADULT_RELAY = "adult_relay", _("Adulte-relais")
    DIGITAL_ADVISOR = "digital_advisor", _("Conseiller numérique")
    OTHER_AIDED = "other_aided", _("Autre contrat aidé")


AIDED_KINDS = frozenset(
    {ContractKind.PEC, ContractKind.ADULT_RELAY, ContractKind.DIGITAL_ADVISOR, ContractKind.OTHER_AIDED}
)
FIXED_TERM_KINDS = frozenset(set(ContractKind) - {ContractKind.CDI})
AID_FIELDS = (
    "aid_rate_percent",
    "aid_weekly_hours_cap",
    "aid_yearly_amount",
    "aid_start_date",
    "aid_end_date",
    "aid_reference",
)
END_BEFORE_START = "end_before_start"
FIXED_TERM_WITHOUT_END = "fixed_term_without_end"


class ContractQuerySet(ArchivableQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.EMPLOYEE:
            return qs.filter(employee_id=membership.employee_id)
        return qs.none()

    def current(self, on):
        return self.filter(Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on)))


class Contract(FieldConstraintsMixin, TenantModel):
    """An employment contract between the GE and an employee (written, art. L1253-9)."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("salarié"), on_delete=models.PROTECT, related_name="contracts"
    )
    kind = models.CharField(_("type de contrat"), max_length=30, choices=ContractKind.choices)
    job_title = models.CharField(_("emploi"), max_length=200)
    qualification = models.CharField(_("qualification professionnelle"), max_length=200, blank=True)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True)
    weekly_hours = models.DecimalField(
        _("durée hebdomadaire (h)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("48"))],
    )
    # Hourly rates keep 4 decimals, as on French payslips; amounts are rounded to the cent where billed.
    gross_hourly_wage = models.DecimalField(
        _("salaire horaire brut (€)"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start_date = models.DateField(_("date de début"))
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    part_time_exemption = models.BooleanField(
        _("dérogation écrite aux 24 h"),
        default=False,
        help_text=_("Demande écrite et motivée du salarié (art. L3123-7), à conserver."),
    )
    # Aid parameters (aided contracts): % × hourly SMIC × capped hours, or a yearly amount.
    aid_rate_percent = models.DecimalField(
        _("taux de l'aide (% du SMIC horaire)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    aid_weekly_hours_cap = models.DecimalField(
        _("heures hebdomadaires prises en charge"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    aid_yearly_amount = models.DecimalField(
        _("montant annuel de l'aide (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    aid_start_date = models.DateField(_("début de l'aide"), null=True, blank=True)
    aid_end_date = models.DateField(_("fin de l'aide"), null=True, blank=True)
    aid_reference = models.CharField(_("référence de la convention d'aide"), max_length=100, blank=True)
    potential_members = models.ManyToManyField(
        "members.Member",
        verbose_name=_("utilisateurs potentiels (adhérents)"),
        blank=True,
        related_name="contracts",
    )
    places = models.ManyToManyField(
        "members.Site", verbose_name=_("lieux d'exécution"), blank=True, related_name="contracts_as_place"
    )
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)

    objects = ContractQuerySet.as_manager()

    CONSTRAINT_FIELDS = {END_BEFORE_START: "end_date", FIXED_TERM_WITHOUT_END: "end_date"}

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="contract_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                violation_error_code=END_BEFORE_START,
                violation_error_message=_("La date de fin précède la date de début."),
            ),
            models.CheckConstraint(
                name="contract_fixed_term_has_end",
                condition=Q(kind="cdi") | Q(end_date__isnull=False),
                violation_error_code=FIXED_TERM_WITHOUT_END,
                violation_error_message=_("Un contrat à durée déterminée doit avoir une date de fin."),
            ),
            # The field's validators ask for at least 0.25 h; the database refuses zero and less.
            models.CheckConstraint(
                name="contract_positive_hours",
                condition=Q(weekly_hours__gt=0),
                violation_error_message=_("La durée hebdomadaire doit être positive."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.employee} — {self.job_title}"

    @property
    def is_aided(self):
        return self.kind in AIDED_KINDS

    @property
    def is_below_part_time_floor(self):
        return self.weekly_hours < 24 and not self.part_time_exemption

    def clean(self):
        errors = {}
        if self.kind and self.kind not in AIDED_KINDS:
            for name in AID_FIELDS:
                if getattr(self, name) not in (None, ""):
                    errors[name] = _(
                        "Ce paramètre d'aide ne vaut que pour un contrat aidé (PEC, adulte-relais, "
                        "conseiller numérique…)."
                    )
        if self.aid_start_date and self.aid_end_date and self.aid_end_date < self.aid_start_date:
            errors["aid_end_date"] = _("La fin de l'aide précède son début.")
        if errors:
            raise ValidationError(errors)
