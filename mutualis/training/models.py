"""Training shared between GEs (issue 20): a catalogue in the LHEO structure (training bodies,
offers → actions → sessions), sessions shared with the GEs of a territory, enrolments with their
funding, attendance signed per half-day, certificates that add a skill (with its expiry) to the
employee, and career reviews whose periods are rules a branch agreement can change.
See docs/training.md.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES
from mutualis.core.models import TenantModel, TenantQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class TrainingBody(TenantModel):
    """An organisme de formation (LHEO « organisme-formation-responsable »)."""

    name = models.CharField(_("nom"), max_length=200)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        validators=[RegexValidator(r"^\d{14}$", _("Le SIRET compte 14 chiffres."))],
    )
    activity_number = models.CharField(
        _("numéro de déclaration d'activité"),
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^\d{11}$", _("Le numéro d'activité compte 11 chiffres."))],
    )
    qualiopi_until = models.DateField(_("certifié Qualiopi jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisme de formation")
        verbose_name_plural = _("organismes de formation")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class TrainingOffer(TenantModel):
    """An LHEO « formation »: what is taught, its codes and the certification it leads to."""

    number = models.CharField(_("numéro LHEO"), max_length=60, blank=True)
    body = models.ForeignKey(
        TrainingBody, verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    objective = models.TextField(_("objectif"), blank=True)
    expected_results = models.TextField(_("résultats attendus"), blank=True)
    content = models.TextField(_("contenu"), blank=True)
    certifying = models.BooleanField(_("certifiante"), default=False)
    formacodes = models.JSONField(
        _("codes Formacode"), default=list, blank=True, help_text=_('[{"code": "34582", "ref": "V12"}]')
    )
    rome_codes = models.JSONField(_("codes ROME"), default=list, blank=True)
    nsf_codes = models.JSONField(_("codes NSF"), default=list, blank=True)
    certifications = models.JSONField(
        _("certifications (RNCP, RS)"), default=list, blank=True, help_text=_('["RNCP35193", "RS5634"]')
    )
    skill = models.ForeignKey(
        "employees.Skill",
        verbose_name=_("compétence acquise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validité de la certification (mois)"),
        null=True,
        blank=True,
        help_text=_("CACES, SST… : la compétence expire après ce nombre de mois."),
    )

    class Meta:
        verbose_name = _("offre de formation")
        verbose_name_plural = _("offres de formation")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        for item in self.formacodes or []:
            if not (isinstance(item, dict) and str(item.get("code", "")).isdigit() and item.get("ref")):
                raise ValidationError(
                    {"formacodes": _("Chaque code Formacode a 5 chiffres et sa version (V10, V11, V12…).")}
                )
        for code in self.rome_codes or []:
            if not RegexValidator(r"^[A-N]\d{4}$").regex.match(str(code)):
                raise ValidationError({"rome_codes": _("Code ROME inconnu : %(c)s.") % {"c": code}})
        for code in self.nsf_codes or []:
            if len(str(code)) != 3:
                raise ValidationError(
                    {"nsf_codes": _("Un code NSF compte 3 caractères : %(c)s.") % {"c": code}}
                )


class TrainingAction(TenantModel):
    """An LHEO « action »: how and where the offer is delivered, its hours and price."""

    offer = models.ForeignKey(
        TrainingOffer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="actions"
    )
    number = models.CharField(_("numéro LHEO"), max_length=60, blank=True)
    hours = models.DecimalField(
        _("nombre d'heures"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.5"))]
    )
    price = models.DecimalField(
        _("prix par stagiaire (€)"), validators=[MinValueValidator(ZERO)], default=ZERO, **MONEY
    )
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    distance = models.BooleanField(_("à distance"), default=False)

    class Meta:
        verbose_name = _("action de formation")
        verbose_name_plural = _("actions de formation")
        ordering = ["offer__title", "id"]

    def __str__(self):
        return f"{self.offer} — {self.place or _('à distance')}"


class SessionQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        """GE staff see their GE's sessions and the sessions shared with a territory their GE belongs
        to and cooperates in (the same cooperation space as the job exchange)."""
        if membership is None or membership.group_id is None or membership.role not in STAFF_ROLES:
            return self.none()
        from mutualis.territories.models import Territory

        mine = Territory.objects.filter(
            groups=membership.group_id,
            agreements__group=membership.group_id,
            agreements__exchange=True,
            is_active=True,
        )
        return self.filter(Q(group_id=membership.group_id) | Q(shared_with__in=mine)).distinct()


class TrainingSession(TenantModel):
    """An LHEO « session »: dates and places; its seats can be opened to the GEs of territories."""

    action = models.ForeignKey(
        TrainingAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.CharField(_("numéro LHEO"), max_length=60, blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    places = models.PositiveSmallIntegerField(_("places"), default=1, validators=[MinValueValidator(1)])
    shared_with = models.ManyToManyField(
        "territories.Territory", verbose_name=_("places ouvertes aux GE de"), blank=True, related_name="+"
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_session_dates",
                violation_error_message=_("La session ne peut pas finir avant de commencer."),
            )
        ]

    def __str__(self):
        return f"{self.action.offer} ({self.starts_on:%d/%m/%Y})"


class EnrolmentQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        from mutualis.accounts.roles import Role

        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.EMPLOYEE:
            return qs.filter(employee_id=membership.employee_id)
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(asked_by_id=membership.member_id)
        return qs.none()


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Inscrit")
    COMPLETED = "completed", _("Formation achevée")
    CANCELLED = "cancelled", _("Annulée")


class Enrolment(TenantModel):
    """A trainee in a session. `group` is the trainee's GE (maybe not the session's): a GE sees only
    its own trainees."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="enrolments"
    )
    employee = models.ForeignKey(
        "employees.Employee", verbose_name=_("salarié"), on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        "members.Member",
        verbose_name=_("demandée par l'adhérent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cost = models.DecimalField(_("coût (€)"), validators=[MinValueValidator(ZERO)], **MONEY)
    status = models.CharField(
        _("état"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    certified_on = models.DateField(_("attestation de fin de formation le"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["session__starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                name="training_enrolment_unique",
                violation_error_message=_("Ce salarié est déjà inscrit à cette session."),
            )
        ]

    def __str__(self):
        return f"{self.employee} — {self.session}"


class FundingScheme(models.TextChoices):
    PLAN = "plan", _("Plan de développement des compétences")
    PRO_A = "pro_a", _("Pro-A")
    CPF = "cpf", _("CPF")
    POEI = "poei", _("POEI")
    POEC = "poec", _("POEC")
    FNE = "fne", _("FNE-Formation")
    OTHER = "other", _("Autre")


class FundingStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")
    PAID = "paid", _("Payée")


class Funding(TenantModel):
    """The funding of one trainee: scheme, funder (the GE's OPCO by default), file and amounts."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="fundings"
    )
    scheme = models.CharField(_("dispositif"), max_length=10, choices=FundingScheme.choices)
    funder = models.CharField(_("financeur"), max_length=120)
    file_number = models.CharField(_("numéro de dossier"), max_length=60, blank=True)
    requested = models.DecimalField(_("demandé (€)"), validators=[MinValueValidator(ZERO)], **MONEY)
    granted = models.DecimalField(
        _("accordé (€)"), validators=[MinValueValidator(ZERO)], default=ZERO, **MONEY
    )
    paid = models.DecimalField(_("versé (€)"), validators=[MinValueValidator(ZERO)], default=ZERO, **MONEY)
    status = models.CharField(_("état"), max_length=10, choices=FundingStatus.choices, default="draft")
    regularisation = models.BooleanField(_("dépôt en régularisation"), default=False)
    submitted_on = models.DateField(_("déposée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("financement")
        verbose_name_plural = _("financements")
        ordering = ["enrolment_id", "id"]

    def __str__(self):
        return f"{self.get_scheme_display()} — {self.funder}"


class HalfDay(models.TextChoices):
    MORNING = "am", _("Matin")
    AFTERNOON = "pm", _("Après-midi")


class Attendance(TenantModel):
    """One half-day of attendance, signed by the trainee in the app (timestamp kept)."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.DateField(_("jour"))
    half = models.CharField(_("demi-journée"), max_length=2, choices=HalfDay.choices)
    signed_at = models.DateTimeField(_("signé le"), null=True, blank=True)
    signed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("signé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("émargement")
        verbose_name_plural = _("émargements")
        ordering = ["day", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "day", "half"],
                name="training_attendance_unique",
                violation_error_message=_("Cette demi-journée est déjà émargée."),
            )
        ]


class CertificationQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        from mutualis.accounts.roles import Role

        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.EMPLOYEE:
            return qs.filter(employee_id=membership.employee_id)
        return qs.none()


class EmployeeCertification(TenantModel):
    """A skill certified by a training: evidence « certifié » and, where it has one, its expiry.
    The skill is also added to the employee's skills, so matching and the exchange see it."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    skill = models.ForeignKey("employees.Skill", verbose_name=_("compétence"), on_delete=models.PROTECT)
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("formation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_on = models.DateField(_("certifiée le"))
    expires_on = models.DateField(_("expire le"), null=True, blank=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("compétence certifiée")
        verbose_name_plural = _("compétences certifiées")
        ordering = ["expires_on", "id"]


class ReviewKind(models.TextChoices):
    FIRST = "first", _("Premier entretien de parcours professionnel")
    PERIODIC = "periodic", _("Entretien de parcours professionnel")
    RECAP = "recap", _("Entretien récapitulatif (état des lieux)")


class ReviewRule(TenantModel):
    """The period of one kind of review for a GE (the law's by default; a branch agreement may change
    it): due `first_after_months` after hire, then every `every_months`."""

    kind = models.CharField(_("entretien"), max_length=10, choices=ReviewKind.choices)
    first_after_months = models.PositiveSmallIntegerField(_("premier après (mois)"))
    every_months = models.PositiveSmallIntegerField(_("puis tous les (mois)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, default="Loi n° 2025-989")

    class Meta:
        verbose_name = _("règle d'entretien")
        verbose_name_plural = _("règles d'entretien")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "kind"],
                name="training_review_rule_unique",
                violation_error_message=_("Ce GE a déjà une règle pour cet entretien."),
            )
        ]


class CareerReviewQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        from mutualis.accounts.roles import Role

        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.EMPLOYEE:
            return qs.filter(employee_id=membership.employee_id)
        return qs.none()


class CareerReview(TenantModel):
    """A review held with an employee, and its written record."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié"),
        on_delete=models.CASCADE,
        related_name="career_reviews",
    )
    kind = models.CharField(_("entretien"), max_length=10, choices=ReviewKind.choices)
    held_on = models.DateField(_("tenu le"))
    record = models.TextField(_("compte rendu"), blank=True)

    objects = CareerReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("entretien professionnel")
        verbose_name_plural = _("entretiens professionnels")
        ordering = ["-held_on", "id"]


# --- Training plan per GE and year ---------------------------------------------------------------


class TrainingPlan(TenantModel):
    """The GE's training plan of one year. Its totals (per funder and overall) are always computed
    from its lines, never stored (services.plan_budget)."""

    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.TextField(_("orientations"), blank=True)

    class Meta:
        verbose_name = _("plan de formation")
        verbose_name_plural = _("plans de formation")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year"],
                name="training_plan_one_per_year",
                violation_error_code="plan_year",
                violation_error_message=_("Le GE a déjà un plan de formation pour cette année."),
            )
        ]

    def __str__(self):
        return _("Plan de formation %(y)s") % {"y": self.year}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            if any(e.code == "plan_year" for e in exc.error_dict.get("__all__", [])):
                raise ValidationError(
                    {"year": _("Le GE a déjà un plan de formation pour cette année.")}
                ) from exc
            raise


class NeedSource(models.TextChoices):
    REVIEW = "review", _("Entretien de parcours professionnel")
    REQUEST = "request", _("Demande d'un adhérent")
    SKILL_GAP = "skill_gap", _("Écart de compétences du poste")
    OTHER = "other", _("Autre besoin")


class TrainingPlanLine(TenantModel):
    """One need of the plan: where it comes from, who and what, its cost and who funds it.
    `key` identifies a need drawn automatically (so drawing again adds only new needs)."""

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines"
    )
    source = models.CharField(_("origine"), max_length=10, choices=NeedSource.choices)
    key = models.CharField(_("clé du besoin"), max_length=120, blank=True, editable=False)
    label = models.CharField(_("besoin"), max_length=250)
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("demandé par l'adhérent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    skill = models.ForeignKey(
        "employees.Skill",
        verbose_name=_("compétence visée"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    offer = models.ForeignKey(
        TrainingOffer,
        verbose_name=_("formation envisagée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hours = models.DecimalField(
        _("heures"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    cost = models.DecimalField(
        _("coût prévu (€)"), validators=[MinValueValidator(ZERO)], default=ZERO, **MONEY
    )
    funder = models.CharField(
        _("financeur"), max_length=120, blank=True, help_text=_("Vide : fonds propres du GE.")
    )
    funding = models.DecimalField(
        _("financement attendu (€)"), validators=[MinValueValidator(ZERO)], default=ZERO, **MONEY
    )

    class Meta:
        verbose_name = _("besoin du plan de formation")
        verbose_name_plural = _("besoins du plan de formation")
        ordering = ["plan_id", "source", "label", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(funding__lte=models.F("cost")),
                name="training_plan_line_funding_le_cost",
                violation_error_code="funding_above_cost",
                violation_error_message=_("Le financement attendu dépasse le coût prévu."),
            ),
            models.UniqueConstraint(
                fields=["plan", "key"],
                condition=~Q(key=""),
                name="training_plan_line_key_unique",
                violation_error_message=_("Ce besoin figure déjà dans le plan."),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.funding and self.cost is not None and self.funding > self.cost:
            raise ValidationError({"funding": _("Le financement attendu dépasse le coût prévu.")})
        if self.funding and not self.funder:
            raise ValidationError({"funder": _("Indiquez le financeur du financement attendu.")})


# --- Seats and services sold ------------------------------------------------------------------


class SeatSale(TenantModel):
    """Seats of a session (or a training service) sold to a member or to another GE (registered as a
    customer in the GE's members): invoiced as a service with VAT, in the GE's one invoice series."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales",
    )
    buyer = models.ForeignKey(
        "members.Member", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("prestation"), max_length=250)
    seats = models.PositiveSmallIntegerField(
        _("nombre de places"), default=1, validators=[MinValueValidator(1)]
    )
    unit_price = models.DecimalField(
        _("prix unitaire HT (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    vat_rate = models.DecimalField(
        _("taux de TVA (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    sold_on = models.DateField(_("vendue le"))
    invoice = models.ForeignKey(
        "billing.Invoice",
        verbose_name=_("facture"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vente de places ou de prestation")
        verbose_name_plural = _("ventes de places ou de prestations")
        ordering = ["-sold_on", "-id"]

    def __str__(self):
        return self.label


# --- Documents before and after ------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    QUOTE = "quote", _("Devis")
    PROGRAMME = "programme", _("Programme")
    AGREEMENT = "agreement", _("Convention de formation")
    CERTIFICATE = "certificate", _("Attestation de fin de formation")
    OTHER = "other", _("Autre pièce")


def document_upload_to(instance, filename):
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"training/{instance.group_id}/{uuid.uuid4().hex}{ext}"


class TrainingDocument(TenantModel):
    """A file before (quote, programme, agreement) or after (certificate) a training, attached to an
    enrolment and, where it supports a funding request, to that funding."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="documents"
    )
    funding = models.ForeignKey(
        Funding,
        verbose_name=_("financement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    kind = models.CharField(_("pièce"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("fichier"), upload_to=document_upload_to, max_length=200)
    name = models.CharField(_("nom du fichier"), max_length=200)

    class Meta:
        verbose_name = _("pièce de formation")
        verbose_name_plural = _("pièces de formation")
        ordering = ["enrolment_id", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.name}"

    def clean(self):
        if self.funding_id and self.enrolment_id and self.funding.enrolment_id != self.enrolment_id:
            raise ValidationError({"funding": _("Ce financement concerne une autre inscription.")})


# --- Training requests from members ---------------------------------------------------------------


class RequestQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        from mutualis.accounts.roles import Role

        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(member_id=membership.member_id)
        return qs.none()


class RequestStatus(models.TextChoices):
    OPEN = "open", _("À étudier")
    ACCEPTED = "accepted", _("Retenue au plan")
    REFUSED = "refused", _("Refusée")


class TrainingRequest(TenantModel):
    """A training a member asks for one of the employees placed with it (or for a skill): one of the
    sources of the GE's training plan. The member contact files it from their space; staff decide."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("formation souhaitée"), max_length=250)
    skill = models.ForeignKey(
        "employees.Skill",
        verbose_name=_("compétence visée"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    wished_by = models.DateField(_("souhaitée avant le"), null=True, blank=True)
    note = models.TextField(_("précisions"), blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.CharField(_("réponse du GE"), max_length=500, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de formation")
        verbose_name_plural = _("demandes de formation")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject
