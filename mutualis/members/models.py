from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
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
from mutualis.core.models import ArchivableQuerySet, TenantModel
from mutualis.core.validators import validate_naf, validate_postcode_format, validate_siret

SIRET_TAKEN = "siret_taken"
LEFT_BEFORE_JOINED = "left_before_joined"


class MemberKind(models.TextChoices):
    COMPANY = "company", _("Entreprise")
    ASSOCIATION = "association", _("Association")
    PUBLIC_BODY = "public_body", _("Personne publique (collectivité, établissement public)")


class HeadcountBand(models.TextChoices):
    NONE = "0", _("0 salarié")
    FROM_1 = "1-9", _("1 à 9 salariés")
    FROM_10 = "10-49", _("10 à 49 salariés")
    FROM_50 = "50-249", _("50 à 249 salariés")
    FROM_250 = "250+", _("250 salariés et plus")


class MemberVatStatus(models.TextChoices):
    SUBJECT = "subject", _("Assujetti à la TVA")
    NOT_SUBJECT = "not_subject", _("Non assujetti")
    EXEMPT = "exempt", _("Activité exonérée")


class EInvoicingProfile(models.TextChoices):
    """What a member is for the French e-invoicing reform, derived from its nature and VAT status."""

    BUSINESS = "B2B", _("Assujetti à la TVA : facture électronique (B2B) par plateforme agréée")
    NON_LIABLE = "B2C", _("Non assujetti : pas de facture électronique, e-reporting (B2C)")
    PUBLIC_BODY = "B2G", _("Personne publique : facture électronique (B2G) vers Chorus Pro")


# A directory address (scheme 0225): SIREN, SIREN_SIRET, SIREN_SIRET_ROUTINGCODE or SIREN_SUFFIX.
EINVOICING_ADDRESS = RegexValidator(
    r"^[0-9]{9}(_[A-Za-z0-9]{1,35}){0,2}$",
    _(
        "Adresse de l'annuaire invalide : le SIREN (9 chiffres), éventuellement suivi de « _SIRET », "
        "« _SIRET_CODEROUTAGE » ou « _SUFFIXE » (lettres et chiffres)."
    ),
)


class MemberQuerySet(ArchivableQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(pk=membership.member_id)
        return qs.none()


class Member(FieldConstraintsMixin, TenantModel):
    """An adhérent: a company, association or public body that uses the GE's employees."""

    PERSONAL_DATA = {
        "email": _("3 ans après la sortie de l'adhérent (peut désigner une personne)"),
        "phone": _("3 ans après la sortie de l'adhérent (peut désigner une personne)"),
    }

    name = models.CharField(_("raison sociale"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=MemberKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    naf_code = models.CharField(_("code NAF"), max_length=6, blank=True, validators=[validate_naf])
    headcount_band = models.CharField(
        _("tranche d'effectif"), max_length=10, choices=HeadcountBand.choices, blank=True
    )
    vat_status = models.CharField(_("statut TVA"), max_length=20, choices=MemberVatStatus.choices)
    joined_on = models.DateField(_("date d'adhésion"))
    left_on = models.DateField(_("date de sortie"), null=True, blank=True)
    deposit = models.DecimalField(
        _("dépôt de garantie (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    email = models.EmailField(_("courriel de facturation"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    einvoicing_address = models.CharField(
        _("adresse de facturation électronique"),
        max_length=80,
        blank=True,
        validators=[EINVOICING_ADDRESS],
        help_text=_(
            "Adresse de l'adhérent dans l'annuaire de la facturation électronique (schéma 0225). "
            "Vide : son SIREN."
        ),
    )
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    CONSTRAINT_FIELDS = {SIRET_TAKEN: "siret", LEFT_BEFORE_JOINED: "left_on"}

    class Meta:
        verbose_name = _("adhérent")
        verbose_name_plural = _("adhérents")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "siret"],
                name="member_unique_siret_per_group",
                violation_error_code=SIRET_TAKEN,
                violation_error_message=_("Ce SIRET est déjà adhérent du groupement."),
            ),
            models.CheckConstraint(
                name="member_left_after_joined",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                violation_error_code=LEFT_BEFORE_JOINED,
                violation_error_message=_("La date de sortie précède la date d'adhésion."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def siren(self):
        return self.siret[:9]

    @property
    def is_archived(self):
        return self.archived_at is not None

    def clean(self):
        super().clean()
        if self.einvoicing_address and self.siret and not self.einvoicing_address.startswith(self.siren):
            # BR-FR-21: the buyer's electronic address (BT-49) starts with its SIREN.
            raise ValidationError(
                {
                    "einvoicing_address": _(
                        "L'adresse de facturation électronique doit commencer par le SIREN de "
                        "l'adhérent (%(siren)s)."
                    )
                    % {"siren": self.siren}
                }
            )

    @property
    def einvoicing_profile(self) -> str:
        """B2G for a public body, B2C for a member not liable to VAT, otherwise B2B.

        A member whose activity is exempt is still a VAT-liable person: it receives e-invoices (B2B).
        """
        if self.kind == MemberKind.PUBLIC_BODY:
            return EInvoicingProfile.PUBLIC_BODY
        if self.vat_status == MemberVatStatus.NOT_SUBJECT:
            return EInvoicingProfile.NON_LIABLE
        return EInvoicingProfile.BUSINESS

    @property
    def einvoicing_profile_label(self) -> str:
        return EInvoicingProfile(self.einvoicing_profile).label

    @property
    def directory_address(self) -> str:
        """The electronic address (BT-49, scheme 0225): the one recorded, else the SIREN form."""
        return self.einvoicing_address or self.siren


class SiteQuerySet(ArchivableQuerySet):
    def restrict_for_role(self, qs, membership):
        if membership.role in STAFF_ROLES:
            return qs
        if membership.role == Role.MEMBER_CONTACT:
            return qs.filter(member_id=membership.member_id)
        if membership.role == Role.EMPLOYEE:
            return qs.filter(
                Q(contracts_as_place__employee_id=membership.employee_id)
                | Q(home_of__pk=membership.employee_id)
            ).distinct()
        return qs.none()


class Site(FieldConstraintsMixin, TenantModel):
    """A place of work of a member (address and coordinates)."""

    member = models.ForeignKey(
        Member, verbose_name=_("adhérent"), on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField(_("nom du site"), max_length=200)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validate_postcode_format]
    )
    city = models.CharField(_("commune"), max_length=120)
    latitude = latitude_field()
    longitude = longitude_field()
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)

    objects = SiteQuerySet.as_manager()

    CONSTRAINT_FIELDS = {COORDINATES_PAIR: missing_coordinate}

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["member__name", "name", "id"]
        constraints = [coordinates_both_or_none("site_coordinates_both_or_none")]

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
