import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mutualis.needs.models import Position
from mutualis.recruitment.models import JobOffer, OfferSkill
from mutualis.training import services
from mutualis.training.models import TrainingPlanLine

from .conftest import membership_of

pytestmark = pytest.mark.django_db


def _gap_position(w):
    """A filled position of GE A whose job offer requires the SST skill employee_a lacks."""
    position = Position.objects.create(
        group=w.group_a,
        title="Agent de prévention",
        weekly_minutes=1200,
        employee=w.employee_a,
        status="filled",
    )
    offer = JobOffer.objects.create(
        group=w.group_a,
        position=position,
        title="Agent de prévention",
        weekly_minutes=1200,
        pay_min=Decimal("12.00"),
        start_date=dt.date.today(),
        status="filled",
    )
    OfferSkill.objects.create(offer=offer, skill=w.skill, requirement="required")
    return position


def test_needs_come_from_reviews_requests_and_skill_gaps_and_totals_equal_the_lines(world):
    w = world
    w.group_a.opco = "OPCO EP"
    w.group_a.save()
    w.contract_a.start_date = dt.date.today() - dt.timedelta(days=400)
    w.contract_a.save()
    _gap_position(w)
    ms_a = membership_of(w.director_a)
    enrolment = services.enrol(
        membership=ms_a, session=w.session, employee=w.employee_a, asked_by=w.member_a1
    )
    services.request_funding(enrolment=enrolment, scheme="plan", requested=Decimal("300.00"))
    plan = services.create_plan(group=w.group_a, year=w.session.starts_on.year)
    created = services.draw_needs(plan=plan, on=dt.date(w.session.starts_on.year, 1, 1))
    sources = {line.source for line in created}
    assert sources == {"review", "request", "skill_gap"}
    request = next(line for line in created if line.source == "request")
    assert (request.member, request.cost, request.funder, request.funding) == (
        w.member_a1,
        Decimal("420.00"),
        "OPCO EP",
        Decimal("300.00"),
    )
    gap = next(line for line in created if line.source == "skill_gap")
    # The catalogue's certifying offer for the missing skill, at its action's price.
    assert (gap.skill, gap.offer, gap.cost, gap.funder) == (w.skill, w.offer, Decimal("420.00"), "OPCO EP")
    # Drawing again adds nothing.
    assert services.draw_needs(plan=plan, on=dt.date(w.session.starts_on.year, 1, 1)) == []
    services.add_plan_line(
        plan=plan, source="other", label="Bureautique", cost=Decimal("99.99"), funder="", funding=Decimal("0")
    )
    budget = services.plan_budget(plan)
    lines = list(TrainingPlanLine.objects.filter(plan=plan))
    assert budget["total"]["cost"] == sum(line.cost for line in lines)
    assert budget["total"]["funding"] == sum(line.funding for line in lines)
    assert budget["total"]["lines"] == len(lines)
    assert budget["total"]["own_share"] == budget["total"]["cost"] - budget["total"]["funding"]
    by_funder = {row["funder"]: row for row in budget["funders"]}
    assert by_funder["Fonds propres du GE"]["cost"] == Decimal("99.99")
    assert by_funder["OPCO EP"]["funding"] == Decimal("300.00")


def test_bad_plan_input_names_the_field(world):
    w = world
    plan = services.create_plan(group=w.group_a, year=2027)
    with pytest.raises(ValidationError) as exc:
        services.create_plan(group=w.group_a, year=2027)
    assert "year" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_plan_line(
            plan=plan, source="other", label="X", cost=Decimal("10"), funder="OPCO", funding=Decimal("11")
        )
    assert "financement attendu dépasse" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.add_plan_line(plan=plan, source="other", label="X", employee=w.employee_b)
    assert "employee" in exc.value.message_dict
    assert not TrainingPlanLine.objects.exists()


def test_skill_gap_disappears_once_the_skill_is_certified(world):
    w = world
    _gap_position(w)
    plan = services.create_plan(group=w.group_a, year=2027)
    assert any(n["source"] == "skill_gap" for n in services.plan_needs(plan))
    w.employee_a.skills.add(w.skill)
    assert not any(n["source"] == "skill_gap" for n in services.plan_needs(plan))
