"""Demo of shared training (issue 20): GE Partage Orne owns an SST session shared with the territory;
GE Sport Sarthe enrols one of its instructors (funded by AFDAS), GE Partage Orne one of its employees
(funded by OPCO EP); attendance signed, certificates issued (the SST skill, valid 24 months), one
older certification expiring within 60 days, career reviews held for some and late for others.
Idempotent: does nothing when the demo session exists."""

import datetime
from decimal import Decimal

from django.utils import timezone

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.employees.models import Employee, Skill
from mutualis.employer_groups.models import EmployerGroup
from mutualis.members.models import Member
from mutualis.territories.models import Territory
from mutualis.training import lheo, services
from mutualis.training.models import (
    EmployeeCertification,
    TrainingAction,
    TrainingBody,
    TrainingOffer,
    TrainingSession,
)

SESSION_NUMBER = "DEMO-SST-1"


def _director(group):
    """The GE's director, else its planner (GE Sport Sarthe's demo staff is a planner)."""
    staff = Membership.objects.filter(group=group, role__in=[Role.DIRECTOR, Role.PLANNER], is_active=True)
    return (
        staff.filter(role=Role.DIRECTOR).select_related("group").first()
        or staff.select_related("group").order_by("id").first()
    )


def seed(log=print):
    if TrainingSession.objects.filter(number=SESSION_NUMBER).exists():
        log("Formation partagée de démonstration déjà présente : rien à faire.")
        return None
    groups = {
        g.slug: g for g in EmployerGroup.objects.filter(slug__in=["ge-partage-orne", "ge-sport-sarthe"])
    }
    territory = Territory.objects.filter(groups__slug="ge-partage-orne").order_by("id").first()
    if len(groups) < 2 or territory is None:
        log("Formation : GE de démonstration ou territoire absents, rien à faire.")
        return None
    a, b = groups["ge-partage-orne"], groups["ge-sport-sarthe"]
    ms_a, ms_b = _director(a), _director(b)
    if ms_a is None or ms_b is None:
        log("Formation : pas de compte de direction ou de planification dans les GE de démonstration.")
        return None
    skill, _ = Skill.objects.get_or_create(
        code="SST", defaults={"label": "Sauveteur secouriste du travail (SST)", "kind": "transversal"}
    )
    body = TrainingBody.objects.create(
        group=a,
        name="Prévention Normandie Formation",
        siret="81234567800021",
        activity_number="28610123456",
        qualiopi_until=datetime.date.today() + datetime.timedelta(days=500),
    )
    offer = TrainingOffer.objects.create(
        group=a,
        body=body,
        number="DEMO-SST",
        title="Sauveteur secouriste du travail (SST)",
        objective="Intervenir face à une situation d'accident du travail et contribuer à la prévention.",
        certifying=True,
        formacodes=[{"code": "42829", "ref": "V12"}],
        nsf_codes=["344"],
        rome_codes=["K2503"],
        certifications=["RS5897"],
        skill=skill,
        validity_months=24,
    )
    action = TrainingAction.objects.create(
        group=a,
        offer=offer,
        number="DEMO-SST-A",
        hours=Decimal("14"),
        price=Decimal("420.00"),
        place="Alençon",
    )
    today = timezone.localdate()
    start = today - datetime.timedelta(days=10)
    while start.weekday() != 0:
        start -= datetime.timedelta(days=1)
    session = TrainingSession.objects.create(
        group=a,
        action=action,
        number=SESSION_NUMBER,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=1),
        places=6,
    )
    services.share_session(session=session, territories=[territory])
    # A future session with open seats.
    TrainingSession.objects.create(
        group=a,
        action=action,
        number="DEMO-SST-2",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=31),
        places=8,
    ).shared_with.add(territory)
    for ms, funder, granted in ((ms_a, "OPCO EP", Decimal("287.40")), (ms_b, "AFDAS", Decimal("300.00"))):
        employee = Employee.objects.filter(group=ms.group).order_by("last_name", "id").first()
        member = Member.objects.filter(group=ms.group).order_by("name", "id").first()
        enrolment = services.enrol(membership=ms, session=session, employee=employee, asked_by=member)
        funding = services.request_funding(
            enrolment=enrolment,
            scheme="plan",
            funder=funder,
            requested=granted,
            file_number=f"{funder[:4]}-2026-001",
        )
        services.move_funding(funding=funding, status="submitted", on=start - datetime.timedelta(days=7))
        services.move_funding(funding=funding, status="accepted", granted=granted)
        user = (
            Membership.objects.filter(group=ms.group, employee=employee)
            .values_list("user", flat=True)
            .first()
        )
        for day, half in services._half_days(session):
            services.sign_attendance(enrolment=enrolment, day=day, half=half, user_id=user)
        services.certify(enrolment=enrolment, on=today)
    # An older certification that expires within 60 days.
    other = Employee.objects.filter(group=a).order_by("last_name", "id")[1]
    EmployeeCertification.objects.create(
        group=a,
        employee=other,
        skill=skill,
        certified_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=30),
    )
    other.skills.add(skill)
    # Career reviews: held for a few employees; the others are due or late under the law's periods.
    for employee in Employee.objects.filter(group=a).order_by("last_name", "id")[2:6]:
        services.record_review(
            employee=employee,
            kind="first",
            held_on=today - datetime.timedelta(days=200),
            record="Souhaite se former au CACES R489.",
        )
    late = sum(1 for row in services.due_reviews(a) if row["late"])
    log(f"Formation : session SST partagée entre {a} et {b}, {late} entretien(s) en retard.")
    # The LHEO export of the demo catalogue must re-import to the same data.
    lheo.parse(lheo.export_catalogue(TrainingOffer.objects.filter(group=a)))
    return session
