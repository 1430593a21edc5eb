import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mutualis.billing import exports, selectors
from mutualis.billing.models import Invoice
from mutualis.timesheets.models import TimeEntry, Timesheet
from mutualis.training import services
from mutualis.training.models import SeatSale

from .conftest import membership_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        (
            Decimal("100.00"),
            {1: 1, 2: 1, 3: 1},
            {1: Decimal("33.34"), 2: Decimal("33.33"), 3: Decimal("33.33")},
        ),
        (Decimal("0.05"), {1: 2, 2: 1}, {1: Decimal("0.03"), 2: Decimal("0.02")}),
        (Decimal("210.00"), {1: 600, 2: 0}, {1: Decimal("210.00")}),
        (Decimal("10.00"), {}, {}),
    ],
)
def test_split_pro_rata_is_exact_to_the_cent(amount, weights, expected):
    shares = services.split_pro_rata(amount, weights)
    assert shares == expected
    assert sum(shares.values(), Decimal("0")) == (amount if expected else Decimal("0"))


def _hours(w, member, minutes, month):
    sheet = Timesheet.objects.create(group=w.group_a, employee=w.employee_a, member=member, month=month)
    TimeEntry.objects.create(
        group=w.group_a, timesheet=sheet, date=month, planned_minutes=minutes, actual_minutes=minutes
    )


def test_net_cost_of_an_unasked_training_is_split_by_hours_at_each_member(world):
    w = world
    ms_a = membership_of(w.director_a)
    enrolment = services.enrol(membership=ms_a, session=w.session, employee=w.employee_a)
    funding = services.request_funding(
        enrolment=enrolment, scheme="plan", funder="OPCO EP", requested=Decimal("100.00")
    )
    services.move_funding(funding=funding, status="submitted", on=w.session.starts_on - dt.timedelta(days=1))
    services.move_funding(funding=funding, status="accepted")
    for day, half in services._half_days(w.session):
        services.sign_attendance(enrolment=enrolment, day=day, half=half, user=w.employee_user_a)
    services.certify(enrolment=enrolment, on=w.session.ends_on)
    month = w.session.ends_on.replace(day=1)
    _hours(w, w.member_a1, 2 * 600, month)  # 20 h
    _hours(w, w.member_a2, 600, month)  # 10 h
    charges = selectors.extra_charges(w.group_a, month, [w.member_a1.pk, w.member_a2.pk])
    # 320.00 net: 2/3 and 1/3, the odd cent to the largest remainder.
    assert sorted((c.member_id, c.amount) for c in charges) == sorted(
        [(w.member_a1.pk, Decimal("213.33")), (w.member_a2.pk, Decimal("106.67"))]
    )
    assert sum(c.amount for c in charges) == Decimal("320.00")
    assert "20 h" in next(c.label for c in charges if c.member_id == w.member_a1.pk)
    # A member billed elsewhere (not in this run) gets no line, the others keep their share.
    only = selectors.extra_charges(w.group_a, month, [w.member_a2.pk])
    assert [(c.member_id, c.amount) for c in only] == [(w.member_a2.pk, Decimal("106.67"))]


def test_seats_sold_are_a_numbered_service_invoice_with_vat(world):
    w = world
    ms_a = membership_of(w.director_a)
    services.enrol(membership=ms_a, session=w.session, employee=w.employee_a)
    sale = services.sell_seats(
        group=w.group_a, session=w.session, buyer=w.member_a2, seats=2, unit_price=Decimal("380.00")
    )
    invoice = sale.invoice
    assert invoice.status == "issued" and invoice.kind == "service" and invoice.number
    assert (invoice.total_excl_tax, invoice.vat_amount, invoice.total_incl_tax) == (
        Decimal("760.00"),
        Decimal("152.00"),
        Decimal("912.00"),
    )
    assert invoice.lines.get().kind == "service"
    # The seats count against the session's places (3 places: 1 trainee + 2 sold).
    assert services.seats_taken(w.session) == 3
    with pytest.raises(ValidationError) as exc:
        services.sell_seats(group=w.group_a, session=w.session, buyer=w.member_a2, unit_price=Decimal("1"))
    assert "seats" in exc.value.message_dict
    # Same series as every invoice, and exported: a second sale (a service, no session) gets the next number.
    other = services.sell_seats(
        group=w.group_a,
        buyer=w.member_a2,
        label="Conseil en ingénierie de formation",
        unit_price=Decimal("50"),
    )
    assert other.invoice.sequence == invoice.sequence + 1
    assert Invoice.objects.filter(member=w.member_a2, kind="service").count() == 2
    rows = exports.entries(w.group_a, dt.date.today(), dt.date.today())
    assert {r["PieceRef"] for r in rows} == {invoice.number, other.invoice.number}
    # A service invoice does not take the member's monthly invoice slot.
    assert w.member_a2.pk not in selectors.billed_members(w.group_a, invoice.period)


def test_bad_sale_input_names_the_field_and_saves_nothing(world):
    w = world
    with pytest.raises(ValidationError) as exc:
        services.sell_seats(group=w.group_a, buyer=w.member_b1, label="X", unit_price=Decimal("10"))
    assert "buyer" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.sell_seats(group=w.group_a, buyer=w.member_a1, unit_price=Decimal("10"))
    assert "label" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.sell_seats(group=w.group_a, buyer=w.member_a1, label="X", unit_price=Decimal("0"))
    assert "unit_price" in exc.value.message_dict
    assert not SeatSale.objects.exists() and not Invoice.objects.exists()


def test_funder_defaults_to_the_ge_opco_and_can_be_overridden(world):
    w = world
    ms_a = membership_of(w.director_a)
    enrolment = services.enrol(membership=ms_a, session=w.session, employee=w.employee_a)
    with pytest.raises(ValidationError) as exc:
        services.request_funding(enrolment=enrolment, scheme="plan", requested=Decimal("10"))
    assert "funder" in exc.value.message_dict
    services.set_opco(group=w.group_a, opco="OPCO EP")
    enrolment.group.refresh_from_db()
    assert (
        services.request_funding(enrolment=enrolment, scheme="plan", requested=Decimal("10")).funder
        == "OPCO EP"
    )
    assert (
        services.request_funding(
            enrolment=enrolment, scheme="cpf", funder="Caisse des dépôts", requested=Decimal("10")
        ).funder
        == "Caisse des dépôts"
    )
