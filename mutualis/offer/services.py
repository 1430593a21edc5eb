"""Writes of the local offer: services maintained by their structure, and orientations.

An orientation (see docs/offer.md): a professional orients a person she accompanies to a service,
with the person's consent that the receiving structure reads her identity; the structure answers
through a signed link sent by e-mail (no account needed) — accepted, or refused with a reason; a
reminder goes out after 10 days without an answer, and the orientation expires after 30 days.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.insertion import consents
from mutualis.insertion.enums import GivenVia, Part, Purpose

from . import schema
from .enums import OrientationStatus, RefusalReason, ServiceStatus
from .exchange import sync_zones
from .models import Orientation, Service

LINK_SALT = "mutualis.offer.orientation"


# --- Services maintained by their structure ----------------------------------------------------


def _refresh_score(service):
    from .exchange import to_schema

    data = to_schema(service)
    data["structure_id"] = service.structure.di_id
    validated = schema.ServiceModel.model_validate(data)
    service.quality_score = schema.quality_score(validated)


@transaction.atomic
def save_service(*, actor, service):
    """Create or update a service from a page or the API: same checks as an imported row."""
    service.date_maj = timezone.localdate()
    if not service.di_id:
        service.di_id = f"mutualis--{service.public_id}"
        service.source = service.source or "mutualis"
    for name in (
        "thematiques",
        "publics",
        "modes_accueil",
        "modes_mobilisation",
        "mobilisable_par",
        "zone_eligibilite",
    ):
        setattr(service, name, sorted(set(getattr(service, name) or ())))
    service.full_clean()
    _refresh_score(service)
    service.save()
    sync_zones(service)
    journal.record(action="offer.service_saved", actor=actor, target=service)
    return service


@transaction.atomic
def set_status(*, actor, service, status):
    if status not in ServiceStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    service.status = status
    service.save(update_fields=["status", "updated_at"])
    journal.record(action="offer.service_status", actor=actor, target=service, status=status)
    return service


# --- Orientations ------------------------------------------------------------------------------


def answer_token(orientation):
    return signing.dumps(str(orientation.public_id), salt=LINK_SALT)


def answer_path(orientation):
    return reverse("offer:answer", kwargs={"token": answer_token(orientation)})


def orientation_from_token(token):
    """The orientation a link points to; a tampered link is a 404 (`None`)."""
    try:
        public_id = signing.loads(
            token, salt=LINK_SALT, max_age=Orientation.EXPIRE_AFTER + datetime.timedelta(days=1)
        )
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return None
    return (
        Orientation.objects.select_related("service__structure", "beneficiary", "consent")
        .filter(public_id=public_id)
        .first()
    )


def shared_identity(orientation):
    """What the receiving structure may read of the person: her identity while the consent is in force."""
    consent = orientation.consent
    if (
        consent.is_in_force()
        and Part.IDENTITY in consent.parts
        and orientation.beneficiary.anonymised_at is None
    ):
        b = orientation.beneficiary
        return {"name": str(b), "email": b.email, "phone": b.phone, "city": b.city}
    return None


def _timeline(orientation, kind, summary, actor=None, actor_label=""):
    from mutualis.insertion.services import record_event

    follow_up = getattr(orientation.beneficiary, "follow_up", None)
    if follow_up is not None:
        record_event(
            follow_up=follow_up,
            kind=kind,
            summary=summary[:300],
            actor=actor,
            actor_label=actor_label,
            part=Part.PLAN,
            source="offer",
            ref=orientation,
        )


def _mail_structure(orientation, *, reminder=False):
    """To the receiving structure: no name and no social detail, only the link (DESIGN)."""
    url = settings.MUTUALIS_BASE_URL + answer_path(orientation)
    subject = (
        _("Rappel : une orientation vers « %(service)s » attend votre réponse")
        if reminder
        else _("Nouvelle orientation vers « %(service)s »")
    ) % {"service": orientation.service.nom[:80]}
    body = _(
        "Bonjour,\n\n%(sender)s (%(structure)s) vous oriente une personne vers votre service « %(service)s ».\n\n"
        "Pour voir la demande et répondre (accepter ou refuser), sans compte à créer, suivez ce lien :\n%(url)s\n\n"
        "Sans réponse, la demande expire le %(expires)s.\n\nMutualis"
    ) % {
        "sender": orientation.sender_label,
        "structure": orientation.sender_structure_name,
        "service": orientation.service.nom,
        "url": url,
        "expires": timezone.localtime(orientation.expires_at).strftime("%d/%m/%Y"),
    }
    send_mail(subject, body, None, [orientation.recipient_email])


def _mail_sender(orientation):
    if orientation.sender is None or not orientation.sender.email:
        return
    status = orientation.get_status_display()
    send_mail(
        _("Orientation vers « %(service)s » : %(status)s")
        % {"service": orientation.service.nom[:80], "status": status},
        _(
            "Bonjour,\n\nL'orientation que vous avez envoyée vers « %(service)s » (%(structure)s) est : %(status)s.\n\n"
            "Le détail est dans le parcours de la personne.\n\nMutualis"
        )
        % {
            "service": orientation.service.nom,
            "structure": orientation.service.structure.nom,
            "status": status,
        },
        None,
        [orientation.sender.email],
    )


def consent_for(beneficiary, service):
    """A consent in force that lets the service's structure read the person's identity, or None."""
    grants = beneficiary.consents.in_force().filter(organisation_id=service.structure.organisation_id)
    return next((g for g in grants.order_by("-expires_on", "-id") if Part.IDENTITY in g.parts), None)


@transaction.atomic
def orient(*, actor, membership, service, beneficiary, message="", consent_given_via=""):
    """Send an orientation. The person's consent is required: one in force for the receiving
    structure, or — for the structure that holds her record — recorded now (`consent_given_via`)."""
    if not consents.allows(membership, beneficiary, Part.IDENTITY):
        raise consents.NotAllowed
    if service.status != ServiceStatus.PUBLISHED or not service.accepts_orientations:
        raise ValidationError({"service": _("Ce service ne reçoit pas d'orientation.")})
    if not service.contact_email:
        raise ValidationError(
            {"service": _("Ce service n'a pas de courriel : contactez-le par téléphone ou à son adresse.")}
        )
    if Orientation.objects.filter(
        beneficiary=beneficiary, service=service, status=OrientationStatus.PENDING
    ).exists():
        raise ValidationError(
            {"service": _("Une orientation de cette personne vers ce service attend déjà sa réponse.")}
        )
    consent = consent_for(beneficiary, service)
    if consent is None:
        if not consent_given_via:
            raise ValidationError(
                {
                    "consent": _(
                        "Sans le consentement de la personne à partager son identité avec %(structure)s, pas d'orientation."
                    )
                    % {"structure": service.structure.nom}
                }
            )
        if not consents.holds(membership, beneficiary):
            raise ValidationError(
                {"consent": _("Seule la structure qui accompagne la personne enregistre son consentement.")}
            )
        if consent_given_via not in GivenVia.values:
            raise ValidationError({"consent": _("Indiquez comment le consentement a été recueilli.")})
        consent = consents.grant(
            actor=actor,
            beneficiary=beneficiary,
            organisation=service.structure.organisation,
            purpose=Purpose.ORIENTATION,
            parts=[Part.IDENTITY],
            given_via=consent_given_via,
        )
    structure = consents.structure_of(membership)
    orientation = Orientation(
        service=service,
        beneficiary=beneficiary,
        consent=consent,
        sender=actor,
        sender_label=actor.get_full_name() or actor.get_username(),
        sender_organisation_id=structure[1] if structure[0] == "organisation" else None,
        sender_group_id=structure[1] if structure[0] == "group" else None,
        message=message,
        recipient_email=service.contact_email,
    )
    orientation.full_clean()
    orientation.save()
    journal.record(action="offer.orientation_sent", actor=actor, target=orientation)
    _timeline(
        orientation,
        "orientation_sent",
        _("Orientation vers « %(service)s » (%(structure)s)")
        % {"service": service.nom, "structure": service.structure.nom},
        actor=actor,
    )
    transaction.on_commit(lambda: _mail_structure(orientation))
    return orientation


def _ensure_open(orientation, now):
    if orientation.status == OrientationStatus.EXPIRED or (
        orientation.status == OrientationStatus.PENDING and now >= orientation.expires_at
    ):
        raise ValidationError(
            _("Cette orientation a expiré (30 jours sans réponse) : le lien n'est plus valable.")
        )
    if orientation.status != OrientationStatus.PENDING:
        raise ValidationError(
            _("Cette orientation a déjà reçu une réponse : %(status)s.")
            % {"status": orientation.get_status_display()}
        )


@transaction.atomic
def accept(*, orientation, answered_by="", actor=None, now=None):
    now = now or timezone.now()
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    _ensure_open(orientation, now)
    orientation.status = OrientationStatus.ACCEPTED
    orientation.answered_at = now
    orientation.answered_by = (answered_by or (actor.get_full_name() if actor else "") or "")[:200]
    orientation.save()
    Service.objects.filter(
        pk=orientation.service_id, places_total__isnull=False, places_taken__lt=F("places_total")
    ).update(places_taken=F("places_taken") + 1)
    Service.objects.filter(pk=orientation.service_id, places_total__gt=0, places_taken__isnull=True).update(
        places_taken=1
    )
    journal.record(
        action="offer.orientation_accepted", actor=actor, actor_label=answered_by, target=orientation
    )
    _timeline(
        orientation,
        "orientation_accepted",
        _("Orientation acceptée par %(s)s") % {"s": orientation.service.structure.nom},
        actor_label=orientation.service.structure.nom,
    )
    transaction.on_commit(lambda: _mail_sender(orientation))
    return orientation


@transaction.atomic
def refuse(*, orientation, reason, comment="", answered_by="", actor=None, now=None):
    now = now or timezone.now()
    # Without a reason, the model refuses it (`Orientation.clean`).
    if reason and reason not in RefusalReason.values:
        raise ValidationError({"refusal_reason": _("Motif de refus inconnu : « %(r)s ».") % {"r": reason}})
    if reason == RefusalReason.OTHER and not comment.strip():
        raise ValidationError({"refusal_comment": _("Précisez le motif « Autre ».")})
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    _ensure_open(orientation, now)
    orientation.status = OrientationStatus.REFUSED
    orientation.refusal_reason = reason
    orientation.refusal_comment = comment
    orientation.answered_at = now
    orientation.answered_by = (answered_by or (actor.get_full_name() if actor else "") or "")[:200]
    orientation.full_clean()
    orientation.save()
    journal.record(
        action="offer.orientation_refused",
        actor=actor,
        actor_label=answered_by,
        target=orientation,
        reason=reason,
    )
    _timeline(
        orientation,
        "orientation_refused",
        _("Orientation refusée par %(s)s : %(reason)s")
        % {"s": orientation.service.structure.nom, "reason": orientation.get_refusal_reason_display()},
        actor_label=orientation.service.structure.nom,
    )
    transaction.on_commit(lambda: _mail_sender(orientation))
    return orientation


def process_due(*, now=None, dry_run=False):
    """The daily task: remind after 10 days without an answer (once), expire after 30 days."""
    now = now or timezone.now()
    pending = Orientation.objects.filter(status=OrientationStatus.PENDING).select_related(
        "service__structure", "sender"
    )
    expired, reminded = [], []
    for orientation in pending.filter(sent_at__lte=now - Orientation.EXPIRE_AFTER).order_by("sent_at", "id"):
        expired.append(orientation)
        if dry_run:
            continue
        with transaction.atomic():
            orientation.status = OrientationStatus.EXPIRED
            orientation.expired_at = now
            orientation.save(update_fields=["status", "expired_at"])
            journal.record(action="offer.orientation_expired", actor_label="système", target=orientation)
            _timeline(
                orientation,
                "orientation_expired",
                _("Orientation expirée sans réponse de %(s)s") % {"s": orientation.service.structure.nom},
                actor_label="système",
            )
            transaction.on_commit(lambda o=orientation: _mail_sender(o))
    due = pending.filter(
        sent_at__lte=now - Orientation.REMIND_AFTER,
        sent_at__gt=now - Orientation.EXPIRE_AFTER,
        reminded_at__isnull=True,
    )
    for orientation in due.order_by("sent_at", "id"):
        reminded.append(orientation)
        if dry_run:
            continue
        with transaction.atomic():
            orientation.reminded_at = now
            orientation.save(update_fields=["reminded_at"])
            transaction.on_commit(lambda o=orientation: _mail_structure(o, reminder=True))
    return {"reminded": len(reminded), "expired": len(expired)}


@transaction.atomic
def request_orientation(*, actor, beneficiary, service):
    """The person asks her référent to orient her to a service (DESIGN: the offer is searchable by
    the people themselves, « with a request for orientation »). It lands in her follow-up's timeline
    and her référent is e-mailed (no name in the e-mail)."""
    follow_up = getattr(beneficiary, "follow_up", None)
    if follow_up is None or service.status != ServiceStatus.PUBLISHED:
        raise ValidationError(_("Cette demande ne peut pas être transmise."))
    _timeline_request = _("Demande d'orientation par la personne vers « %(service)s » (%(structure)s)") % {
        "service": service.nom,
        "structure": service.structure.nom,
    }
    from mutualis.insertion.services import record_event

    record_event(
        follow_up=follow_up,
        kind="orientation_requested",
        summary=_timeline_request[:300],
        actor=actor,
        part=Part.PLAN,
        source="offer",
        ref=service,
    )
    referent = follow_up.referent_member
    email = referent.membership.user.email if referent else ""
    if email:
        url = settings.MUTUALIS_BASE_URL + reverse(
            "insertion:follow_up", kwargs={"public_id": follow_up.public_id}
        )
        transaction.on_commit(
            lambda: send_mail(
                _("Une personne que vous accompagnez demande une orientation"),
                _(
                    "Bonjour,\n\nUne personne que vous accompagnez demande à être orientée vers « %(service)s ». "
                    "Voir son parcours : %(url)s\n\nMutualis"
                )
                % {"service": service.nom, "url": url},
                None,
                [email],
            )
        )
    return follow_up
