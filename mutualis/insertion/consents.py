"""The one consent model for every cross-organisation read of a person's data (DESIGN).

Other domains call only these functions (documented in docs/insertion.md):

- `allows(membership, beneficiary, part, purpose=None)` — may this membership read that part?
- `read(membership, beneficiary, part, channel="web")` — the same check for an actual read: raises
  `NotAllowed` (a 404) when refused, and logs the read when the reader is not the person's référent.
- `grant(actor=…, beneficiary=…, organisation=… | group=…, purpose=…, parts=…, given_via=…)` — record
  a consent (a partner who sends a candidate to a GE records « share with GE X » this way);
  `share_with_group(...)` is that call with the recruitment defaults.
- `revoke(actor=…, consent=…)` — access ends at once.
- `visible_ids(membership, part)` — ids of the people whose `part` this membership may read.

Who reads without a grant: the person herself, and the professionals of the structure that holds
her record (the référent's structure). Everyone else — another organisation, a GE, a follow-up member
from elsewhere — needs a grant in force, for that structure, covering the part.
"""

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.accounts.roles import Role
from mutualis.core import journal

from .enums import GivenVia, MemberRole, Part, Purpose
from .models import AccessLog, Beneficiary, ConsentGrant, FollowUpMember, add_months

# Roles that accompany people: professionals of an organisation, and GE staff who hire and follow.
ORGANISATION_PROFESSIONAL_ROLES = frozenset({Role.PARTNER})
GROUP_PROFESSIONAL_ROLES = frozenset({Role.DIRECTOR, Role.PLANNER, Role.PARTNER})


class NotAllowed(Http404):
    """A read that no consent covers: answered as « not found » (the person's existence is not told)."""


def structure_of(membership):
    """("organisation", id) or ("group", id) for a professional, else None."""
    if membership is None:
        return None
    if membership.organisation_id and membership.role in ORGANISATION_PROFESSIONAL_ROLES:
        return ("organisation", membership.organisation_id)
    if membership.group_id and membership.role in GROUP_PROFESSIONAL_ROLES:
        return ("group", membership.group_id)
    return None


def is_professional(membership):
    return structure_of(membership) is not None


def is_person(membership, beneficiary=None):
    if membership is None or membership.role != Role.PERSON:
        return False
    return beneficiary is None or beneficiary.user_id == membership.user_id


def holds(membership, beneficiary):
    """A professional of the structure that holds the person's record."""
    structure = structure_of(membership)
    if structure is None:
        return False
    kind, pk = structure
    return (beneficiary.organisation_id if kind == "organisation" else beneficiary.group_id) == pk


def _grants_for(structure):
    kind, pk = structure
    return ConsentGrant.objects.in_force().filter(**{f"{kind}_id": pk})


def grant_for(membership, beneficiary, part, purpose=None):
    """The consent in force that lets `membership`'s structure read `part`, or None."""
    structure = structure_of(membership)
    if structure is None:
        return None
    grants = _grants_for(structure).filter(beneficiary_id=beneficiary.pk)
    if purpose:
        grants = grants.filter(purpose=purpose)
    return next((g for g in grants.order_by("-expires_on", "-id") if part in g.parts), None)


def allows(membership, beneficiary, part, purpose=None):
    """May `membership` read `part` of `beneficiary`'s data (for `purpose`, if given)?"""
    if beneficiary is None or beneficiary.anonymised_at is not None:
        return False
    if is_person(membership, beneficiary):
        return True
    if holds(membership, beneficiary):
        return True
    return grant_for(membership, beneficiary, part, purpose) is not None


def is_referent(membership, beneficiary):
    return FollowUpMember.objects.filter(
        follow_up__beneficiary_id=beneficiary.pk,
        membership_id=membership.pk,
        role=MemberRole.REFERENT,
        ended_on__isnull=True,
    ).exists()


def read(membership, beneficiary, part, *, purpose=None, channel="web"):
    """Check one read and log it (unless the reader is the person or her référent). Refused: 404."""
    if not allows(membership, beneficiary, part, purpose):
        raise NotAllowed
    if is_person(membership, beneficiary) or is_referent(membership, beneficiary):
        return
    AccessLog.objects.create(
        beneficiary=beneficiary,
        viewer=membership.user,
        viewer_label=membership.user.get_full_name() or membership.user.get_username(),
        structure_label=str(membership.organisation_label),
        part=part,
        channel=channel,
        consent=None if holds(membership, beneficiary) else grant_for(membership, beneficiary, part, purpose),
    )


def visible_ids(membership, part=Part.IDENTITY):
    """Ids of the people whose `part` `membership` may read (held by its structure or granted)."""
    if membership is None:
        return set()
    if membership.role == Role.PERSON:
        return set(
            Beneficiary.objects.filter(user_id=membership.user_id, anonymised_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
    structure = structure_of(membership)
    if structure is None:
        return set()
    kind, pk = structure
    held = Beneficiary.objects.filter(**{f"{kind}_id": pk}, anonymised_at__isnull=True).values_list(
        "pk", flat=True
    )
    granted = {
        beneficiary_id
        for beneficiary_id, parts in _grants_for(structure)
        .filter(beneficiary__anonymised_at__isnull=True)
        .values_list("beneficiary_id", "parts")
        if part in parts
    }
    return set(held) | granted


def default_expiry(given_on):
    return add_months(given_on, ConsentGrant.DEFAULT_MONTHS)


@transaction.atomic
def grant(
    *,
    actor,
    beneficiary,
    purpose,
    parts,
    given_via,
    organisation=None,
    group=None,
    evidence="",
    given_on=None,
    expires_on=None,
):
    """Record the person's consent that a structure reads some parts of her data.

    `actor` is the professional who records it (or the person herself, online). 12 months by
    default, 24 at most; an expired or malformed consent is refused with a French message.
    """
    given_on = given_on or timezone.localdate()
    consent = ConsentGrant(
        beneficiary=beneficiary,
        organisation=organisation,
        group=group,
        purpose=purpose,
        parts=list(parts),
        given_via=given_via,
        evidence=evidence,
        given_on=given_on,
        expires_on=expires_on or default_expiry(given_on),
        recorded_by=actor,
        recorded_by_label=(actor.get_full_name() or actor.get_username()) if actor else "",
    )
    consent.full_clean()
    consent.save()
    journal.record(action="insertion.consent_granted", actor=actor, target=consent, parts=consent.parts)
    _timeline(
        beneficiary,
        kind="consent_granted",
        actor=actor,
        summary=_("Consentement donné à %(to)s (%(parts)s) jusqu'au %(until)s")
        % {
            "to": consent.grantee_name,
            "parts": ", ".join(consent.parts_display()),
            "until": consent.expires_on.strftime("%d/%m/%Y"),
        },
        ref=consent,
    )
    return consent


def share_with_group(
    *, actor, beneficiary, group, given_via=GivenVia.SIGNED, parts=(Part.IDENTITY,), **kwargs
):
    """A partner sends the person as a candidate to a GE: her consent that the GE reads `parts`."""
    return grant(
        actor=actor,
        beneficiary=beneficiary,
        group=group,
        purpose=Purpose.RECRUITMENT,
        parts=parts,
        given_via=given_via,
        **kwargs,
    )


@transaction.atomic
def revoke(*, actor, consent):
    """End a consent now: every read it allowed is refused from this moment."""
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor
    consent.save(update_fields=["revoked_at", "revoked_by"])
    journal.record(action="insertion.consent_revoked", actor=actor, target=consent)
    _timeline(
        consent.beneficiary,
        kind="consent_revoked",
        actor=actor,
        summary=_("Consentement retiré pour %(to)s") % {"to": consent.grantee_name},
        ref=consent,
    )
    return consent


def _timeline(beneficiary, **kwargs):
    from .services import record_event

    follow_up = getattr(beneficiary, "follow_up", None)
    if follow_up is not None:
        record_event(follow_up=follow_up, part=Part.IDENTITY, **kwargs)
