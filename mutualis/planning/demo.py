"""Demo assignments: a realistic, deterministic weekly pattern for every employee of a demo GE.

Each employee works for the members their current contract lists (2 to 4, one site each), half a
day at a time: mornings from 8:00 and afternoons from 13:30, so the lunch break covers the travel
between two neighbouring sites. The weekly volume is the contract's hours (capped at 35 h). A few
employees get an evening block that breaks the 11 h daily rest, and a few are left without an
assignment, so that the GE-wide planning has something to show. No journal event is written
(bulk inserts): `builder.delete_group` can still remove a demo GE.
"""

import datetime as dt
import random

from django.db import transaction

from mutualis.employees.models import Contract

from .enums import AssignmentStatus
from .models import Assignment, AssignmentSlot

MORNING = dt.time(8, 0)
AFTERNOON = dt.time(13, 30)
HALF_DAY_MINUTES = 240
MAX_WEEKLY_MINUTES = 35 * 60
EVENING_EVERY = 40  # one employee in 40 gets an evening block (daily rest broken)
UNASSIGNED_EVERY = 50  # one employee in 50 waits for an assignment


def _clock(start, minutes):
    total = start.hour * 60 + start.minute + minutes
    return dt.time(total // 60, total % 60)


def weekly_pattern(weekly_minutes, member_count, rng):
    """[(member index, weekday, start, end)]: half-days shared between the members, in order.

    Consecutive half-days go to the same member, so each member gets a contiguous share of the
    week (e.g. Monday and Tuesday for the first, Wednesday morning to Thursday for the second).
    """
    weekly_minutes = min(weekly_minutes, MAX_WEEKLY_MINUTES)
    count = min(10, max(member_count, -(-weekly_minutes // HALF_DAY_MINUTES)))
    length = weekly_minutes // count // 15 * 15
    first_day = rng.choice((0, 0, 0, 1))  # some weeks start on Tuesday
    half_days = [(day, half) for day in range(first_day, 6) for half in (0, 1)][:count]
    slots = []
    for index, (day, half) in enumerate(half_days):
        member = index * member_count // count
        start = MORNING if half == 0 else AFTERNOON
        slots.append((member, day, start, _clock(start, length)))
    return slots


@transaction.atomic
def build_demo_assignments(group, *, seed=None):
    """Create the demo GE's assignments and their slots. Idempotent: does nothing if any exists.

    Returns the number of assignments created.
    """
    if Assignment.objects.filter(group=group).exists():
        return 0
    rng = random.Random(seed or f"{group.slug}/planning")
    contracts = list(
        Contract.objects.filter(group=group)
        .order_by("employee_id", "-start_date", "id")
        .only("id", "employee_id", "weekly_hours", "start_date", "end_date")
    )
    latest = {}
    for contract in contracts:
        latest.setdefault(contract.employee_id, contract)
    places = {}
    for contract_id, site_id, member_id in (
        Contract.places.through.objects.filter(contract_id__in=[c.pk for c in latest.values()])
        .values_list("contract_id", "site_id", "site__member_id")
        .order_by("contract_id", "site_id")
    ):
        places.setdefault(contract_id, []).append((member_id, site_id))

    assignments, patterns = [], []
    for position, employee_id in enumerate(sorted(latest)):
        contract = latest[employee_id]
        sites = places.get(contract.pk, [])
        if not sites or position % UNASSIGNED_EVERY == UNASSIGNED_EVERY - 1:
            continue
        rng.shuffle(sites)
        pattern = weekly_pattern(int(contract.weekly_hours * 60), len(sites), rng)
        if position % EVENING_EVERY == EVENING_EVERY - 1 and len(sites) > 1:
            # Monday evening at the last member: only 10 h of rest before Tuesday 8:00.
            pattern.append((len(sites) - 1, 0, dt.time(19, 0), dt.time(22, 0)))
        for index, (member_id, site_id) in enumerate(sites):
            assignments.append(
                Assignment(
                    group=group,
                    employee_id=employee_id,
                    member_id=member_id,
                    site_id=site_id,
                    contract_id=contract.pk,
                    start_date=contract.start_date,
                    end_date=contract.end_date,
                    priority=rng.choice((0, 0, 1, 2, 3)),
                    status=AssignmentStatus.ACTIVE,
                )
            )
            patterns.append([(day, start, end) for member, day, start, end in pattern if member == index])
    created = Assignment.objects.bulk_create(assignments, batch_size=500)
    AssignmentSlot.objects.bulk_create(
        [
            AssignmentSlot(assignment_id=assignment.pk, weekday=day, start_time=start, end_time=end)
            for assignment, slots in zip(created, patterns, strict=True)
            for day, start, end in slots
        ],
        batch_size=1000,
    )
    return len(created)
