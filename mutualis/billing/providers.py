"""Sources of billable hours for `selectors.billable_hour_lines` (setting MUTUALIS_BILLABLE_HOURS_PROVIDER).

`timesheet_hours` reads the timesheets (issue 5) through their one selector,
`mutualis.timesheets.selectors.billable_hours` (one row per timesheet × site, in minutes). Here:

- minutes are summed per member × contract first, then turned into hours ONCE, minutes / 60 rounded
  half up to the hundredth (the quantity on the invoice line), so that splitting a month over several
  sites never changes the billed hours by a rounding;
- planned hours always come along (the planned-then-actual mode bills them); actual hours only when
  every timesheet of the line is validated by the member or closed by the GE, else None — and a run
  on actual hours then stops and names the employee, instead of billing hours nobody validated;
- hours worked under a placement with its own hourly rate or coefficient form their own line, carrying
  those terms (`compute.PlacementTerms`), which override the GE's rate rules; an unplanned entry (no
  placement) of a timesheet whose placements all share one price takes that price;
- unusual hours (timesheets/anomalies.py) not yet reviewed at closing are counted on the line: a run
  on actual hours stops and names them, so that a typing mistake never reaches an invoice;
- a timesheet without a contract still yields a line (contract None, with its employee named), so
  the run lists it as a problem rather than leaving hours unbilled in silence.
"""

from decimal import ROUND_HALF_UP, Decimal

from . import compute

SIXTY = Decimal(60)
HOURS_QUANTUM = Decimal("0.01")


def minutes_to_hours(minutes: int) -> Decimal:
    """Rounding rule of billed quantities: minutes / 60, half up, to the hundredth of an hour."""
    return (Decimal(minutes) / SIXTY).quantize(HOURS_QUANTUM, rounding=ROUND_HALF_UP)


def _terms(row):
    if row.hourly_rate is None and row.billing_coefficient is None:
        return None
    return compute.PlacementTerms(
        hourly_rate=row.hourly_rate, coefficient=row.billing_coefficient, start_date=row.assignment_start
    )


def timesheet_hours(*, group, month) -> list[compute.HourLine]:
    from mutualis.employees.models import Employee
    from mutualis.timesheets.selectors import billable_hours

    first = compute.month_start(month)
    rows = billable_hours(group, first)
    sheet_terms = {}  # timesheet -> set of placement terms of its planned entries
    for row in rows:
        if row.assignment_id is not None:
            sheet_terms.setdefault(row.timesheet_id, set()).add(_terms(row))
    totals = {}  # (member, contract or ("employee", id), terms) -> [planned, actual, all validated]
    for row in rows:
        terms = _terms(row)
        if row.assignment_id is None and len(sheet_terms.get(row.timesheet_id, ())) == 1:
            (terms,) = sheet_terms[row.timesheet_id]
        key = (
            row.member_id,
            row.contract_id if row.contract_id is not None else ("employee", row.employee_id),
            terms,
        )
        entry = totals.setdefault(key, [0, 0, True, 0])
        entry[0] += row.planned_minutes
        entry[1] += row.actual_minutes
        entry[2] = entry[2] and row.is_validated
        entry[3] += row.unreviewed_anomalies
    without_contract = {key[1][1] for key in totals if isinstance(key[1], tuple)}
    names = (
        {e.pk: e.full_name for e in Employee.objects.filter(pk__in=without_contract)}
        if without_contract
        else {}
    )
    lines = []
    for (member_id, contract, terms), (planned, actual, validated, unreviewed) in totals.items():
        missing = isinstance(contract, tuple)
        lines.append(
            compute.HourLine(
                member_id=member_id,
                contract_id=None if missing else contract,
                month=first,
                planned_hours=minutes_to_hours(planned),
                actual_hours=minutes_to_hours(actual) if validated else None,
                source=f"relevé de {names.get(contract[1], contract[1])} sans contrat" if missing else "",
                placement=terms,
                unreviewed_anomalies=unreviewed,
            )
        )
    return lines
