"""Access cases of the recruitment pages and API (issue 12).

GE a's offer stays a draft (writers are not probed), so that no page open to everyone shows GE a's
name; the public pages are probed with a published offer of a third GE that holds no marker."""

import datetime as dt

from django.utils import timezone

from tests.access.matrix import (
    EVERYONE,
    STAFF_A,
    STAFF_B,
    WRITERS_A,
    WRITERS_B,
    Case,
)

CONTACTS = frozenset({"contact_a1", "contact_a2", "contact_b1"})
PARTNERS = frozenset({"partner_a", "partner_b"})
# Minutes from Monday 00:00: Monday 08:00–12:00.
BLOCK = (480, 720)


def _position(w, group=None, member=None, site=None, title="Poste-Recrutement"):
    from mutualis.needs.models import NeedStatus, Position
    from tests.needs.factories import NeedFactory

    group, member, site = group or w.group_a, member or w.member_a1, site or w.site_a1
    existing = Position.objects.filter(group=group, title=title).first()
    if existing is not None:
        return existing
    need = NeedFactory(member=member, site=site, slots=[BLOCK], status=NeedStatus.CONSOLIDATED)
    position = Position.objects.create(
        group=group,
        title=title,
        weekly_minutes=BLOCK[1] - BLOCK[0],
        schedule=[{"need": str(need.public_id), "start": BLOCK[0], "end": BLOCK[1]}],
    )
    position.needs.add(need)
    position.members.add(member)
    return position


def _offer(w):
    from mutualis.recruitment import services
    from mutualis.recruitment.models import JobOffer

    position = _position(w)
    return JobOffer.objects.filter(position=position).first() or services.create_offer_from_position(
        actor=w.planner_a, position=position
    )


def _candidate(w):
    from mutualis.recruitment import services
    from mutualis.recruitment.models import Candidate

    existing = Candidate.objects.filter(group=w.group_a, last_name="Candidat-Sonde").first()
    if existing is not None:
        return existing
    candidate = services.save_candidate(
        actor=w.partner_a,
        group=w.group_a,
        first_name="Sonia",
        last_name="Candidat-Sonde",
        email="sonde@example.org",
        source="partner",
        sharing_consent=True,
    )
    Candidate.objects.filter(pk=candidate.pk).update(sent_by=w.partner_a)
    candidate.refresh_from_db()
    return candidate


def _application(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mutualis.recruitment import services
    from mutualis.recruitment.models import Application

    offer, candidate = _offer(w), _candidate(w)
    existing = Application.objects.filter(offer=offer, candidate=candidate).first()
    if existing is not None:
        return existing
    application = services.create_application(
        actor=w.planner_a,
        offer=offer,
        candidate=candidate,
        cv=SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return services.transition(actor=w.planner_a, application=application, status="interview")


def _public_offer(w):
    """A published offer of a GE outside the world's markers."""
    from mutualis.recruitment import services
    from mutualis.recruitment.models import JobOffer
    from tests.factories import EmployerGroupFactory, MemberFactory, SiteFactory

    offer = JobOffer.objects.filter(title="Offre-Publique").first()
    if offer is not None:
        return offer
    group = EmployerGroupFactory(name="GE Ouvert", slug="ge-ouvert")
    member = MemberFactory(group=group)
    position = _position(
        w, group=group, member=member, site=SiteFactory(member=member), title="Offre-Publique"
    )
    offer = services.create_offer_from_position(actor=None, position=position)
    return services.set_offer_status(actor=None, offer=offer, status="published")


def _staffed_position(w):
    position = _position(w, title="Poste-Salarié")
    if position.employee_id is None:
        position.employee = w.employee_a
        position.save(update_fields=["employee"])
    return position


def _oid(w):
    return {"public_id": _offer(w).public_id}


def _cid(w):
    return {"public_id": _candidate(w).public_id}


def _aid(w):
    return {"public_id": _application(w).public_id}


def _start(w):
    today = timezone.localdate()
    return (today + dt.timedelta(days=14 - today.weekday())).isoformat()


def _offer_form(w):
    offer = _offer(w)
    return {
        "title": offer.title,
        "rome_code": "",
        "pay_min": "13.00",
        "start_date": offer.start_date.isoformat(),
    }


def _candidate_form(w):
    return {
        "first_name": "Lou",
        "last_name": "Sonde",
        "hours_min": "10",
        "hours_max": "30",
        "dispo-TOTAL_FORMS": "0",
        "dispo-INITIAL_FORMS": "0",
    }


def _public_form(w):
    return {"first_name": "Ana", "last_name": "Sonde", "email": "ana@example.org", "cover_letter": "Bonjour"}


CASES = {
    # Pages of the GE staff.
    "recruitment:offers": Case(read=STAFF_A | STAFF_B),
    "recruitment:offer_from_position": Case(
        kwargs=lambda w: {"public_id": _position(w).public_id}, write=WRITERS_A, methods=("POST",), get=False
    ),
    "recruitment:position_staff": Case(
        kwargs=lambda w: {"public_id": _staffed_position(w).public_id},
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"start_date": _start(w)},
        get=False,
    ),
    "recruitment:offer": Case(kwargs=_oid, read=STAFF_A),
    "recruitment:offer_edit": Case(
        kwargs=_oid, read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=_offer_form
    ),
    "recruitment:offer_status": Case(
        kwargs=_oid, write=WRITERS_A, methods=("POST",), data=lambda w: {"status": "published"}, get=False
    ),
    "recruitment:offer_matches": Case(kwargs=_oid, read=STAFF_A),
    "recruitment:offer_add_application": Case(
        kwargs=_oid,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"candidate": str(_candidate(w).public_id)},
        get=False,
    ),
    "recruitment:candidates": Case(read=STAFF_A | STAFF_B),
    "recruitment:candidate_create": Case(
        read=WRITERS_A | WRITERS_B, write=WRITERS_A | WRITERS_B, methods=("POST",), data=_candidate_form
    ),
    "recruitment:candidate": Case(kwargs=_cid, read=STAFF_A),
    "recruitment:candidate_edit": Case(
        kwargs=_cid, read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=_candidate_form
    ),
    "recruitment:application": Case(kwargs=_aid, read=STAFF_A),
    "recruitment:application_transition": Case(
        kwargs=_aid, write=WRITERS_A, methods=("POST",), data=lambda w: {"status": "prior_to_hire"}, get=False
    ),
    "recruitment:application_hire": Case(
        kwargs=_aid,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"hiring_start_date": _start(w)},
        get=False,
    ),
    "recruitment:application_interview": Case(
        kwargs=_aid,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"day": _start(w), "start_time": "10:00", "place": "GE"},
        get=False,
    ),
    "recruitment:application_cv": Case(kwargs=_aid, read=STAFF_A),
    # Member contact and partner.
    "recruitment:shortlist": Case(read=CONTACTS),
    "recruitment:sent": Case(
        read=PARTNERS,
        write=frozenset({"partner_a"}),
        methods=("POST",),
        data=lambda w: {
            "offer": str(_offer(w).public_id),
            "first_name": "Nora",
            "last_name": "Sonde",
            "sharing_consent": "on",
        },
    ),
    # Public pages.
    "recruitment:public_offers": Case(read=EVERYONE),
    "recruitment:public_export": Case(read=EVERYONE),
    "recruitment:public_offer": Case(
        kwargs=lambda w: {"public_id": _public_offer(w).public_id},
        read=EVERYONE,
        write=EVERYONE,
        methods=("POST",),
        data=_public_form,
    ),
    # API.
    "api:job-offer-list": Case(
        read=STAFF_A | STAFF_B | CONTACTS | PARTNERS,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"position": str(_position(w).public_id)},
        api=True,
    ),
    "api:job-offer-detail": Case(
        kwargs=_oid,
        read=STAFF_A | {"contact_a1"},
        write=WRITERS_A,
        methods=("PATCH",),
        data=lambda w: {"description": "Sonde"},
        api=True,
    ),
    "api:job-offer-publish": Case(kwargs=_oid, write=WRITERS_A, methods=("POST",), get=False, api=True),
    "api:job-offer-pause": Case(kwargs=_oid, write=WRITERS_A, methods=("POST",), get=False, api=True),
    "api:job-offer-close": Case(kwargs=_oid, write=WRITERS_A, methods=("POST",), get=False, api=True),
    "api:job-offer-matches": Case(kwargs=_oid, read=STAFF_A, api=True),
    "api:candidate-list": Case(
        read=STAFF_A | STAFF_B | PARTNERS,
        write=WRITERS_A | WRITERS_B | PARTNERS,
        methods=("POST",),
        data=lambda w: {"first_name": "Api", "last_name": "Sonde", "sharing_consent": True},
        api=True,
    ),
    "api:candidate-detail": Case(
        kwargs=_cid,
        read=STAFF_A | {"partner_a"},
        write=WRITERS_A | {"partner_a"},
        methods=("PATCH",),
        data=lambda w: {"city": "Alençon"},
        api=True,
    ),
    "api:application-list": Case(
        read=STAFF_A | STAFF_B | CONTACTS | PARTNERS,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"offer": str(_offer(w).public_id), "candidate": str(_candidate(w).public_id)},
        api=True,
    ),
    "api:application-detail": Case(kwargs=_aid, read=STAFF_A | {"contact_a1", "partner_a"}, api=True),
    "api:application-transition": Case(
        kwargs=_aid,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"status": "prior_to_hire"},
        get=False,
        api=True,
    ),
    "api:application-hire": Case(
        kwargs=_aid,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"hiring_start_date": _start(w)},
        get=False,
        api=True,
    ),
    "api:position-accept": Case(
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"run": str(_run_a(w).public_id), "positions": ["p1"]},
        get=False,
        api=True,
    ),
}


def _run_a(w):
    from tests.access.cases import _run_a as run_a

    return run_a(w)
