import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.core.constraints import (
    COORDINATES_PAIR,
    FieldConstraintsMixin,
    coordinates_both_or_none,
    latitude_field,
    longitude_field,
    missing_coordinate,
)
from mutualis.core.models import TenantModel, TenantQuerySet
from mutualis.core.validators import validate_siret

from .timeline import ISO_WEEKS, TIMELINE_END, describe, format_duration

validate_rome_code = RegexValidator(
    r"^[A-N]\d{4}$", _("Un code ROME est une lettre majuscule suivie de 4 chiffres (exemple : K2204).")
)


def validate_iso_weeks(value):
    """Active weeks: null (every week) or a non-empty list of distinct ISO week numbers 1–53."""
    if value is None:
        return
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("Les semaines actives sont une liste de numéros de semaine ISO (1 à 53), ou vide pour toutes."),
            code="weeks",
        )
    for week in value:
        if not isinstance(week, int) or isinstance(week, bool) or week not in ISO_WEEKS:
            raise ValidationError(
                _("« %(week)s » n'est pas un numéro de semaine ISO (1 à 53)."),
                params={"week": week},
                code="weeks",
            )
    if len(set(value)) != len(value):
        raise ValidationError(_("Une semaine est répétée dans la liste."), code="weeks")


def new_token():
    return secrets.token_urlsafe(24)


# --- Census campaigns -------------------------------------------------------------------------


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Close")


class StudyQuerySet(TenantQuerySet):
    """Campaigns and their runs: GE staff, and territorial observers (who see aggregated studies only)."""

    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.OBSERVER:
            return self.for_observers(qs)
        return qs.none()

    def for_observers(self, qs):
        return qs


CLOSES_BEFORE_OPENING = "closes_before_opening"


class CensusCampaign(FieldConstraintsMixin, TenantModel):
    """A territorial needs census opened by a GE, with a public link anyone may answer without an account."""

    name = models.CharField(_("nom de la campagne"), max_length=200)
    territory = models.CharField(
        _("territoire"),
        max_length=200,
        help_text=_("Par exemple : communauté de communes du Pays d'Alençon."),
    )
    description = models.TextField(_("présentation"), blank=True)
    token = models.CharField(_("jeton du lien public"), max_length=64, unique=True, default=new_token)
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"))
    status = models.CharField(
        _("statut"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StudyQuerySet.as_manager()

    CONSTRAINT_FIELDS = {CLOSES_BEFORE_OPENING: "closes_on"}

    class Meta:
        verbose_name = _("campagne de recensement")
        verbose_name_plural = _("campagnes de recensement")
        ordering = ["-opens_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                name="census_campaign_closes_after_opening",
                condition=Q(closes_on__gte=models.F("opens_on")),
                violation_error_code=CLOSES_BEFORE_OPENING,
                violation_error_message=_("La clôture précède l'ouverture."),
            ),
        ]

    def __str__(self):
        return self.name

    def is_accepting(self, on):
        """Open, and `on` (a date) within the opening dates."""
        return self.status == CampaignStatus.OPEN and self.opens_on <= on <= self.closes_on


class CensusDeclaration(TenantModel):
    """One organisation's answer to a campaign; its needs count once the e-mail link is followed."""

    PERSONAL_DATA = {
        "contact_name": _("supprimé 2 ans après la clôture de la campagne"),
        "contact_email": _("supprimé 2 ans après la clôture de la campagne"),
        "contact_phone": _("supprimé 2 ans après la clôture de la campagne"),
        "ip_address": _("supprimée 3 mois après la déclaration (lutte contre les abus)"),
    }

    campaign = models.ForeignKey(
        CensusCampaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="declarations"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    contact_name = models.CharField(_("personne à contacter"), max_length=150)
    contact_email = models.EmailField(_("courriel"))
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    city = models.CharField(_("commune"), max_length=120, blank=True)
    confirmation_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("déclaration de besoins")
        verbose_name_plural = _("déclarations de besoins")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.organisation_name} ({self.siret})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


# --- Needs ------------------------------------------------------------------------------------


class NeedKind(models.TextChoices):
    FIXED = "fixed", _("Créneaux fixes")
    FLEXIBLE = "flexible", _("Volume hebdomadaire flexible")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    OPEN = "open", _("Ouvert")
    CONSOLIDATED = "consolidated", _("Consolidé")
    FILLED = "filled", _("Pourvu")
    WITHDRAWN = "withdrawn", _("Retiré")


class NeedQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(member_id=membership.member_id)
        return qs.none()

    def live(self):
        """Needs that still count (not withdrawn)."""
        return self.exclude(status=NeedStatus.WITHDRAWN)


NO_ORGANISATION = "need_without_organisation"
FLEXIBLE_WITHOUT_VOLUME = "flexible_without_volume"
BLOCK_SIZES_REVERSED = "block_sizes_reversed"


class Need(FieldConstraintsMixin, TenantModel):
    """A part-time need (besoin à temps incomplet) of a member, or of an organisation in a census.

    Fixed needs carry `slots`; flexible needs a weekly volume placed inside `windows`. Times are
    minutes on the week timeline of ENGINE.md (see timeline.py).
    """

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("adhérent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    declaration = models.ForeignKey(
        CensusDeclaration,
        verbose_name=_("déclaration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs",
    )
    site = models.ForeignKey(
        "members.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    # Where a need without a registered site takes place (census answers): commune and coordinates.
    city = models.CharField(_("commune"), max_length=120, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    job_title = models.CharField(_("emploi"), max_length=200)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True, validators=[validate_rome_code])
    skills = models.ManyToManyField(
        "employees.Skill", verbose_name=_("compétences requises"), blank=True, related_name="needs"
    )
    kind = models.CharField(
        _("type de besoin"), max_length=20, choices=NeedKind.choices, default=NeedKind.FIXED
    )
    weekly_minutes = models.PositiveIntegerField(
        _("volume hebdomadaire (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7 * 1440)],
        help_text=_("Besoin flexible : minutes à placer chaque semaine dans les plages permises."),
    )
    min_block_minutes = models.PositiveIntegerField(
        _("durée minimale d'un bloc (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    max_block_minutes = models.PositiveIntegerField(
        _("durée maximale d'un bloc (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    weeks = models.JSONField(
        _("semaines actives"),
        null=True,
        blank=True,
        validators=[validate_iso_weeks],
        help_text=_("Numéros de semaine ISO (saison) ; vide : toutes les semaines."),
    )
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    expected_duration_months = models.PositiveSmallIntegerField(
        _("durée prévue (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Vide : sans limite prévue."),
    )
    comments = models.TextField(_("commentaires"), blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NeedQuerySet.as_manager()

    CONSTRAINT_FIELDS = {
        NO_ORGANISATION: "member",
        FLEXIBLE_WITHOUT_VOLUME: "weekly_minutes",
        BLOCK_SIZES_REVERSED: "max_block_minutes",
        COORDINATES_PAIR: missing_coordinate,
    }

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="need_member_or_declaration",
                condition=Q(member__isnull=False) | Q(declaration__isnull=False),
                violation_error_code=NO_ORGANISATION,
                violation_error_message=_("Indiquez l'adhérent qui exprime ce besoin."),
            ),
            models.CheckConstraint(
                name="need_flexible_has_volume",
                # A NULL volume would pass `weekly_minutes > 0` (SQL's unknown): say it is required.
                condition=Q(kind="fixed") | Q(weekly_minutes__isnull=False, weekly_minutes__gt=0),
                violation_error_code=FLEXIBLE_WITHOUT_VOLUME,
                violation_error_message=_("Un besoin flexible indique son volume hebdomadaire."),
            ),
            models.CheckConstraint(
                name="need_block_sizes_ordered",
                condition=Q(min_block_minutes__isnull=True)
                | Q(max_block_minutes__isnull=True)
                | Q(max_block_minutes__gte=models.F("min_block_minutes")),
                violation_error_code=BLOCK_SIZES_REVERSED,
                violation_error_message=_("La durée maximale d'un bloc est inférieure à la durée minimale."),
            ),
            coordinates_both_or_none("need_coordinates_both_or_none"),
        ]

    def __str__(self):
        return f"{self.job_title} — {self.organisation_name}"

    @property
    def organisation_name(self):
        if self.member_id:
            return self.member.name
        if self.declaration_id:
            return self.declaration.organisation_name
        return ""

    @property
    def is_flexible(self):
        return self.kind == NeedKind.FLEXIBLE

    @property
    def place_label(self):
        if self.site_id:
            return str(self.site)
        return self.city

    def clean(self):
        """Rules on the need's own fields. Slots and windows are checked by `rules.check_schedule`."""
        errors = {}
        if self.member_id and self.member.group_id != self.group_id:
            errors["member"] = _("Cet adhérent n'appartient pas à ce groupement.")
        if self.site_id:
            if self.site.group_id != self.group_id or (
                self.member_id and self.site.member_id != self.member_id
            ):
                errors["site"] = _("Ce site n'est pas un site de l'adhérent choisi.")
            elif self.site.archived_at is not None:
                errors["site"] = _("Ce site est archivé.")
        if self.kind != NeedKind.FLEXIBLE:
            for name in ("weekly_minutes", "min_block_minutes", "max_block_minutes"):
                if getattr(self, name) is not None:
                    errors[name] = _("Ce champ ne vaut que pour un besoin flexible.")
        if (
            self.kind == NeedKind.FLEXIBLE
            and self.weekly_minutes
            and self.min_block_minutes
            and self.min_block_minutes > self.weekly_minutes
        ):
            errors["min_block_minutes"] = _("Un bloc minimal dépasse le volume hebdomadaire.")
        if self.weeks == []:
            errors["weeks"] = _("Indiquez au moins une semaine active, ou laissez vide pour toutes.")
        if errors:
            raise ValidationError(errors)


class TimeRangeBase(models.Model):
    """[start, end) in minutes on the week timeline (Monday 00:00 = 0)."""

    start = models.PositiveIntegerField(
        _("début (minutes)"), validators=[MaxValueValidator(TIMELINE_END - 1)]
    )
    end = models.PositiveIntegerField(
        _("fin (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(TIMELINE_END)]
    )

    class Meta:
        abstract = True
        ordering = ["start", "id"]

    def __str__(self):
        return describe(self.start, self.end)

    @property
    def minutes(self):
        return self.end - self.start


class NeedSlot(TimeRangeBase):
    """A fixed time slot of a need, repeated every active week."""

    need = models.ForeignKey(Need, verbose_name=_("besoin"), on_delete=models.CASCADE, related_name="slots")

    class Meta(TimeRangeBase.Meta):
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        constraints = [
            models.CheckConstraint(
                name="need_slot_end_after_start",
                condition=Q(end__gt=models.F("start")),
                violation_error_message=_("La fin d'un créneau doit suivre son début."),
            ),
            models.CheckConstraint(
                name="need_slot_within_timeline",
                condition=Q(end__lte=TIMELINE_END),
                violation_error_message=_("Un créneau finit au plus tard le lundi suivant à minuit."),
            ),
        ]


class NeedWindow(TimeRangeBase):
    """A window where a flexible need's weekly volume may be placed."""

    need = models.ForeignKey(Need, verbose_name=_("besoin"), on_delete=models.CASCADE, related_name="windows")

    class Meta(TimeRangeBase.Meta):
        verbose_name = _("plage permise")
        verbose_name_plural = _("plages permises")
        constraints = [
            models.CheckConstraint(
                name="need_window_end_after_start",
                condition=Q(end__gt=models.F("start")),
                violation_error_message=_("La fin d'une plage doit suivre son début."),
            ),
            models.CheckConstraint(
                name="need_window_within_timeline",
                condition=Q(end__lte=TIMELINE_END),
                violation_error_message=_("Une plage finit au plus tard le lundi suivant à minuit."),
            ),
        ]


# --- Consolidation ----------------------------------------------------------------------------


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    SUCCEEDED = "succeeded", _("Terminée")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulée")


class ConsolidationRunQuerySet(StudyQuerySet):
    def for_observers(self, qs):
        # Observers see the feasibility studies of census campaigns, never the members' own runs.
        return qs.filter(campaign__isnull=False)


def study_pdf_upload_to(instance, filename):
    """Per GE; the file is never served as media, only by the run's permission-checked view."""
    return f"needs/studies/{instance.group_id}/{filename}"


class ConsolidationRun(TenantModel):
    """One run of the engine on a selection of needs: its inputs, the plan it returned, and KPIs."""

    label = models.CharField(_("libellé"), max_length=200, blank=True)
    campaign = models.ForeignKey(
        CensusCampaign,
        verbose_name=_("campagne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
    )
    filters = models.JSONField(_("sélection"), default=dict, blank=True)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    include_employees = models.BooleanField(_("affecter d'abord les salariés existants"), default=False)
    locks = models.JSONField(
        _("besoins verrouillés ensemble"),
        default=list,
        blank=True,
        help_text=_(
            "Groupes de besoins (identifiants publics) que le moteur doit garder dans un même poste."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("relance de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reruns",
    )
    seed = models.PositiveIntegerField(_("graine"), default=0)
    time_limit_seconds = models.PositiveIntegerField(
        _("temps de calcul (secondes)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3600)],
    )
    status = models.CharField(_("statut"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("tâche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    instance = models.JSONField(_("instance du moteur"), null=True, blank=True)
    id_map = models.JSONField(_("correspondance des identifiants"), default=dict, blank=True)
    plan = models.JSONField(_("plan"), null=True, blank=True)
    best_so_far = models.JSONField(_("meilleur plan provisoire"), null=True, blank=True)
    kpis = models.JSONField(_("indicateurs"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # The feasibility study PDF, built by a job (study_pdf.py): the last file built and the last
    # build asked for (which may still run, or have failed).
    study_pdf = models.FileField(
        _("étude de faisabilité (PDF)"), upload_to=study_pdf_upload_to, max_length=200, blank=True
    )
    study_pdf_built_at = models.DateTimeField(_("étude PDF générée le"), null=True, blank=True)
    study_pdf_job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("tâche de l'étude PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsolidationRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("consolidation")
        verbose_name_plural = _("consolidations")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.label or str(_("Consolidation du %(date)s")) % {
            "date": f"{self.created_at:%d/%m/%Y %H:%M}"
        }

    @property
    def is_finished(self):
        return self.status in {RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED}


class PositionStatus(models.TextChoices):
    OPEN = "open", _("À recruter")
    FILLED = "filled", _("Pourvu")
    CANCELLED = "cancelled", _("Abandonné")


class PositionQuerySet(TenantQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(members=membership.member_id).distinct()
        return qs.none()


class Position(TenantModel):
    """A shared position (poste à temps partagé) accepted from a consolidation: a CDI to recruit for."""

    run = models.ForeignKey(
        ConsolidationRun,
        verbose_name=_("consolidation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    plan_position_id = models.CharField(_("identifiant dans le plan"), max_length=40, blank=True)
    title = models.CharField(_("intitulé"), max_length=200)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True, validators=[validate_rome_code])
    needs = models.ManyToManyField(Need, verbose_name=_("besoins"), related_name="positions")
    members = models.ManyToManyField("members.Member", verbose_name=_("adhérents"), related_name="positions")
    weekly_minutes = models.PositiveIntegerField(_("durée hebdomadaire (minutes)"))
    travel_minutes = models.PositiveIntegerField(_("trajets (minutes par semaine)"), default=0)
    schedule = models.JSONField(_("semaine type"), default=list, blank=True)
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=PositionStatus.choices, default=PositionStatus.OPEN
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("poste à temps partagé")
        verbose_name_plural = _("postes à temps partagé")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.title} ({self.weekly_hours})"

    @property
    def weekly_hours(self):
        return format_duration(self.weekly_minutes)

    @property
    def is_full_time(self):
        return self.weekly_minutes >= 35 * 60
