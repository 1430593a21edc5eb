"""The placement agreement (convention de mise à disposition) of one member and one employee, as PDF."""

import datetime as dt

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML

from mutualis.employees.models import Contract

from .enums import PLANNED_STATUSES, WeekParity
from .models import Assignment, AssignmentSlot
from .rules import fmt_duration


def slot_minutes(slot):
    start = dt.datetime.combine(dt.date(2000, 1, 3), slot.start_time)
    end = dt.datetime.combine(dt.date(2000, 1, 3), slot.end_time)
    if end <= start:
        end += dt.timedelta(days=1)
    return int((end - start).total_seconds() // 60)


def average_weekly_minutes(slots):
    """Weekly minutes of a pattern; a slot of odd or even weeks counts for half."""
    total = 0
    for slot in slots:
        minutes = slot_minutes(slot)
        total += minutes if slot.week_parity == WeekParity.EVERY else minutes / 2
    return int(total)


def agreement_assignments(*, member, employee):
    """The planned assignments of an employee with a member, sites and slots loaded."""
    return list(
        Assignment.objects.filter(
            group_id=member.group_id, member=member, employee=employee, status__in=PLANNED_STATUSES
        )
        .select_related("site", "contract")
        .prefetch_related(
            Prefetch("slots", queryset=AssignmentSlot.objects.order_by("weekday", "start_time"))
        )
        .order_by("start_date", "id")
    )


def agreement_context(*, member, employee, price_of=None):
    """What the agreement prints. `price_of(assignment, contract=, on=)` gives the price of an hour as
    billing computes it (`mutualis.billing.agreements`, which sits above planning); without it the
    agreement prints no price."""
    group = member.group
    assignments = agreement_assignments(member=member, employee=employee)
    contract = next((a.contract for a in assignments if a.contract_id), None)
    if contract is None:
        on = assignments[0].start_date if assignments else timezone.localdate()
        contract = Contract.objects.filter(employee=employee).current(on).order_by("-start_date").first()
    printed_on = timezone.localdate()
    rows = []
    for assignment in assignments:
        slots = list(assignment.slots.all())
        rows.append(
            {
                "assignment": assignment,
                "slots": slots,
                "weekly": fmt_duration(average_weekly_minutes(slots) * 60),
                "price": price_of(assignment, contract=assignment.contract or contract, on=printed_on)
                if price_of
                else None,
            }
        )
    ends = [a.end_date for a in assignments]
    return {
        "group": group,
        "member": member,
        "employee": employee,
        "contract": contract,
        "rows": rows,
        "start": min((a.start_date for a in assignments), default=None),
        "end": None if (not ends or None in ends) else max(ends),
        "sites": sorted({a.site for a in assignments}, key=lambda s: (s.name, s.pk)),
        "printed_on": printed_on,
    }


def _stylesheets():
    path = finders.find("mutualis/pdf.css")
    return [CSS(filename=path)] if path else []


def placement_agreement_pdf(*, member, employee, price_of=None):
    """PDF bytes of the placement agreement (parties, employee, places, pattern, rate, period, L1253-12)."""
    html = render_to_string(
        "pdf/placement_agreement.html", agreement_context(member=member, employee=employee, price_of=price_of)
    )
    return HTML(string=html).write_pdf(stylesheets=_stylesheets())


def placement_agreement_filename(*, member, employee):
    name = f"convention-mise-a-disposition-{member.name}-{employee.last_name}.pdf"
    return "".join(c if c.isalnum() or c in "-." else "-" for c in name)
