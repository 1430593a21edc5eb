"""Training: bodies, offers, sessions with enrolments, fundings, documents, reviews, certifications."""

import datetime as dt
import itertools
from decimal import Decimal

_numbers = itertools.count(1)


def _body(p):
    from mutualis.training.models import TrainingBody

    return TrainingBody.objects.get_or_create(
        group=p.group_a, name="Organisme Liste", siret="12345678900011"
    )[0]


def _session(p, body=None):
    from mutualis.training.models import TrainingAction, TrainingOffer, TrainingSession

    number = f"LI-{next(_numbers)}"
    offer = TrainingOffer.objects.create(
        group=p.group_a, body=body or _body(p), number=number, title="Formation"
    )
    action = TrainingAction.objects.create(
        group=p.group_a, offer=offer, number=f"{number}-A", hours=Decimal("7"), price=Decimal("100")
    )
    start = dt.date.today() + dt.timedelta(days=10)
    return TrainingSession.objects.create(
        group=p.group_a, action=action, number=f"{number}-S", starts_on=start, ends_on=start, places=3
    )


def _enrolment(p):
    from mutualis.training import services
    from tests.factories import EmployeeFactory

    return services.enrol(
        membership=p.director_a.memberships.first(),
        session=_session(p),
        employee=EmployeeFactory(group=p.group_a),
        asked_by=p.member_a1,
    )


def bodies(p, n):
    from mutualis.training.models import TrainingBody

    for _ in range(n):
        body = TrainingBody.objects.create(
            group=p.group_a, name=f"Organisme {next(_numbers)}", siret="12345678900011"
        )
        _session(p, body)


def offers(p, n):
    """Offers, each with an action and a session."""
    for _ in range(n):
        _session(p)


def enrolments(p, n):
    for _ in range(n):
        _enrolment(p)


def fundings(p, n):
    from mutualis.training import services

    for _ in range(n):
        services.request_funding(
            enrolment=_enrolment(p), scheme="plan", funder="OPCO Liste", requested=Decimal("100")
        )


def documents(p, n):
    from django.core.files.base import ContentFile

    from mutualis.training import services

    for _ in range(n):
        services.attach_document(
            enrolment=_enrolment(p),
            kind="quote",
            file=ContentFile(b"%PDF-1.4", name=f"devis-{next(_numbers)}.pdf"),
        )


def reviews(p, n):
    """Career reviews of new employees (with their contract)."""
    from mutualis.training.models import CareerReview
    from tests.factories import ContractFactory, EmployeeFactory

    for _ in range(n):
        employee = EmployeeFactory(group=p.group_a)
        ContractFactory(employee=employee)
        CareerReview.objects.create(group=p.group_a, employee=employee, kind="first", held_on=dt.date.today())


def plan_lines(p, n):
    from mutualis.training import services
    from mutualis.training.models import TrainingPlan
    from tests.factories import EmployeeFactory

    plan = TrainingPlan.objects.filter(group=p.group_a, year=2031).first() or services.create_plan(
        group=p.group_a, year=2031
    )
    for _ in range(n):
        services.add_plan_line(
            plan=plan,
            source="other",
            label=f"Besoin {next(_numbers)}",
            employee=EmployeeFactory(group=p.group_a),
            cost=Decimal("100"),
            funder="OPCO Liste",
            funding=Decimal("50"),
        )


def certifications(p, n):
    from mutualis.employees.models import Skill
    from mutualis.training.models import EmployeeCertification
    from tests.factories import EmployeeFactory

    for _ in range(n):
        number = next(_numbers)
        skill = Skill.objects.create(code=f"SST-L{number}", label=f"SST {number}", kind="transversal")
        EmployeeCertification.objects.create(
            group=p.group_a,
            employee=EmployeeFactory(group=p.group_a),
            skill=skill,
            certified_on=dt.date.today() - dt.timedelta(days=700),
            expires_on=dt.date.today() + dt.timedelta(days=20),
        )
