"""Sources of billable hours for `selectors.billable_hour_lines` (setting MUTUALIS_BILLABLE_HOURS_PROVIDER).

`timesheet_hours` reads the timesheets (issue 5) through their one selector,
`mutualis.timesheets.selectors.billable_hours` (one row per timesheet × site, in minutes). Here:

- minutes are summed per member × contract first, then turned into hours ONCE, minutes / 60 rounded
  half up to the hundredth (the quantity on the invoice line), so that splitting a month over several
  sites never changes the billed hours by a rounding;
- planned hours always come along (the planned-then-actual mode bills them); actual hours only when
  every timesheet of the line is validated by the member or closed by the GE, else None — and a run
  on actual hours then stops and names the employee, instead of billing hours nobody validated;
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


def timesheet_hours(*, group, month) -> list[compute.HourLine]:
    from mutualis.employees.models import Employee
    from mutualis.timesheets.selectors import billable_hours

    first = compute.month_start(month)
    totals = {}  # (member, contract or ("employee", id)) -> [planned, actual, all validated]
    for row in billable_hours(group, first):
        key = (
            row.member_id,
            row.contract_id if row.contract_id is not None else ("employee", row.employee_id),
        )
        entry = totals.setdefault(key, [0, 0, True])
        entry[0] += row.planned_minutes
        entry[1] += row.actual_minutes
        entry[2] = entry[2] and row.is_validated
    without_contract = {key[1][1] for key in totals if isinstance(key[1], tuple)}
    names = (
        {e.pk: e.full_name for e in Employee.objects.filter(pk__in=without_contract)}
        if without_contract
        else {}
    )
    lines = []
    for (member_id, contract), (planned, actual, validated) in totals.items():
        missing = isinstance(contract, tuple)
        lines.append(
            compute.HourLine(
                member_id=member_id,
                contract_id=None if missing else contract,
                month=first,
                planned_hours=minutes_to_hours(planned),
                actual_hours=minutes_to_hours(actual) if validated else None,
                source=f"relevé de {names.get(contract[1], contract[1])} sans contrat" if missing else "",
            )
        )
    return lines
