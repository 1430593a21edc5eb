import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutualis.core.validators import validate_siren, validate_siret


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association loi 1901")
    ALSACE_MOSELLE = "association_alsace_moselle", _("Association de droit local (Alsace-Moselle)")
    SCIC = "scic", _("Société coopérative d'intérêt collectif (SCIC)")
    COOPERATIVE = "cooperative", _("Autre coopérative")
    GIE = "gie", _("Groupement d'intérêt économique (GIE)")


class VatRegime(models.TextChoices):
    SUBJECT = "subject", _("Assujetti à la TVA")
    EXEMPT_261B = "exempt_261b", _("Exonéré (art. 261 B du CGI)")


class EmployerGroupQuerySet(models.QuerySet):
    def visible_to(self, membership):
        if membership is None:
            return self.none()
        return self.filter(pk=membership.group_id)


class EmployerGroup(models.Model):
    """The tenant: one groupement d'employeurs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("identifiant court"), unique=True)
    name = models.CharField(_("nom"), max_length=200)
    legal_form = models.CharField(_("forme juridique"), max_length=40, choices=LegalForm.choices)
    siren = models.CharField(_("SIREN"), max_length=9, validators=[validate_siren])
    siret = models.CharField(_("SIRET du siège"), max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=120, blank=True)
    idcc = models.CharField(
        _("convention collective (IDCC)"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("L'IDCC compte 4 chiffres."))],
    )
    opco = models.CharField(
        _("OPCO"),
        max_length=120,
        blank=True,
        help_text=_(
            "L'opérateur de compétences de la convention collective : financeur par défaut des formations."
        ),
    )
    vat_regime = models.CharField(_("régime de TVA"), max_length=20, choices=VatRegime.choices)
    default_billing_coefficient = models.DecimalField(
        _("coefficient de facturation par défaut"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("1.870"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Appliqué au salaire horaire brut (exemple publié : 1,87)."),
    )
    invoice_prefix = models.CharField(
        _("préfixe des numéros de facture"),
        max_length=10,
        validators=[RegexValidator(r"^[A-Z0-9-]{1,10}$", _("Majuscules, chiffres et tirets uniquement."))],
    )
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmployerGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("groupement d'employeurs")
        verbose_name_plural = _("groupements d'employeurs")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_alsace_moselle(self):
        return self.legal_form == LegalForm.ALSACE_MOSELLE
