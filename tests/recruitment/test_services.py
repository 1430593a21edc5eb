import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mutualis.employees.models import ContractKind
from mutualis.needs.models import NeedStatus, PositionStatus
from mutualis.planning.models import Assignment
from mutualis.recruitment import services
from mutualis.recruitment.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    JobOffer,
    OfferStatus,
)

from .factories import PAY, make_candidate, make_offer, make_position, next_monday, pdf

pytestmark = pytest.mark.django_db


def test_offer_from_position_is_prefilled(personas):
    position = make_position(personas)
    offer = services.create_offer_from_position(actor=personas.planner_a, position=position)
    assert offer.status == OfferStatus.DRAFT
    assert offer.weekly_minutes == position.weekly_minutes == 12 * 60
    assert [(s["start"], s["end"]) for s in offer.schedule] == [
        (s["start"], s["end"]) for s in position.schedule
    ]
    assert offer.pay_min >= Decimal("11.88")
    assert [s.skill.code for s in offer.skills.all()] == ["T-ENTRETIEN"]


def test_second_live_offer_on_a_position_is_refused(personas):
    offer = make_offer(personas)
    with pytest.raises(ValidationError) as exc:
        services.create_offer_from_position(actor=personas.planner_a, position=offer.position)
    assert "position" in exc.value.message_dict


@pytest.mark.parametrize("pay", [Decimal("11.00"), Decimal("5")])
def test_pay_below_minimum_wage_is_refused(personas, pay):
    position = make_position(personas)
    with pytest.raises(ValidationError) as exc:
        services.create_offer_from_position(actor=personas.planner_a, position=position, pay_min=pay)
    assert "SMIC" in exc.value.message_dict["pay_min"][0]
    assert not JobOffer.objects.exists()


def test_pay_at_the_minimum_wage_is_accepted(personas):
    from mutualis.recruitment.wages import minimum_hourly_wage_on

    start = next_monday()
    floor = minimum_hourly_wage_on(start)
    offer = services.create_offer_from_position(
        actor=personas.planner_a, position=make_position(personas), pay_min=floor, start_date=start
    )
    assert offer.pay_min == floor


@pytest.mark.parametrize("minutes", [59, 48 * 60 + 1])
def test_hours_outside_1_48_are_refused(personas, minutes):
    offer = make_offer(personas, publish=False)
    with pytest.raises(ValidationError) as exc:
        services.update_offer(actor=personas.planner_a, offer=offer, weekly_minutes=minutes)
    assert "weekly_minutes" in exc.value.message_dict


def test_offer_state_machine(personas):
    offer = make_offer(personas, publish=False)
    with pytest.raises(services.IllegalTransition):
        services.set_offer_status(actor=personas.planner_a, offer=offer, status=OfferStatus.PAUSED)
    for status in (OfferStatus.PUBLISHED, OfferStatus.PAUSED, OfferStatus.PUBLISHED, OfferStatus.CLOSED):
        offer = services.set_offer_status(actor=personas.planner_a, offer=offer, status=status)
        assert offer.status == status
    with pytest.raises(services.IllegalTransition):
        services.set_offer_status(actor=personas.planner_a, offer=offer, status=OfferStatus.PUBLISHED)


def test_stale_offers_are_unpublished_after_90_days(personas):
    from django.utils import timezone

    offer = make_offer(personas)
    now = timezone.now()
    JobOffer.objects.filter(pk=offer.pk).update(last_activity_at=now - dt.timedelta(days=89))
    assert services.unpublish_stale_offers(now=now) == []
    JobOffer.objects.filter(pk=offer.pk).update(last_activity_at=now - dt.timedelta(days=91))
    assert services.unpublish_stale_offers(now=now, dry_run=True) == [offer]
    assert JobOffer.objects.get(pk=offer.pk).status == OfferStatus.PUBLISHED
    services.unpublish_stale_offers(now=now)
    assert JobOffer.objects.get(pk=offer.pk).status == OfferStatus.PAUSED


def test_same_candidate_twice_on_one_offer_is_refused(personas):
    offer = make_offer(personas)
    candidate = make_candidate(personas)
    services.create_application(actor=personas.planner_a, offer=offer, candidate=candidate)
    with pytest.raises(ValidationError) as exc:
        services.create_application(actor=personas.planner_a, offer=offer, candidate=candidate)
    assert "candidate" in exc.value.message_dict
    assert Application.objects.count() == 1


def test_transitions_are_logged_and_illegal_ones_refused(personas):
    offer = make_offer(personas)
    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    application = services.transition(actor=personas.planner_a, application=application, status="screening")
    application = services.transition(actor=personas.planner_a, application=application, status="interview")
    with pytest.raises(services.IllegalTransition):
        services.transition(actor=personas.planner_a, application=application, status="new")
    steps = list(application.transitions.values_list("from_status", "to_status"))
    assert steps == [("", "new"), ("new", "screening"), ("screening", "interview")]


def test_refusal_needs_a_reason_and_tells_the_candidate(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    offer = make_offer(personas)
    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    with pytest.raises(ValidationError) as exc:
        services.transition(actor=personas.planner_a, application=application, status="refused")
    assert "refusal_reason" in exc.value.message_dict
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.NEW
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            actor=personas.planner_a,
            application=application,
            status="refused",
            refusal_reason="schedule_incompatible",
            message="Le mardi après-midi ne vous convient pas.",
        )
    assert len(mailoutbox) == 1
    assert "Horaires incompatibles" in mailoutbox[0].body
    assert "mardi après-midi" in mailoutbox[0].body


def test_hire_creates_employee_cdi_and_assignments(personas):
    offer = make_offer(personas, pay_min=PAY)
    candidate = make_candidate(personas)
    other_offer = make_offer(
        personas,
        make_position(personas, title="Jardinier", blocks_a1=[(9000, 9240)], blocks_a2=[(9300, 9540)]),
    )
    other = services.create_application(actor=personas.planner_a, offer=other_offer, candidate=candidate)
    application = services.create_application(actor=personas.planner_a, offer=offer, candidate=candidate)
    start = next_monday()
    membership = personas.planner_a.memberships.get()
    application = services.hire(membership=membership, application=application, start_date=start)

    assert application.status == ApplicationStatus.HIRED
    contract = application.contract
    assert contract.kind == ContractKind.CDI and contract.end_date is None
    assert contract.employee.last_name == "Durand"
    assert set(contract.potential_members.all()) == {personas.member_a1, personas.member_a2}
    assert set(contract.places.all()) == {personas.site_a1, personas.site_a2}
    assert contract.gross_hourly_wage == PAY
    assignments = Assignment.objects.filter(contract=contract)
    assert {a.member for a in assignments} == {personas.member_a1, personas.member_a2}
    minutes = sum(
        (dt.datetime.combine(start, s.end_time) - dt.datetime.combine(start, s.start_time)).seconds // 60
        for a in assignments
        for s in a.slots.all()
    )
    assert minutes == offer.position.weekly_minutes
    offer.refresh_from_db()
    offer.position.refresh_from_db()
    assert offer.status == OfferStatus.FILLED
    assert offer.position.status == PositionStatus.FILLED
    assert set(offer.position.needs.values_list("status", flat=True)) == {NeedStatus.FILLED}
    other.refresh_from_db()
    assert other.status == ApplicationStatus.OBSOLETE
    assert ApplicationTransition.objects.filter(application=other, to_status="obsolete").exists()


def test_second_hire_on_the_same_position_is_refused(personas):
    offer = make_offer(personas)
    membership = personas.planner_a.memberships.get()
    first = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    second = services.create_application(
        actor=personas.planner_a,
        offer=offer,
        candidate=make_candidate(personas, first_name="Léa", email="lea@example.org"),
    )
    services.hire(membership=membership, application=first, start_date=next_monday())
    with pytest.raises(ValidationError) as exc:
        services.hire(membership=membership, application=second, start_date=next_monday())
    assert "position" in exc.value.message_dict
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.NEW


def test_hire_without_start_date_is_refused(personas):
    offer = make_offer(personas)
    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    with pytest.raises(ValidationError) as exc:
        services.hire(
            membership=personas.planner_a.memberships.get(), application=application, start_date=None
        )
    assert "hiring_start_date" in exc.value.message_dict


def test_hire_breaking_a_working_time_rule_saves_nothing(personas):
    from mutualis.employees.models import Contract, Employee

    # 11 h on Monday at a1 (08:00–19:00) breaks the 10 h daily maximum.
    position = make_position(personas, blocks_a1=[(480, 1140)], blocks_a2=[(1440 + 480, 1440 + 720)])
    offer = make_offer(personas, position)
    application = services.create_application(
        actor=personas.planner_a, offer=offer, candidate=make_candidate(personas)
    )
    counts = (Employee.objects.count(), Contract.objects.count(), Assignment.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.hire(
            membership=personas.planner_a.memberships.get(), application=application, start_date=next_monday()
        )
    assert "hiring_start_date" in exc.value.message_dict
    assert (Employee.objects.count(), Contract.objects.count(), Assignment.objects.count()) == counts
    position.refresh_from_db()
    assert position.status == PositionStatus.OPEN
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.NEW


def test_public_application_checks_cv_content(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import docx, odt

    offer = make_offer(personas)
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as exc:
        services.apply_online(offer=offer, first_name="A", last_name="B", email="a@example.org", cv=fake)
    assert "cv" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.apply_online(
            offer=offer,
            first_name="A",
            last_name="B",
            email="a@example.org",
            cv=pdf(size=5 * 1024 * 1024 + 1),
        )
    assert "5 Mo" in exc.value.message_dict["cv"][0]
    assert not Application.objects.exists()
    for i, cv in enumerate((pdf(), docx(), odt())):
        services.apply_online(offer=offer, first_name="A", last_name="B", email=f"a{i}@example.org", cv=cv)
    assert Application.objects.count() == 3
    with pytest.raises(ValidationError) as exc:
        services.apply_online(offer=offer, first_name="A", last_name="B", email="A0@example.org", cv=pdf())
    assert "email" in exc.value.message_dict


def test_unknown_or_foreign_skill_is_refused(personas):
    from mutualis.employees.models import Skill
    from mutualis.recruitment.services import SkillSpec

    foreign = Skill.objects.create(
        code="B-ONLY", label="Compétence de B", kind="technical", group=personas.group_b
    )
    offer = make_offer(personas, publish=False)
    with pytest.raises(ValidationError) as exc:
        services.update_offer(actor=personas.planner_a, offer=offer, skills=[SkillSpec(skill=foreign)])
    assert "skills" in exc.value.message_dict


def test_a_known_commune_gives_the_candidate_coordinates(personas):
    candidate = make_candidate(personas, city="Alençon")
    assert candidate.latitude is not None and abs(float(candidate.latitude) - 48.43) < 0.05
    typed = make_candidate(
        personas, email="x@example.org", city="Alençon", latitude=Decimal("47.0"), longitude=Decimal("1.0")
    )
    assert typed.latitude == Decimal("47.0")
