"""Reads of timesheets: the pages' lists, payroll exports and the hours billing reads.

`billable_hours(group, month)` is the contract with billing (see docs/timesheets.md): one row per
timesheet × site with the planned and actual minutes; billing reads it through
`mutualis.billing.providers.timesheet_hours` (billing sits above timesheets, never the reverse).
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from .enums import TimesheetStatus
from .models import TimeEntry
from .services import month_bounds, month_start

SIXTY = Decimal(60)
HOURS_PLACES = Decimal("0.01")


def hours(minutes):
    """Minutes as decimal hours, rounded half-up to the hundredth (for exports and billing)."""
    return (Decimal(minutes or 0) / SIXTY).quantize(HOURS_PLACES, rounding=ROUND_HALF_UP)


def fmt_minutes(minutes):
    """French clock duration: 7 h 30, -0 h 45."""
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(int(minutes)), 60)
    return f"{sign}{h} h {m:02d}"


# --- billing ----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BillableRow:
    """Planned and actual minutes of one employee at one member (and site) in one month."""

    timesheet_id: int
    employee_id: int
    member_id: int
    contract_id: int | None
    site_id: int | None
    status: str
    planned_minutes: int
    actual_minutes: int
    # The placement the hours were worked under, and its own price (None: the GE's rules).
    assignment_id: int | None = None
    hourly_rate: Decimal | None = None
    billing_coefficient: Decimal | None = None
    assignment_start: dt.date | None = None
    unreviewed_anomalies: int = 0  # entries with unusual hours the GE has not reviewed yet

    @property
    def is_validated(self):
        """The member validated the hours (or the GE closed the month): actual hours are final."""
        return self.status in (TimesheetStatus.VALIDATED, TimesheetStatus.CLOSED)


def billable_hours(group, month):
    """[BillableRow] of a GE for the month holding the date `month`, one per timesheet × site ×
    placement (the placement carries the price billed when it has its own rate or coefficient).

    One query. Planned minutes come from the planning at generation time (holidays and absences
    removed); actual minutes are the employee's declaration, final once `is_validated`.
    """
    rows = (
        TimeEntry.objects.filter(group=group, timesheet__month=month_start(month))
        .values(
            "timesheet_id",
            "timesheet__employee_id",
            "timesheet__member_id",
            "timesheet__contract_id",
            "site_id",
            "timesheet__status",
            "assignment_id",
            "assignment__hourly_rate",
            "assignment__billing_coefficient",
            "assignment__start_date",
        )
        .annotate(
            planned=Sum("planned_minutes"),
            actual=Sum("actual_minutes"),
            unreviewed=Count(
                "pk", filter=Q(needs_review=True) & ~Q(timesheet__status=TimesheetStatus.CLOSED)
            ),
        )
        .order_by("timesheet__employee_id", "timesheet__member_id", "site_id", "assignment_id")
    )
    return [
        BillableRow(
            timesheet_id=r["timesheet_id"],
            employee_id=r["timesheet__employee_id"],
            member_id=r["timesheet__member_id"],
            contract_id=r["timesheet__contract_id"],
            site_id=r["site_id"],
            status=r["timesheet__status"],
            planned_minutes=r["planned"] or 0,
            actual_minutes=r["actual"] or 0,
            assignment_id=r["assignment_id"],
            hourly_rate=r["assignment__hourly_rate"],
            billing_coefficient=r["assignment__billing_coefficient"],
            assignment_start=r["assignment__start_date"],
            unreviewed_anomalies=r["unreviewed"],
        )
        for r in rows
    ]


# --- pages ------------------------------------------------------------------------------------------


def with_totals(qs):
    """Timesheets annotated with their planned and actual minutes and number of entries."""
    return qs.annotate(
        planned_total=Coalesce(Sum("entries__planned_minutes"), 0),
        actual_total=Coalesce(Sum("entries__actual_minutes"), 0),
        entry_count=Count("entries"),
    )


def employee_month(employee, month, timesheets):
    """One employee's month across members: days (with their entries) and the timesheets.

    `timesheets`: the scoped queryset of the employee's timesheets. Three queries.
    """
    first, last = month_bounds(month)
    sheets = list(
        with_totals(timesheets.filter(employee=employee, month=first))
        .select_related("member")
        .order_by("member__name", "pk")
    )
    entries = (
        TimeEntry.objects.filter(timesheet__in=[s.pk for s in sheets])
        .select_related("site")
        .order_by("date", "planned_start", "actual_start", "pk")
    )
    by_sheet = {s.pk: s for s in sheets}
    days = defaultdict(list)
    for entry in entries:
        entry.timesheet = by_sheet[entry.timesheet_id]
        days[entry.date].append(entry)
    return {
        "first": first,
        "last": last,
        "timesheets": sheets,
        "days": [
            {
                "date": day,
                "entries": day_entries,
                "planned": sum(e.planned_minutes for e in day_entries),
                "actual": sum(e.actual_minutes for e in day_entries),
            }
            for day, day_entries in sorted(days.items())
        ],
        "planned": sum(s.planned_total for s in sheets),
        "actual": sum(s.actual_total for s in sheets),
    }


def status_counts(qs):
    """{status: count} of a queryset of timesheets, every status present."""
    counts = dict.fromkeys(TimesheetStatus.values, 0)
    for row in qs.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


# --- exports ----------------------------------------------------------------------------------------

GROUPINGS = ("detail", "salarie", "adherent")


def export_rows(timesheets, grouping="detail"):
    """Rows for the payroll export of a month: (employee, member, planned, actual, status).

    `grouping`: "detail" (employee × member), "salarie" (per employee), "adherent" (per member).
    """
    sheets = (
        with_totals(timesheets)
        .select_related("employee", "member")
        .order_by("employee__last_name", "employee__first_name", "employee_id", "member__name", "member_id")
    )
    if grouping == "detail":
        return [
            {
                "employee": s.employee.full_name,
                "member": s.member.name,
                "planned": s.planned_total,
                "actual": s.actual_total,
                "status": s.get_status_display(),
            }
            for s in sheets
        ]
    totals = {}
    for s in sheets:
        key = s.employee_id if grouping == "salarie" else s.member_id
        row = totals.setdefault(
            key,
            {
                "employee": s.employee.full_name if grouping == "salarie" else "",
                "member": s.member.name if grouping == "adherent" else "",
                "planned": 0,
                "actual": 0,
                "status": "",
            },
        )
        row["planned"] += s.planned_total
        row["actual"] += s.actual_total
    rows = list(totals.values())
    if grouping == "adherent":
        rows.sort(key=lambda r: r["member"])
    return rows


def days_of(month):
    first, last = month_bounds(month)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
