"""Sending issued documents to the PA, recording the statuses that come back, sending « encaissée »."""

import hashlib
import hmac
import json
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from mutualis.billing import documents
from mutualis.billing.models import CreditNote, DocumentStatus, Invoice
from mutualis.core import journal

from . import secrets
from .connector import PAError, connector_for
from .models import FINAL, RANK, Deposit, DepositState, LifecycleStatus, PlatformSettings, StatusEvent

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


class EInvoicingRefused(Exception):
    """A send that may not happen; the message is French, for the person who asked."""


def scope_explanation(document) -> str:
    """Why a document goes through the PA or not, for its page."""
    rule = documents.processing_rule(document)
    if rule == "OUTOFSCOPE":
        return _(
            "Hors champ de la facturation électronique : le groupement facture au coût réel, exonéré de TVA "
            "(art. 261 B du CGI). Ces opérations exonérées ne relèvent ni de l'obligation de facturation "
            "électronique ni de l'e-reporting (FAQ DGFiP) : la Factur-X reste envoyée par courriel."
        )
    if rule == "B2C":
        return _("Client non assujetti : pas de facture électronique, l'opération relève de l'e-reporting.")
    if rule == "B2G":
        return _(
            "Facture électronique à une personne publique (B2G) : déposée sur la plateforme agréée du "
            "groupement, qui la transmet à Chorus Pro."
        )
    return _("Facture électronique B2B : déposée sur la plateforme agréée du groupement.")


def request_send(document) -> Deposit:
    """Record the intent to deposit an issued document and queue its sending (after commit).

    Idempotent: asking twice returns the same deposit, whose tracking id is the document's own id.
    """
    if document.status != DocumentStatus.ISSUED:
        raise EInvoicingRefused(_("Seul un document émis peut être transmis à la plateforme."))
    if not documents.is_e_invoice(document):
        raise EInvoicingRefused(
            _("%(doc)s n'est pas transmis à la plateforme agréée. %(why)s")
            % {"doc": document.number, "why": scope_explanation(document)}
        )
    field = "credit_note" if isinstance(document, CreditNote) else "invoice"
    with transaction.atomic():
        deposit, _created = Deposit.objects.get_or_create(
            **{field: document}, defaults={"group": document.group, "tracking_id": str(document.public_id)}
        )
        transaction.on_commit(lambda: _enqueue(deposit.pk))
    return deposit


def _enqueue(deposit_id):
    from .tasks import deposit_task

    deposit_task.enqueue(deposit_id=deposit_id)


def deposit(deposit_id, connector=None) -> Deposit:
    """Send one deposit; safe to run again at any time (after a crash, a retry, twice at once).

    The row is locked for the duration, so two workers never send at once; the PA deduplicates on
    the tracking id, so a worker that died after the PA received the file and before this row was
    updated gets the same flow back on the next run: deposited exactly once.
    """
    with transaction.atomic():
        dep = (
            Deposit.objects.select_for_update(of=("self",))
            .select_related("invoice", "credit_note")
            .get(pk=deposit_id)
        )
        if dep.state == DepositState.DEPOSITED:
            return dep
        document = dep.document
        pa = connector or connector_for(dep.group)
        content = documents.render_facturx(document)
        digest = hashlib.sha256(content).hexdigest()
        dep.attempts += 1
        try:
            result = pa.submit(
                tracking_id=dep.tracking_id,
                filename=f"{document.number}.pdf",
                content=content,
                sha256=digest,
                processing_rule=documents.processing_rule(document),
            )
        except PAError as error:
            dep.state = (
                DepositState.FAILED if error.retry and dep.attempts < MAX_ATTEMPTS else DepositState.WAITING
            )
            dep.message = error.message
            dep.save(update_fields=["state", "message", "attempts", "updated_at"])
            failure = error
        else:
            failure = None
            dep.flow_id, dep.sha256 = result.flow_id, digest
            dep.state, dep.message = DepositState.DEPOSITED, ""
            dep.save(update_fields=["flow_id", "sha256", "state", "message", "attempts", "updated_at"])
    if failure is not None:
        # Recorded above (committed): the sweep retries it after its backoff; the caller sees why.
        if dep.state == DepositState.FAILED:
            raise failure
        return dep
    sync_statuses(dep, connector=pa)
    return dep


def record_status(
    dep, *, message_id, code, at=None, reason="", amount=None, vat_rate=None
) -> StatusEvent | None:
    """Append one status message to the journal; a duplicate is ignored, a late one never downgrades."""
    if StatusEvent.objects.filter(deposit=dep, message_id=message_id).exists():
        return None
    if code not in LifecycleStatus.values:
        log.warning("Unknown lifecycle code %s for deposit %s: ignored", code, dep.pk)
        return None
    current = dep.current_code
    applied = current is None or (current not in FINAL and RANK[code] >= RANK[current])
    if code == 212:
        applied = current not in FINAL
    event = StatusEvent(
        group=dep.group,
        deposit=dep,
        code=code,
        message_id=message_id,
        reason=reason or "",
        amount=Decimal(amount) if amount is not None else None,
        vat_rate=Decimal(vat_rate) if vat_rate is not None else None,
        occurred_at=parse_datetime(at) if isinstance(at, str) else (at or timezone.now()),
        applied=applied,
    )
    event.full_clean()
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        return None
    if applied:
        Deposit.objects.filter(pk=dep.pk).update(current_code=code, updated_at=timezone.now())
        dep.current_code = code
    return event


def sync_statuses(dep, connector=None):
    """Pull the flow's statuses (polling fallback of the webhook) into the journal."""
    if not dep.flow_id:
        return []
    pa = connector or connector_for(dep.group)
    added = []
    for message in pa.statuses(flow_id=dep.flow_id, tracking_id=dep.tracking_id):
        try:
            event = record_status(
                dep,
                message_id=message.message_id,
                code=message.code,
                at=message.at,
                reason=message.reason,
                amount=message.amount,
                vat_rate=message.vat_rate,
            )
        except ValidationError as error:
            log.warning("Status %s of deposit %s refused: %s", message.code, dep.pk, error)
            continue
        if event:
            added.append(event)
    return added


def vat_on_collection(document) -> bool:
    """VAT falls due on collection (services, no option for debits): payments are reported (212)."""
    return document.vat_rate > 0 and not documents.vat_on_debits(document)


def report_payments(dep, connector=None):
    """One « encaissée » (212) per recorded payment of an invoice, with amount and VAT rate.

    A 261 B GE (no VAT) or a GE on debits sends none. (Billing records no refunds yet: payments are
    positive, so no negative 212 is ever due from here.)
    """
    document = dep.document
    if not isinstance(document, Invoice) or not dep.flow_id or not vat_on_collection(document):
        return []
    pa = connector or connector_for(dep.group)
    sent = []
    for payment in document.payments.order_by("received_on", "pk"):
        message_id = f"payment-{payment.public_id}"
        if StatusEvent.objects.filter(deposit=dep, message_id=message_id).exists():
            continue
        message = pa.send_cashed(
            flow_id=dep.flow_id,
            message_id=message_id,
            amount=payment.amount,
            vat_rate=document.vat_rate,
            document_number=document.number,
        )
        event = record_status(
            dep,
            message_id=message.message_id,
            code=212,
            at=message.at,
            amount=message.amount,
            vat_rate=message.vat_rate,
        )
        if event:
            sent.append(event)
    return sent


def sweep(now=None, connector=None):
    """Periodic pass: retry failed deposits whose backoff has elapsed (2, 4, 8… minutes), poll the
    statuses of the documents still alive and send the « encaissée » of new payments. One failing
    document never stops the others."""
    import datetime

    now = now or timezone.now()
    counts = {"sent": 0, "synced": 0, "errors": 0}
    for dep in Deposit.objects.filter(state__in=[DepositState.PENDING, DepositState.FAILED]):
        if (
            dep.state == DepositState.FAILED
            and dep.updated_at + datetime.timedelta(minutes=2**dep.attempts) > now
        ):
            continue
        try:
            deposit(dep.pk, connector=connector)
            counts["sent"] += 1
        except PAError:
            counts["errors"] += 1
    for dep in Deposit.objects.filter(state=DepositState.DEPOSITED).exclude(current_code__in=FINAL):
        try:
            sync_statuses(dep, connector=connector)
            report_payments(dep, connector=connector)
            counts["synced"] += 1
        except PAError:
            counts["errors"] += 1
    return counts


# --- the GE's platform settings ------------------------------------------------------------

SETTINGS_FIELDS = ("base_url", "token_url", "client_id", "organization_id")


def platform_settings(group):
    """The GE's settings row, unsaved when it has none yet."""
    return PlatformSettings.objects.filter(group=group).first() or PlatformSettings(group=group)


def save_platform_settings(group, *, data, actor=None) -> PlatformSettings:
    """Record the GE's PA settings. A secret given is encrypted; an empty or missing one keeps the
    stored one (it is never shown back); `clear_client_secret` / `clear_webhook_secret` remove them."""
    with transaction.atomic():
        platform = PlatformSettings.objects.select_for_update().filter(
            group=group
        ).first() or PlatformSettings(group=group)
        for field in SETTINGS_FIELDS:
            if field in data:
                setattr(platform, field, (data[field] or "").strip())
        if data.get("client_secret"):
            platform.client_secret_encrypted = secrets.encrypt(data["client_secret"])
        elif data.get("clear_client_secret"):
            platform.client_secret_encrypted = ""
        if data.get("webhook_secret"):
            platform.webhook_secret_encrypted = secrets.encrypt(data["webhook_secret"])
        elif data.get("clear_webhook_secret"):
            platform.webhook_secret_encrypted = ""
        platform.full_clean()
        platform.save()
        journal.record(
            action="einvoicing.settings_saved",
            actor=actor,
            group=group,
            target=platform,
            base_url=platform.base_url,
            client_id=platform.client_id,
            client_secret_set=platform.has_client_secret,
            webhook_secret_set=platform.has_webhook_secret,
        )
    return platform


def check_connection(group) -> tuple[bool, str]:
    """« Tester la connexion »: (it answers, a French sentence saying what happened)."""
    try:
        return True, connector_for(group).check()
    except PAError as error:
        return False, _("Échec de la connexion : %(why)s") % {"why": error.message}


# --- webhook: the PA tells us a flow changed ---------------------------------------------------

WEBHOOK_TOLERANCE_SECONDS = 300


class WebhookRefused(Exception):
    """Wrong or missing signature, stale timestamp, unreadable body: nothing is changed."""


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 (hex) of « timestamp.body » under the GE's webhook signing key."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def receive_webhook(group, *, body: bytes, timestamp: str, signature: str, now=None):
    """Check a PA notification and bring the flow's statuses in (through the task queue).

    Refused (WebhookRefused) unless signed with the GE's key over a timestamp at most 5 minutes old,
    so that a captured notification cannot be replayed later. A notification about a flow we do not
    know is logged and ignored. Statuses are then read from the PA and appended once each (message
    ids are unique per deposit): a notification received twice changes nothing the second time.
    Returns the deposit concerned, or None.
    """
    platform = PlatformSettings.objects.filter(group=group).first()
    try:
        secret = secrets.decrypt(platform.webhook_secret_encrypted) if platform else ""
    except secrets.SecretUnreadable:
        secret = ""
    if not secret:
        raise WebhookRefused("no webhook key configured")
    if not signature or not hmac.compare_digest(webhook_signature(secret, timestamp, body), signature):
        raise WebhookRefused("bad signature")
    now = now or timezone.now()
    try:
        age = abs(now.timestamp() - int(timestamp))
    except ValueError as exc:
        raise WebhookRefused("bad timestamp") from exc
    if age > WEBHOOK_TOLERANCE_SECONDS:
        raise WebhookRefused("stale timestamp (replay)")
    try:
        payload = json.loads(body)
        tracking_id = str(payload["trackingId"])
    except (ValueError, KeyError, TypeError) as exc:
        raise WebhookRefused("unreadable body") from exc
    dep = Deposit.objects.filter(group=group, tracking_id=tracking_id).first()
    if dep is None:
        log.warning("Webhook of group %s about unknown flow %s: ignored", group.pk, tracking_id)
        return None
    journal.record(
        action="einvoicing.webhook_received",
        actor_label=_("plateforme agréée"),
        group=group,
        target=dep,
        flow_id=str(payload.get("flowId", "")),
        flow_type=str(payload.get("flowType", "")),
    )
    transaction.on_commit(lambda: _enqueue_sync(dep.pk))
    return dep


def _enqueue_sync(deposit_id):
    from .tasks import sync_task

    sync_task.enqueue(deposit_id=deposit_id)


def sync_one(deposit_id):
    """Task body: pull one deposit's statuses, then its « encaissée »."""
    dep = Deposit.objects.get(pk=deposit_id)
    return sync_statuses(dep) + report_payments(dep)


# --- the billing dashboard ---------------------------------------------------------------------


def attention_needed(group):
    """Deposits a person must look at: waiting (information missing or send failed) and documents the
    buyer refused (210) or a platform rejected (213)."""
    reason = (
        StatusEvent.objects.filter(deposit=OuterRef("pk"), code=OuterRef("current_code"))
        .order_by("-occurred_at", "-pk")
        .values("reason")[:1]
    )
    base = (
        Deposit.objects.filter(group=group)
        .select_related("invoice__member", "credit_note__member")
        .annotate(last_reason=Subquery(reason))
    )
    return {
        "waiting": list(
            base.filter(state__in=[DepositState.WAITING, DepositState.FAILED]).order_by("updated_at")
        ),
        "refused": list(base.filter(current_code=LifecycleStatus.REFUSED).order_by("-updated_at")),
        "rejected": list(base.filter(current_code=LifecycleStatus.REJECTED).order_by("-updated_at")),
    }
