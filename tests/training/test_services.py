import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from mutualis.accounts.tenancy import scoped
from mutualis.billing import compute, selectors
from mutualis.training import services
from mutualis.training.models import EmployeeCertification, Enrolment, TrainingSession

from .conftest import membership_of

pytestmark = pytest.mark.django_db


def _sign_all(enrolment, user):
    for day, half in services._half_days(enrolment.session):
        services.sign_attendance(enrolment=enrolment, day=day, half=half, user=user)


def test_shared_session_flow_to_certificate_and_invoice(world):
    w = world
    ms_b = membership_of(w.director_b)
    # Not shared yet: GE B cannot see nor enrol.
    assert not scoped(TrainingSession, ms_b).filter(pk=w.session.pk).exists()
    with pytest.raises(ValidationError):
        services.enrol(membership=ms_b, session=w.session, employee=w.employee_b)
    services.share_session(session=w.session, territories=[w.territory])
    enrolment = services.enrol(
        membership=ms_b, session=w.session, employee=w.employee_b, asked_by=w.member_b1
    )
    assert enrolment.group == w.group_b and enrolment.cost == Decimal("420.00")
    funding = services.request_funding(
        enrolment=enrolment, scheme="plan", funder="OPCO EP", requested=Decimal("300")
    )
    services.move_funding(funding=funding, status="submitted", on=w.session.starts_on - dt.timedelta(days=3))
    services.move_funding(funding=funding, status="accepted", granted=Decimal("287.40"))
    # A missing signature blocks the certificate.
    with pytest.raises(ValidationError) as exc:
        services.certify(enrolment=enrolment, on=w.session.ends_on)
    assert "attendances" in exc.value.message_dict
    _sign_all(enrolment, w.employee_user_b)
    services.certify(enrolment=enrolment, on=w.session.ends_on)
    cert = EmployeeCertification.objects.get(employee=w.employee_b)
    assert cert.expires_on.year == w.session.ends_on.year + 2
    assert w.employee_b.skills.filter(pk=w.skill.pk).exists()
    # GE A never sees GE B's trainee.
    assert not scoped(Enrolment, membership_of(w.director_a)).exists()
    # Net cost on the asking member's invoice of the month, exact to the cent.
    month = w.session.ends_on.replace(day=1)
    charges = selectors.extra_charges(w.group_b, month, [w.member_b1.pk])
    assert [(c.member_id, c.amount, c.kind) for c in charges] == [
        (w.member_b1.pk, Decimal("132.60"), "training")
    ]
    drafts = compute.compute_invoices(
        month=month,
        lines=[],
        contracts={},
        rates=compute.Rates(default_coefficient=Decimal("1.9")),
        vat_subject=False,
        fees=charges,
    )
    assert drafts[0].total_excl_tax == Decimal("132.60")
    assert drafts[0].lines[0].kind == "training"


def test_bad_input_is_refused_with_field(world):
    w = world
    ms_a = membership_of(w.director_a)
    w.session.places = 1
    w.session.save()
    services.enrol(membership=ms_a, session=w.session, employee=w.employee_a)
    other = type(w.employee_a).objects.create(group=w.group_a, first_name="Zoé", last_name="Autre")
    with pytest.raises(ValidationError) as exc:
        services.enrol(membership=ms_a, session=w.session, employee=other)
    assert "Plus de place" in exc.value.message_dict["session"][0]
    enrolment = Enrolment.objects.get(employee=w.employee_a)
    with pytest.raises(ValidationError) as exc:
        services.request_funding(enrolment=enrolment, scheme="plan", funder="OPCO", requested=Decimal("999"))
    assert "requested" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.request_funding(enrolment=enrolment, scheme="pro_a", funder="OPCO", requested=Decimal("10"))
    assert "scheme" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.sign_attendance(
            enrolment=enrolment,
            day=w.session.ends_on + dt.timedelta(days=1),
            half="am",
            user=w.employee_user_a,
        )
    assert "day" in exc.value.message_dict
    funding = services.request_funding(
        enrolment=enrolment, scheme="plan", funder="OPCO", requested=Decimal("10")
    )
    with pytest.raises(ValidationError) as exc:
        services.move_funding(
            funding=funding, status="submitted", on=w.session.starts_on + dt.timedelta(days=1)
        )
    assert "régularisation" in exc.value.message_dict["status"][0]
    w.session.ends_on = w.session.starts_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        w.session.full_clean()
    assert "finir avant de commencer" in str(exc.value)


def test_review_rules_flag_late_and_period_changes_due_dates(world):
    w = world
    w.contract_a.start_date = dt.date.today() - dt.timedelta(days=400)
    w.contract_a.save()
    rows = [r for r in services.due_reviews(w.group_a) if r["employee"] == w.employee_a]
    first = next(r for r in rows if r["kind"] == "first")
    assert first["late"]
    # The dashboard's count is the number of late rows, computed without building them.
    late = sum(1 for r in services.due_reviews(w.group_a) if r["late"])
    assert late and services.late_reviews_count(w.group_a) == late
    services.set_rule(group=w.group_a, kind="first", first_after_months=24, source="Accord de branche")
    rows = [r for r in services.due_reviews(w.group_a) if r["employee"] == w.employee_a]
    first = next(r for r in rows if r["kind"] == "first")
    assert not first["late"]
    assert first["due_on"] == w.contract_a.start_date + relativedelta(months=24)
    assert services.late_reviews_count(w.group_a) == sum(
        1 for r in services.due_reviews(w.group_a) if r["late"]
    )
