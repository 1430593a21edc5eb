"""Invoices computed by hand (the arithmetic is in each docstring) against compute.py. No database."""

import datetime
from decimal import Decimal as D

import pytest

from mutualis.billing import compute
from mutualis.billing.compute import (
    BelowCostError,
    Coefficient,
    ContractTerms,
    CostParameters,
    FixedRate,
    HourLine,
    MinimumWage,
    MissingParameterError,
    Mode,
    Rates,
    compute_invoices,
)

OCT = datetime.date(2026, 10, 1)


def terms(cid, wage, kind="cdi", rome="K2204", **aid):
    return ContractTerms(
        contract_id=cid,
        employee_id=cid * 10,
        employee_label=f"Salarié {cid}",
        kind=kind,
        rome_code=rome,
        gross_hourly_wage=D(wage),
        job_title="Agent",
        **aid,
    )


def by_member(drafts):
    return {d.member_id: d for d in drafts}


def amounts(draft):
    return [line.amount for line in draft.lines]


COST_30 = CostParameters(
    datetime.date(2025, 1, 1), employer_contribution_rate=D("30"), paid_leave_rate=D("10")
)


def test_coefficient_billing():
    """Two employees, two members, VAT 20 %.

    Coefficients: GE default 1.87; CDD 1.95 (2026-01-01); ROME K2204 1.90 (2025) then 2.00 (2026-06-01).
    Employee 1: CDI K2204, 12.50 €/h -> job coefficient 2.00 (most specific, latest) -> 25.0000 €/h.
    Employee 2: CDD K1302, 13.20 €/h -> CDD coefficient 1.95 -> 25.7400 €/h.
    Member 1: 40.5 h × 25.00 = 1012.50; 12.75 h × 25.74 = 328.185 -> 328.19 (half up; half even
      would give 328.18). HT 1340.69; VAT 1340.69 × 20 % = 268.138 -> 268.14; TTC 1608.83.
    Member 2: 6.5 h + 3.5 h of employee 1 summed -> 10 h × 25.00 = 250.00; employee 2 at the agreed
      rate 21.3333 €/h: 7 h × 21.3333 = 149.3331 -> 149.33. HT 399.33; VAT 79.866 -> 79.87; TTC 479.20.
    Cost check (30 % contributions, 10 % leave): 12.50 × 1.1 × 1.3 = 17.875 and 13.20 × 1.43 = 18.876,
      all rates above.
    """
    rates = Rates(
        default_coefficient=D("1.87"),
        coefficients=[
            Coefficient(D("1.95"), datetime.date(2026, 1, 1), contract_kind="cdd"),
            Coefficient(D("1.90"), datetime.date(2025, 1, 1), rome_code="K2204"),
            Coefficient(D("2.00"), datetime.date(2026, 6, 1), rome_code="K2204"),
            Coefficient(D("3.00"), datetime.date(2026, 11, 1), rome_code="K2204"),  # not yet in force
        ],
        fixed_rates=[FixedRate(2, 2, D("21.3333"), datetime.date(2026, 1, 1))],
        cost_parameters=[COST_30],
    )
    contracts = {1: terms(1, "12.50"), 2: terms(2, "13.20", kind="cdd", rome="K1302")}
    lines = [
        HourLine(1, 1, OCT, actual_hours=D("40.5")),
        HourLine(1, 2, OCT, actual_hours=D("12.75")),
        HourLine(2, 1, OCT, actual_hours=D("6.5")),
        HourLine(2, 1, OCT, actual_hours=D("3.5")),
        HourLine(2, 2, OCT, actual_hours=D("7")),
    ]
    drafts = by_member(
        compute_invoices(month=OCT, lines=lines, contracts=contracts, rates=rates, vat_subject=True)
    )
    m1, m2 = drafts[1], drafts[2]
    assert [line.unit_price for line in m1.lines] == [D("25.0000"), D("25.7400")]
    assert amounts(m1) == [D("1012.50"), D("328.19")]
    assert (m1.total_excl_tax, m1.vat_amount, m1.total_incl_tax) == (D("1340.69"), D("268.14"), D("1608.83"))
    assert [line.quantity for line in m2.lines] == [D("10.0"), D("7")]
    assert amounts(m2) == [D("250.00"), D("149.33")]
    assert (m2.total_excl_tax, m2.vat_amount, m2.total_incl_tax) == (D("399.33"), D("79.87"), D("479.20"))
    assert m1.vat_rate == D("20.00") and m1.vat_mention == ""
    assert "coefficient 2" in m1.lines[0].explanation
    assert m2.lines[1].method == compute.Method.FIXED_RATE


def test_at_cost_billing_under_261b():
    """Exact cost, VAT-exempt GE.

    Parameters in force (2026-01-01): contributions 25.50 %, leave 10 %, equal-treatment bonus 0.40 €/h
    (the 2025 row, 40 %, is superseded). Employee wage 11.95 €/h.
    Hourly cost = (11.95 + 0.40) × 1.10 × 1.255 = 17.049175 -> 17.0492 €/h.
    Member 1: 60 h × 17.0492 = 1022.952 -> 1022.95. Member 2: 33.5 h × 17.0492 = 571.1482 -> 571.15.
    No VAT; the mention "TVA non applicable – article 261 B du CGI".
    """
    rates = Rates(
        default_coefficient=D("1.87"),
        at_cost=True,
        coefficients=[Coefficient(D("1.10"), datetime.date(2025, 1, 1))],  # ignored at cost
        cost_parameters=[
            CostParameters(datetime.date(2025, 1, 1), D("40"), D("10"), D("0")),
            CostParameters(datetime.date(2026, 1, 1), D("25.50"), D("10"), D("0.40")),
        ],
    )
    contracts = {7: terms(7, "11.95")}
    lines = [HourLine(1, 7, OCT, actual_hours=D("60")), HourLine(2, 7, OCT, actual_hours=D("33.5"))]
    drafts = by_member(
        compute_invoices(month=OCT, lines=lines, contracts=contracts, rates=rates, vat_subject=False)
    )
    assert drafts[1].lines[0].unit_price == D("17.0492")
    assert amounts(drafts[1]) == [D("1022.95")]
    assert amounts(drafts[2]) == [D("571.15")]
    for draft in drafts.values():
        assert draft.vat_amount == 0 and draft.total_incl_tax == draft.total_excl_tax
        assert draft.vat_mention == "TVA non applicable – article 261 B du CGI"
    assert drafts[1].lines[0].method == compute.Method.AT_COST


def test_aided_contract_shared_by_three_members():
    """PEC at 60 % of the hourly SMIC (11.88 €), capped at 20 h a week, shared by three members.

    Month 10/2025. Hours 35 + 30 + 25 = 90 h. Monthly cap 20 × 52 / 12 = 86.666… h < 90 h.
    Aid = 0.60 × 11.88 × 86.666… = 617.76 €. Shares pro rata of hours:
      35/90 -> 240.24; 30/90 -> 205.92; 25/90 -> 171.60 (sum 617.76).
    Rate: 11.88 × 1.87 = 22.2156 €/h (cost 11.88 × 1.1 × 1.2 = 15.6816, above).
    M1: 35 × 22.2156 = 777.546 -> 777.55; − 240.24 = 537.31; VAT 107.462 -> 107.46; TTC 644.77.
    M2: 30 × 22.2156 = 666.468 -> 666.47; − 205.92 = 460.55; VAT 92.11; TTC 552.66.
    M3: 25 × 22.2156 = 555.39; − 171.60 = 383.79; VAT 76.758 -> 76.76; TTC 460.55.
    """
    month = datetime.date(2025, 10, 1)
    rates = Rates(
        default_coefficient=D("1.87"),
        cost_parameters=[CostParameters(datetime.date(2025, 1, 1), D("20"), D("10"))],
        minimum_wages=[MinimumWage(datetime.date(2024, 11, 1), D("11.88"))],
    )
    pec = terms(
        5,
        "11.88",
        kind="pec",
        aid_rate_percent=D("60"),
        aid_weekly_hours_cap=D("20"),
        aid_start=datetime.date(2025, 3, 1),
        aid_end=datetime.date(2026, 2, 28),
        aid_label="Aide PEC",
    )
    lines = [HourLine(m, 5, month, actual_hours=D(h)) for m, h in ((1, "35"), (2, "30"), (3, "25"))]
    drafts = by_member(
        compute_invoices(month=month, lines=lines, contracts={5: pec}, rates=rates, vat_subject=True)
    )
    assert amounts(drafts[1]) == [D("777.55"), D("-240.24")]
    assert amounts(drafts[2]) == [D("666.47"), D("-205.92")]
    assert amounts(drafts[3]) == [D("555.39"), D("-171.60")]
    totals = [(d.total_excl_tax, d.vat_amount, d.total_incl_tax) for d in drafts.values()]
    assert totals == [
        (D("537.31"), D("107.46"), D("644.77")),
        (D("460.55"), D("92.11"), D("552.66")),
        (D("383.79"), D("76.76"), D("460.55")),
    ]
    assert sum(d.lines[1].amount for d in drafts.values()) == D("-617.76")
    assert "60 % × SMIC 11,88" in drafts[1].lines[1].explanation


def test_yearly_aid_twelfth_and_last_month_remainder():
    """Digital advisor, 20,000 €/year from 2025-03-01; split 50 / 40 / 10 h.

    Months 1–11 of the aid year: 20000 / 12 = 1666.666… -> 1666.67. Split of 166667 cents:
    83333.5 / 66666.8 / 16666.7; floors sum to 166665, the 2 cents left go to the largest
    fractions (.8, .7): 833.33 / 666.67 / 166.67.
    Month 12 (02/2026): 20000 − 11 × 1666.67 = 1666.63, so the year adds up to 20,000.00.
    Split of 1666.63 (166663 cents): 50 % = 83331.5, 40 % = 66665.2, 10 % = 16666.3 cents; floors
    sum to 166662, the cent left goes to the largest fraction (.5): 833.32 / 666.65 / 166.66.
    """
    rates = Rates(default_coefficient=D("2"), cost_parameters=[COST_30])
    advisor = terms(
        9, "12.00", kind="digital_advisor", aid_yearly_amount=D("20000"), aid_start=datetime.date(2025, 3, 1)
    )
    for month, expected in (
        (datetime.date(2025, 3, 1), [D("833.33"), D("666.67"), D("166.67")]),
        (datetime.date(2026, 2, 1), [D("833.32"), D("666.65"), D("166.66")]),
    ):
        lines = [HourLine(m, 9, month, actual_hours=D(h)) for m, h in ((1, "50"), (2, "40"), (3, "10"))]
        drafts = compute_invoices(
            month=month, lines=lines, contracts={9: advisor}, rates=rates, vat_subject=True
        )
        assert [-d.lines[1].amount for d in drafts] == expected
    # Outside the aid's dates: no deduction.
    lines = [HourLine(1, 9, datetime.date(2025, 2, 1), actual_hours=D("10"))]
    (draft,) = compute_invoices(
        month=datetime.date(2025, 2, 1), lines=lines, contracts={9: advisor}, rates=rates, vat_subject=True
    )
    assert len(draft.lines) == 1


def test_planned_then_actual_settlement():
    """Rate 12.00 × 2.00 = 24.00 €/h. March invoiced on planned hours, settled in April.

    March: M1 planned 40 h -> 960.00; M2 planned 10 h -> 240.00.
    April: M1 planned 42 h -> 1008.00; March actual 37.5 h: settlement 37.5 × 24 − 960.00 = 900.00 −
      960.00 = −60.00 (−2.5 h). HT 948.00; VAT 189.60; TTC 1137.60.
      M2 planned 10 h -> 240.00; March actual 12 h: 288.00 − 240.00 = +48.00. HT 288.00; VAT 57.60;
      TTC 345.60.
    Check: planned March + settlement = actual March for each member (960 − 60 = 900; 240 + 48 = 288).
    """
    rates = Rates(default_coefficient=D("2.00"), cost_parameters=[COST_30])
    contracts = {3: terms(3, "12.00")}
    march, april = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
    march_planned = [
        HourLine(1, 3, march, planned_hours=D("40")),
        HourLine(2, 3, march, planned_hours=D("10")),
    ]
    first = by_member(
        compute_invoices(
            month=march,
            lines=march_planned,
            contracts=contracts,
            rates=rates,
            vat_subject=True,
            mode=Mode.PLANNED_THEN_ACTUAL,
        )
    )
    assert amounts(first[1]) == [D("960.00")] and amounts(first[2]) == [D("240.00")]
    march_done = [
        HourLine(1, 3, march, planned_hours=D("40"), actual_hours=D("37.5")),
        HourLine(2, 3, march, planned_hours=D("10"), actual_hours=D("12")),
    ]
    april_planned = [
        HourLine(1, 3, april, planned_hours=D("42")),
        HourLine(2, 3, april, planned_hours=D("10")),
    ]
    second = by_member(
        compute_invoices(
            month=april,
            lines=april_planned,
            contracts=contracts,
            rates=rates,
            vat_subject=True,
            mode=Mode.PLANNED_THEN_ACTUAL,
            previous_lines=march_done,
        )
    )
    m1, m2 = second[1], second[2]
    assert amounts(m1) == [D("1008.00"), D("-60.00")]
    assert m1.lines[1].kind == compute.LineKind.SETTLEMENT and m1.lines[1].quantity == D("-2.5")
    assert "03/2026" in m1.lines[1].label
    assert (m1.total_excl_tax, m1.vat_amount, m1.total_incl_tax) == (D("948.00"), D("189.60"), D("1137.60"))
    assert amounts(m2) == [D("240.00"), D("48.00")]
    assert (m2.total_excl_tax, m2.vat_amount, m2.total_incl_tax) == (D("288.00"), D("57.60"), D("345.60"))


def test_below_cost_lines_stop_the_run_and_are_all_listed():
    """Coefficient 1.40 on 12.50 €/h = 17.50 €/h < cost 12.50 × 1.1 × 1.3 = 17.875: both members' lines.

    Boundary: an agreed rate equal to the cost (17.875 -> 17.8750) is not below cost.
    """
    rates = Rates(default_coefficient=D("1.40"), cost_parameters=[COST_30])
    contracts = {1: terms(1, "12.50")}
    lines = [HourLine(1, 1, OCT, actual_hours=D("10")), HourLine(2, 1, OCT, actual_hours=D("5"))]
    with pytest.raises(BelowCostError) as caught:
        compute_invoices(month=OCT, lines=lines, contracts=contracts, rates=rates, vat_subject=True)
    problems = caught.value.problems
    assert [(p.member_id, p.rate, p.hourly_cost) for p in problems] == [
        (1, D("17.5000"), D("17.8750")),
        (2, D("17.5000"), D("17.8750")),
    ]
    assert "Salarié 1" in str(problems[0]) and "17,875" in str(problems[0])
    at_cost = Rates(
        default_coefficient=D("1.40"),
        cost_parameters=[COST_30],
        fixed_rates=[FixedRate(m, 1, D("17.875"), datetime.date(2026, 1, 1)) for m in (1, 2)],
    )
    drafts = compute_invoices(month=OCT, lines=lines, contracts=contracts, rates=at_cost, vat_subject=True)
    assert [d.total_excl_tax for d in drafts] == [D("178.75"), D("89.38")]


def test_missing_cost_parameters_block_the_run():
    rates = Rates(default_coefficient=D("1.87"))
    with pytest.raises(MissingParameterError) as caught:
        compute_invoices(
            month=OCT,
            lines=[HourLine(1, 1, OCT, actual_hours=D("1"))],
            contracts={1: terms(1, "12")},
            rates=rates,
            vat_subject=True,
        )
    assert "paramètres de coût manquants" in caught.value.problems[0]


def test_missing_actual_hours_are_named():
    rates = Rates(default_coefficient=D("1.87"), cost_parameters=[COST_30])
    with pytest.raises(MissingParameterError) as caught:
        compute_invoices(
            month=OCT,
            lines=[HourLine(1, 1, OCT, planned_hours=D("1"))],
            contracts={1: terms(1, "12")},
            rates=rates,
            vat_subject=True,
        )
    assert caught.value.problems == ["Salarié 1 (10/2026) : heures réelles manquantes"]


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        ("1.00", [1, 1, 1], ["0.34", "0.33", "0.33"]),
        ("0.02", [1, 1, 1], ["0.01", "0.01", "0.00"]),
        ("10.00", [0, 3, 1], ["0.00", "7.50", "2.50"]),
        ("0.00", [1, 2], ["0.00", "0.00"]),
    ],
)
def test_allocate_adds_up_exactly(amount, weights, expected):
    result = compute.allocate(D(amount), [(i, D(w)) for i, w in enumerate(weights)])
    assert [result[i] for i in range(len(weights))] == [D(e) for e in expected]
    assert sum(result.values()) == D(amount)


def test_rounding_rules():
    assert compute.round_amount(D("0.125")) == D("0.13")
    assert compute.round_amount(D("-0.125")) == D("-0.13")
    assert compute.round_rate(D("17.049175")) == D("17.0492")
