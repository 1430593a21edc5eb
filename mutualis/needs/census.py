"""Census campaigns: a public link where any organisation declares needs without an account.

Answers count once their e-mail link is followed (needs go from draft to open). Limits against abuse:
declarations per IP address and per SIRET, needs per declaration; every limit names what it refused.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal

from . import services
from .models import CampaignStatus, CensusCampaign, CensusDeclaration, Need, NeedStatus

MAX_DECLARATIONS_PER_IP_PER_DAY = 10
MAX_PENDING_DECLARATIONS_PER_SIRET = 5
MAX_NEEDS_PER_DECLARATION = 20


@transaction.atomic
def create_campaign(*, actor, group, **fields):
    campaign = CensusCampaign(group=group, created_by=actor)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    journal.record(action="census.campaign_created", actor=actor, group=group, target=campaign)
    return campaign


@transaction.atomic
def set_campaign_status(*, actor, campaign, status):
    if status not in CampaignStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    journal.record(
        action="census.campaign_status", actor=actor, group=campaign.group, target=campaign, status=status
    )
    return campaign


def _check_limits(campaign, siret, ip_address, now):
    if ip_address:
        recent = CensusDeclaration.objects.filter(
            campaign=campaign, ip_address=ip_address, created_at__gte=now - datetime.timedelta(days=1)
        ).count()
        if recent >= MAX_DECLARATIONS_PER_IP_PER_DAY:
            raise ValidationError(
                {
                    "__all__": _(
                        "Trop de déclarations envoyées depuis cette connexion aujourd'hui "
                        "(%(limit)s au plus) : réessayez demain."
                    )
                    % {"limit": MAX_DECLARATIONS_PER_IP_PER_DAY}
                }
            )
    pending = CensusDeclaration.objects.filter(
        campaign=campaign, siret=siret, confirmed_at__isnull=True
    ).count()
    if pending >= MAX_PENDING_DECLARATIONS_PER_SIRET:
        raise ValidationError(
            {
                "siret": _(
                    "Ce SIRET a déjà %(n)s déclarations en attente de confirmation : suivez le lien reçu "
                    "par courriel avant d'en envoyer une autre."
                )
                % {"n": pending}
            }
        )


@transaction.atomic
def submit_declaration(
    *,
    campaign,
    needs,
    organisation_name,
    siret,
    contact_name,
    contact_email,
    contact_phone="",
    city="",
    ip_address=None,
    confirmation_url=None,
):
    """Record an organisation's answer and its needs (as drafts) and e-mail the confirmation link.

    `needs`: dicts of need fields (job_title, rome_code, kind, slots or windows + weekly_minutes, weeks,
    city, latitude, longitude, comments…). `confirmation_url(token)` builds the link put in the e-mail.
    Any problem raises one ValidationError; nothing is saved then.
    """
    now = timezone.now()
    if not campaign.is_accepting(timezone.localdate()):
        raise ValidationError({"__all__": _("Cette campagne de recensement n'accepte pas de réponse.")})
    siret = re.sub(r"\s", "", siret or "")
    if not needs:
        raise ValidationError({"needs": _("Déclarez au moins un besoin.")})
    if len(needs) > MAX_NEEDS_PER_DECLARATION:
        raise ValidationError(
            {"needs": _("Au plus %(n)s besoins par déclaration.") % {"n": MAX_NEEDS_PER_DECLARATION}}
        )
    declaration = CensusDeclaration(
        group_id=campaign.group_id,
        campaign=campaign,
        organisation_name=organisation_name,
        siret=siret,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        city=city,
        ip_address=ip_address,
    )
    declaration.full_clean(exclude=["confirmation_token"])
    _check_limits(campaign, siret, ip_address, now)
    declaration.save()
    problems = []
    for number, fields in enumerate(needs, start=1):
        fields = dict(fields)
        fields.setdefault("city", city)
        try:
            services.create_need(
                actor=None,
                group=campaign.group,
                declaration=declaration,
                member=None,
                site=None,
                status=NeedStatus.DRAFT,
                **fields,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    problems.append(
                        _("Besoin %(n)s, %(field)s : %(message)s")
                        % {"n": number, "field": field, "message": message}
                    )
    if problems:
        raise ValidationError({"needs": problems})
    journal.record(
        action="census.declared",
        actor_label=_("formulaire public"),
        group=campaign.group,
        target=declaration,
        needs=len(needs),
    )
    if confirmation_url is not None:
        link = confirmation_url(declaration.confirmation_token)
        transaction.on_commit(lambda: _send_confirmation(declaration, link))
    return declaration


def _send_confirmation(declaration, link):
    subject = _("Confirmez votre déclaration de besoins — %(campaign)s") % {
        "campaign": declaration.campaign.name
    }
    body = _(
        "Bonjour %(name)s,\n\n"
        "Vous avez déclaré des besoins à temps partiel pour %(organisation)s dans la campagne « %(campaign)s » "
        "(%(territory)s).\n\n"
        "Pour qu'ils soient pris en compte, confirmez votre déclaration en ouvrant ce lien :\n%(link)s\n\n"
        "Si vous n'êtes pas à l'origine de cette déclaration, ignorez ce message : elle ne sera pas comptée."
    ) % {
        "name": declaration.contact_name,
        "organisation": declaration.organisation_name,
        "campaign": declaration.campaign.name,
        "territory": declaration.campaign.territory,
        "link": link,
    }
    send_mail(subject, body, None, [declaration.contact_email])


@transaction.atomic
def confirm_declaration(*, token):
    """Follow the e-mail link: the declaration counts and its needs open. Idempotent."""
    declaration = (
        CensusDeclaration.objects.select_for_update()
        .select_related("campaign")
        .filter(confirmation_token=token)
        .first()
    )
    if declaration is None:
        raise ValidationError(_("Ce lien de confirmation n'est pas valide."))
    if declaration.confirmed_at is None:
        if declaration.campaign.status == CampaignStatus.CLOSED:
            raise ValidationError(_("La campagne est close : la déclaration ne peut plus être confirmée."))
        declaration.confirmed_at = timezone.now()
        declaration.save(update_fields=["confirmed_at", "updated_at"])
        Need.objects.filter(declaration=declaration, status=NeedStatus.DRAFT).update(
            status=NeedStatus.OPEN, updated_at=timezone.now()
        )
        journal.record(
            action="census.confirmed",
            actor_label=_("lien de confirmation"),
            group=declaration.campaign.group,
            target=declaration,
        )
    return declaration
