"""Demo of shared training (issue 20): GE Partage Orne owns an SST session shared with the territory;
GE Sport Sarthe enrols one of its instructors (funded by AFDAS), GE Partage Orne one of its employees
(funded by OPCO EP); attendance signed, certificates issued (the SST skill, valid 24 months), one
older certification expiring within 60 days, career reviews held for some and late for others.
Then, each part guarded on its own (so an older demo database gets them too): the GEs' OPCOs, a
trainee whom no member asked for (net cost split pro rata to hours), the programme of a training
attached to an enrolment, a seat of the next session sold to a member (a service invoice with VAT),
a member's training request, and GE Partage Orne's training plan of the year with the needs drawn from reviews, requests and skill
gaps. Idempotent."""

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
    existing = TrainingSession.objects.filter(number=SESSION_NUMBER).select_related("group").first()
    if existing is not None:
        log("Formation partagée de démonstration déjà présente.")
        _seed_more(existing, log)
        return None
    session = _seed_session(log)
    if session is not None:
        _seed_more(session, log)
    return session


def _seed_session(log):
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
    for group, opco in ((a, "OPCO EP"), (b, "AFDAS")):
        if not group.opco:
            services.set_opco(group=group, opco=opco)
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


# A minimal one-page PDF: the programme attached to the demo enrolment.
PROGRAMME_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _seed_more(session, log):
    """The parts added after the first demo, each created once."""
    from django.core.files.base import ContentFile

    from mutualis.training.models import (
        Enrolment,
        SeatSale,
        TrainingDocument,
        TrainingPlan,
        TrainingRequest,
    )

    a = session.group
    b = EmployerGroup.objects.filter(slug="ge-sport-sarthe").first()
    for group, opco in ((a, "OPCO EP"), (b, "AFDAS")):
        if group is not None and not group.opco:
            services.set_opco(group=group, opco=opco)
    a.refresh_from_db()
    today = timezone.localdate()
    employees = list(Employee.objects.filter(group=a).order_by("last_name", "id")[:7])
    # A trainee nobody asked for: the net cost goes pro rata to the hours at each member.
    if len(employees) > 6 and not Enrolment.objects.filter(session=session, asked_by__isnull=True).exists():
        ms = _director(a)
        enrolment = services.enrol(membership=ms, session=session, employee=employees[6])
        funding = services.request_funding(enrolment=enrolment, scheme="plan", requested=Decimal("210.00"))
        services.move_funding(
            funding=funding, status="submitted", on=session.starts_on - datetime.timedelta(days=7)
        )
        services.move_funding(funding=funding, status="accepted", granted=Decimal("210.00"))
        user = (
            Membership.objects.filter(group=a, employee=enrolment.employee)
            .values_list("user", flat=True)
            .first()
        )
        for day, half in services._half_days(session):
            services.sign_attendance(enrolment=enrolment, day=day, half=half, user_id=user)
        services.certify(enrolment=enrolment, on=today)
        log(
            f"Formation : {enrolment.employee} formé(e) sans demande d'adhérent (coût net au prorata des heures)."
        )
    # The programme of the training, attached to GE Partage Orne's first trainee and her funding.
    first = Enrolment.objects.filter(session=session, group=a, asked_by__isnull=False).order_by("id").first()
    if first is not None and not TrainingDocument.objects.filter(group=a).exists():
        services.attach_document(
            enrolment=first,
            kind="programme",
            funding=first.fundings.order_by("id").first(),
            file=ContentFile(PROGRAMME_PDF, name="programme-sst.pdf"),
        )
    # One seat of the next session sold to a member: a service invoice with VAT.
    upcoming = TrainingSession.objects.filter(group=a, number="DEMO-SST-2").first()
    buyer = Member.objects.filter(group=a).order_by("-name", "id").first()
    if upcoming is not None and buyer is not None and not SeatSale.objects.filter(group=a).exists():
        sale = services.sell_seats(
            group=a, session=upcoming, buyer=buyer, seats=1, unit_price=Decimal("380.00"), on=today
        )
        log(f"Formation : une place vendue à {buyer} (facture {sale.invoice.number}).")
    # A member's request for an employee placed with it (drawn into the plan below).
    if not TrainingRequest.objects.filter(group=a).exists():
        from mutualis.employees.models import Contract

        contract = Contract.objects.filter(group=a, potential_members__isnull=False).order_by("id").first()
        if contract is not None:
            services.ask_training(
                membership=_director(a),
                member=contract.potential_members.order_by("name", "id").first(),
                employee=contract.employee,
                subject="Habilitation électrique B0H0V",
                wished_by=datetime.date(today.year, 12, 31),
                note="Pour les interventions dans nos locaux techniques.",
            )
    # The training plan of the year, with the needs drawn from the three sources and one added by hand.
    if not TrainingPlan.objects.filter(group=a, year=today.year).exists():
        plan = services.create_plan(
            group=a,
            year=today.year,
            note="Priorité : la prévention (SST, CACES) et les entretiens en retard.",
        )
        drawn = services.draw_needs(plan=plan)
        caces = Skill.objects.filter(code__icontains="CACES").order_by("code").first()
        services.add_plan_line(
            plan=plan,
            source="other",
            label="CACES R489 pour deux salariés de la logistique",
            skill=caces,
            hours=Decimal("35"),
            cost=Decimal("1800.00"),
            funder=a.opco or "OPCO EP",
            funding=Decimal("1200.00"),
        )
        log(f"Formation : plan {today.year} de {a}, {len(drawn) + 1} besoin(s).")
