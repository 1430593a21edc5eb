"""Access cases of training (issue 20): GE a owns a session shared with the territory of GE a and
GE b; GE a enrols employee_a (asked by member a1), GE b enrols employee_b. GE a never sees GE b's
trainee (the matrix's markers check it); the employee signs only their own attendance."""

import datetime as dt
from decimal import Decimal

from tests.access.matrix import STAFF_A, STAFF_B, WRITERS_A, WRITERS_B, Case

from .territories import territory

STAFF = STAFF_A | STAFF_B
WRITERS = WRITERS_A | WRITERS_B
ENROLMENT_READERS = STAFF | {"employee_user_a", "employee_user_b", "contact_a1", "contact_a2", "contact_b1"}


def _start():
    day = dt.date.today() + dt.timedelta(days=14)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


def session(w):
    from mutualis.training import services
    from mutualis.training.models import TrainingAction, TrainingBody, TrainingOffer, TrainingSession

    existing = TrainingSession.objects.filter(group=w.group_a, number="Session-Tango").first()
    if existing is not None:
        return existing
    body = TrainingBody.objects.create(group=w.group_a, name="Organisme-Tango", siret="12345678900011")
    offer = TrainingOffer.objects.create(
        group=w.group_a, body=body, title="Formation-Tango", number="F-Tango"
    )
    action = TrainingAction.objects.create(
        group=w.group_a, offer=offer, hours=Decimal("7"), price=Decimal("200")
    )
    created = TrainingSession.objects.create(
        group=w.group_a, action=action, number="Session-Tango", starts_on=_start(), ends_on=_start(), places=5
    )
    services.share_session(session=created, territories=[territory(w)])
    return created


def _membership(user):
    return user.memberships.first()


def enrolment(w):
    from mutualis.training import services
    from mutualis.training.models import Enrolment

    s = session(w)
    existing = Enrolment.objects.filter(session=s, employee=w.employee_a).first()
    if existing is not None:
        return existing
    created = services.enrol(
        membership=_membership(w.director_a), session=s, employee=w.employee_a, asked_by=w.member_a1
    )
    services.enrol(
        membership=_membership(w.director_b), session=s, employee=w.employee_b, asked_by=w.member_b1
    )
    return created


def funding(w):
    from mutualis.training import services

    e = enrolment(w)
    return e.fundings.first() or services.request_funding(
        enrolment=e, scheme="plan", funder="OPCO-Tango", requested=Decimal("100")
    )


def review(w):
    from mutualis.training.models import CareerReview

    return CareerReview.objects.filter(employee=w.employee_a).first() or CareerReview.objects.create(
        group=w.group_a, employee=w.employee_a, kind="first", held_on=dt.date.today()
    )


def plan(w):
    from mutualis.training import services
    from mutualis.training.models import TrainingPlan

    existing = TrainingPlan.objects.filter(group=w.group_a, year=2030).first()
    if existing is not None:
        return existing
    created = services.create_plan(group=w.group_a, year=2030)
    services.add_plan_line(
        plan=created,
        source="other",
        label=f"Besoin de {w.employee_a}",
        employee=w.employee_a,
        cost=Decimal("100"),
        funder="OPCO-Tango",
        funding=Decimal("50"),
    )
    return created


def plan_line(w):
    return plan(w).lines.order_by("id").first()


def certification(w):
    from mutualis.training.models import EmployeeCertification

    skill = session(w).action.offer.skill
    if skill is None:
        from mutualis.employees.models import Skill

        skill = Skill.objects.get_or_create(
            code="SST-Tango", defaults={"label": "SST Tango", "kind": "transversal"}
        )[0]
    return EmployeeCertification.objects.filter(
        employee=w.employee_a
    ).first() or EmployeeCertification.objects.create(
        group=w.group_a,
        employee=w.employee_a,
        skill=skill,
        certified_on=dt.date.today() - dt.timedelta(days=700),
        expires_on=dt.date.today() + dt.timedelta(days=20),
    )


def sale(w):
    from mutualis.training import services
    from mutualis.training.models import SeatSale

    return SeatSale.objects.filter(group=w.group_a).first() or services.sell_seats(
        group=w.group_a, buyer=w.member_a2, label="Prestation-Tango", unit_price=Decimal("10")
    )


def document(w):
    from django.core.files.base import ContentFile

    from mutualis.training import services
    from mutualis.training.models import TrainingDocument

    return TrainingDocument.objects.filter(group=w.group_a).first() or services.attach_document(
        enrolment=enrolment(w), kind="quote", file=ContentFile(b"%PDF-1.4", name="devis-tango.pdf")
    )


def training_request(w):
    from mutualis.training.models import TrainingRequest

    return TrainingRequest.objects.filter(member=w.member_a1).first() or TrainingRequest.objects.create(
        group=w.group_a, member=w.member_a1, employee=w.employee_a, subject="Demande-Tango"
    )


CONTACTS = frozenset({"contact_a1", "contact_a2", "contact_b1"})


def _upload(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"kind": "programme", "file": SimpleUploadedFile("programme.pdf", b"%PDF-1.4")}


def pid(fn):
    return lambda w: {"public_id": fn(w).public_id}


def body(w):
    return session(w).action.offer.body


def enrol_form(w):
    return {"employee": str(w.employee_a.pk)}


CASES = {
    "training:list": Case(
        kwargs=lambda w: (enrolment(w), {})[1],
        read=ENROLMENT_READERS,
        shows={"employee_a": STAFF_A | {"employee_user_a"}},
    ),
    "training:session": Case(kwargs=pid(session), read=STAFF),
    "training:share": Case(
        kwargs=pid(session),
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"territories": [str(territory(w).public_id)]},
    ),
    "training:enrol": Case(
        kwargs=pid(session), get=False, write=WRITERS_A, methods=("POST",), data=enrol_form
    ),
    "training:enrolment": Case(
        kwargs=pid(enrolment),
        read=STAFF_A | {"employee_user_a", "contact_a1"},
        shows={"employee_a": STAFF_A | {"employee_user_a", "contact_a1"}},
    ),
    "training:sign": Case(
        kwargs=pid(enrolment),
        get=False,
        write=frozenset({"employee_user_a"}),
        methods=("POST",),
        data=lambda w: {"day": _start().isoformat(), "half": "pm"},
    ),
    "training:certify": Case(kwargs=pid(enrolment), get=False, write=WRITERS_A, methods=("POST",)),
    "training:reviews": Case(read=STAFF),
    "training:document_add": Case(
        kwargs=pid(enrolment), get=False, write=WRITERS_A, methods=("POST",), data=_upload
    ),
    "training:document": Case(kwargs=pid(document), read=STAFF_A, heavy=True),
    "training:review_pdf": Case(kwargs=pid(review), read=STAFF_A | {"employee_user_a"}, heavy=True),
    "training:plans": Case(
        kwargs=lambda w: (plan(w), {})[1],
        read=STAFF,
        write=WRITERS,
        methods=("POST",),
        data=lambda w: {"year": 2031, "note": ""},
    ),
    "training:plan": Case(kwargs=pid(plan), read=STAFF_A, shows={"employee_a": STAFF_A}),
    "training:plan_draw": Case(kwargs=pid(plan), get=False, write=WRITERS_A, methods=("POST",)),
    "training:plan_line_add": Case(
        kwargs=pid(plan),
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"source": "other", "label": "Besoin-Pirate", "cost": "10", "funding": "0"},
    ),
    "training:plan_line_delete": Case(kwargs=pid(plan_line), get=False, write=WRITERS_A, methods=("POST",)),
    "training:sales": Case(
        kwargs=lambda w: (sale(w), {})[1],
        read=STAFF,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {
            "buyer": str(w.member_a2.pk),
            "label": "Conseil",
            "seats": 1,
            "unit_price": "10",
            "vat_rate": "20",
        },
    ),
    "training:requests": Case(
        kwargs=lambda w: (training_request(w), {})[1],
        read=STAFF | CONTACTS,
        write=WRITERS_A | CONTACTS,
        methods=("POST",),
        data=lambda w: {"member": str(w.member_a1.pk), "subject": "Habilitation électrique"},
        shows={"member_a1": STAFF_A | {"contact_a1"}},
    ),
    "training:request_decide": Case(
        kwargs=pid(training_request),
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"status": "accepted", "answer": ""},
    ),
    "api:training-request-list": Case(
        kwargs=lambda w: (training_request(w), {})[1],
        read=STAFF | CONTACTS,
        write=WRITERS_A | {"contact_a1"},
        methods=("POST",),
        data=lambda w: {"member": str(w.member_a1.public_id), "subject": "Habilitation électrique"},
        api=True,
    ),
    "api:training-request-detail": Case(
        kwargs=pid(training_request), read=STAFF_A | {"contact_a1"}, api=True
    ),
    "api:training-request-decide": Case(
        kwargs=pid(training_request),
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"status": "accepted"},
        api=True,
    ),
    "api:training-plan-list": Case(
        read=STAFF, write=WRITERS, methods=("POST",), data=lambda w: {"year": 2032}, api=True
    ),
    "api:training-plan-detail": Case(
        kwargs=pid(plan),
        read=STAFF_A,
        write=WRITERS_A,
        methods=("PATCH",),
        data=lambda w: {"note": "x"},
        api=True,
    ),
    "api:training-plan-draw": Case(kwargs=pid(plan), get=False, write=WRITERS_A, methods=("POST",), api=True),
    "api:training-plan-line-list": Case(
        read=STAFF,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"plan": str(plan(w).public_id), "label": "Besoin-Pirate"},
        api=True,
    ),
    "api:training-plan-line-detail": Case(
        kwargs=pid(plan_line),
        read=STAFF_A,
        write=WRITERS_A,
        methods=("PATCH", "DELETE"),
        data=lambda w: {"label": "Y"},
        api=True,
    ),
    "api:training-certification-list": Case(
        kwargs=lambda w: (certification(w), {})[1], read=STAFF, variants=("?expiring_within=60",), api=True
    ),
    "api:training-certification-detail": Case(kwargs=pid(certification), read=STAFF_A, api=True),
    "api:training-certification-expiring": Case(read=STAFF, api=True),
    "api:training-sale-list": Case(
        read=STAFF,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"buyer": str(w.member_a2.public_id), "label": "Conseil", "unit_price": "10.00"},
        api=True,
    ),
    "api:training-sale-detail": Case(kwargs=pid(sale), read=STAFF_A, api=True),
    "api:training-document-list": Case(
        read=STAFF,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"enrolment": str(enrolment(w).public_id), "kind": "quote"},
        api=True,
    ),
    "api:training-document-detail": Case(kwargs=pid(document), read=STAFF_A, api=True),
    "api:training-document-download": Case(kwargs=pid(document), read=STAFF_A, heavy=True, api=True),
    "api:training-funding-opco": Case(
        read=STAFF, write=WRITERS, methods=("POST",), data=lambda w: {"opco": "OPCO-Tango"}, api=True
    ),
    "api:career-review-record": Case(
        kwargs=pid(review), read=STAFF_A | {"employee_user_a"}, heavy=True, api=True
    ),
    "api:training-body-list": Case(
        read=STAFF,
        write=WRITERS,
        methods=("POST",),
        data=lambda w: {"name": "Organisme-Pirate", "siret": "98765432100019"},
        api=True,
    ),
    "api:training-body-detail": Case(
        kwargs=pid(body),
        read=STAFF_A,
        write=WRITERS_A,
        methods=("PATCH",),
        data=lambda w: {"name": "X"},
        api=True,
    ),
    "api:training-offer-list": Case(
        read=STAFF,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"title": "Offre-Pirate", "body": str(body(w).public_id)},
        api=True,
    ),
    "api:training-offer-detail": Case(
        kwargs=lambda w: {"public_id": session(w).action.offer.public_id}, read=STAFF_A, api=True
    ),
    "api:training-offer-lheo": Case(read=STAFF, api=True),
    "api:training-offer-import-lheo": Case(get=False, write=WRITERS, methods=("POST",), api=True),
    "api:training-session-list": Case(
        read=STAFF,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {
            "action": str(session(w).action.public_id),
            "starts_on": _start().isoformat(),
            "ends_on": _start().isoformat(),
            "places": 2,
        },
        api=True,
    ),
    "api:training-session-detail": Case(kwargs=pid(session), read=STAFF, api=True),
    "api:training-session-share": Case(
        kwargs=pid(session),
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"territories": [str(territory(w).public_id)]},
        api=True,
    ),
    "api:enrolment-list": Case(
        read=ENROLMENT_READERS,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"session": str(session(w).public_id), "employee": str(w.employee_a.public_id)},
        api=True,
    ),
    "api:enrolment-detail": Case(
        kwargs=pid(enrolment), read=STAFF_A | {"employee_user_a", "contact_a1"}, api=True
    ),
    "api:enrolment-sign": Case(
        kwargs=pid(enrolment),
        get=False,
        write=frozenset({"employee_user_a"}),
        methods=("POST",),
        data=lambda w: {"day": _start().isoformat(), "half": "am"},
        api=True,
    ),
    "api:enrolment-certify": Case(
        kwargs=pid(enrolment), get=False, write=WRITERS_A, methods=("POST",), api=True
    ),
    "api:training-funding-list": Case(
        read=STAFF,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {
            "enrolment": str(enrolment(w).public_id),
            "scheme": "plan",
            "funder": "OPCO",
            "requested": "10.00",
        },
        api=True,
    ),
    "api:training-funding-detail": Case(kwargs=pid(funding), read=STAFF_A, api=True),
    "api:training-funding-move": Case(
        kwargs=pid(funding),
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"status": "submitted"},
        api=True,
    ),
    "api:career-review-list": Case(
        read=STAFF | {"employee_user_a", "employee_user_b"},
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"employee": str(w.employee_a.public_id), "kind": "periodic", "held_on": "2026-01-05"},
        api=True,
    ),
    "api:career-review-detail": Case(kwargs=pid(review), read=STAFF_A | {"employee_user_a"}, api=True),
    "api:career-review-due": Case(read=STAFF, api=True),
    "api:career-review-rules": Case(
        get=False,
        write=WRITERS,
        methods=("POST",),
        data=lambda w: {"kind": "first", "first_after_months": 18},
        api=True,
    ),
}
