"""E-invoicing through an approved platform (PA): one deposit per document, an append-only status journal.

The deposit's tracking id is the document's own public id: a retry after a crash sends the same
tracking id, which the PA answers with the flow it already has (AlreadyExistingFlow), never a second one.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.core.models import TenantModel


class LifecycleStatus(models.IntegerChoices):
    """CDAR D22B lifecycle codes (XP Z12-012); `RANK` orders them so that nothing moves backwards."""

    DEPOSITED = 200, _("Déposée")
    ISSUED = 201, _("Émise par la plateforme")
    RECEIVED = 202, _("Reçue par la plateforme")
    MADE_AVAILABLE = 203, _("Mise à disposition")
    TAKEN_OVER = 204, _("Prise en charge")
    APPROVED = 205, _("Approuvée")
    DISPUTED = 207, _("En litige")
    REFUSED = 210, _("Refusée")
    PAYMENT_SENT = 211, _("Paiement transmis")
    CASHED = 212, _("Encaissée")
    REJECTED = 213, _("Rejetée")


# Position in the life of a document; a message of a lower rank than the current one is ignored.
RANK = {200: 1, 201: 2, 213: 2, 202: 3, 203: 4, 204: 5, 207: 6, 205: 7, 210: 7, 211: 8, 212: 9}
# Statuses that end the document's life: it is corrected by a credit note and a new invoice.
FINAL = {210, 213}
NEEDS_REASON = {207, 210, 213}


class DepositState(models.TextChoices):
    PENDING = "pending", _("En attente d'envoi")
    WAITING = "waiting", _("Bloquée : information manquante")
    DEPOSITED = "deposited", _("Déposée")
    FAILED = "failed", _("Échec d'envoi, nouvel essai prévu")


class Deposit(TenantModel):
    invoice = models.OneToOneField(
        "billing.Invoice",
        verbose_name=_("facture"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="einvoicing_deposit",
    )
    credit_note = models.OneToOneField(
        "billing.CreditNote",
        verbose_name=_("avoir"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="einvoicing_deposit",
    )
    tracking_id = models.CharField(_("identifiant de suivi"), max_length=64, unique=True)
    state = models.CharField(
        _("état"), max_length=20, choices=DepositState.choices, default=DepositState.PENDING
    )
    flow_id = models.CharField(_("identifiant du flux"), max_length=64, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    current_code = models.PositiveSmallIntegerField(
        _("statut"), choices=LifecycleStatus.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("dépôt sur la plateforme agréée")
        verbose_name_plural = _("dépôts sur la plateforme agréée")
        constraints = [
            models.CheckConstraint(
                condition=Q(invoice__isnull=False, credit_note__isnull=True)
                | Q(invoice__isnull=True, credit_note__isnull=False),
                name="deposit_one_document",
                violation_error_message=_("Un dépôt porte sur une facture ou sur un avoir, pas les deux."),
            )
        ]

    @property
    def document(self):
        return self.invoice or self.credit_note

    def __str__(self):
        return f"{self.document} → {self.get_state_display()}"


class StatusEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Le journal des statuts ne se modifie pas."))

    def delete(self):
        raise ValidationError(_("Le journal des statuts ne s'efface pas."))


class StatusEvent(TenantModel):
    """One status message about a deposited document, as it came back; never changed or deleted."""

    deposit = models.ForeignKey(Deposit, on_delete=models.PROTECT, related_name="events")
    code = models.PositiveSmallIntegerField(_("code"), choices=LifecycleStatus.choices)
    message_id = models.CharField(_("identifiant du message"), max_length=64)
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    amount = models.DecimalField(
        _("montant encaissé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    vat_rate = models.DecimalField(
        _("taux de TVA (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    occurred_at = models.DateTimeField(_("date du statut"))
    applied = models.BooleanField(
        _("pris en compte"),
        default=True,
        help_text=_("Faux pour un message en retard qui ne fait pas reculer."),
    )

    objects = StatusEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("statut de cycle de vie")
        verbose_name_plural = _("statuts de cycle de vie")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deposit", "message_id"],
                name="status_event_once",
                violation_error_message=_("Ce message de statut est déjà au journal."),
            )
        ]

    def clean(self):
        if self.code in NEEDS_REASON and not self.reason.strip():
            raise ValidationError(
                {"reason": _("Le statut « %(s)s » exige un motif.") % {"s": LifecycleStatus(self.code).label}}
            )

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("Le journal des statuts ne se modifie pas."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Le journal des statuts ne s'efface pas."))

    @property
    def signed_amount(self) -> Decimal | None:
        return self.amount


class PlatformSettings(TenantModel):
    """The GE's approved platform: where its Flow Service answers and the OAuth2 client that calls it.

    The client secret and the webhook signing key are stored encrypted (`secrets.encrypt`) and never
    shown back; pages and the API only say whether they are set. Without a URL, the GE uses the
    platform named by `MUTUALIS_PA_CONNECTOR` (the simulator in development and tests).
    """

    base_url = models.URLField(
        _("adresse de l'API Flow de la plateforme"),
        blank=True,
        help_text=_("Par exemple https://api.plateforme.fr/flow-service (norme AFNOR XP Z12-013)."),
    )
    token_url = models.URLField(
        _("adresse du jeton OAuth2"),
        blank=True,
        help_text=_("Vide : l'adresse de l'API suivie de /oauth/token."),
    )
    client_id = models.CharField(_("identifiant client OAuth2"), max_length=200, blank=True)
    client_secret_encrypted = models.TextField(_("secret client (chiffré)"), blank=True, editable=False)
    organization_id = models.CharField(
        _("identifiant d'organisation (délégation)"),
        max_length=64,
        blank=True,
        help_text=_("En-tête Organization-Id quand la plateforme agit pour le compte du groupement."),
    )
    webhook_secret_encrypted = models.TextField(
        _("clé de signature des notifications (chiffrée)"), blank=True, editable=False
    )

    class Meta:
        verbose_name = _("réglages de la plateforme agréée")
        verbose_name_plural = _("réglages de la plateforme agréée")
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                name="platform_settings_one_per_group",
                violation_error_message=_("Le groupement a déjà ses réglages de plateforme agréée."),
            )
        ]

    def __str__(self):
        return self.base_url or str(_("Plateforme par défaut"))

    def clean(self):
        if self.base_url and not self.client_id.strip():
            raise ValidationError(
                {"client_id": _("Indiquez l'identifiant client OAuth2 que la plateforme vous a donné.")}
            )

    @property
    def has_client_secret(self) -> bool:
        return bool(self.client_secret_encrypted)

    @property
    def has_webhook_secret(self) -> bool:
        return bool(self.webhook_secret_encrypted)

    @property
    def effective_token_url(self) -> str:
        return self.token_url or (self.base_url.rstrip("/") + "/oauth/token" if self.base_url else "")
