"""Demo timesheets: the demo `salarie` account works for the demo contact's member and one other
member, and the month's timesheets are generated, so that the employee can correct a day and the
member contact can validate a month (browser tests, first visit of the demo). Idempotent."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.members.models import Member, Site
from mutualis.planning.enums import PLANNED_STATUSES, AssignmentStatus
from mutualis.planning.models import Assignment, AssignmentSlot

from . import services

DEMO_EMPLOYEE = "salarie"
DEMO_CONTACT = "contact-adherent"
# (weekday, start, end): Monday and Tuesday mornings at the contact's member, Thursday mornings
# at the other member (distinct days: no travel, no overlap with anything else of the pattern).
CONTACT_SLOTS = ((0, dt.time(8), dt.time(12)), (1, dt.time(8), dt.time(12)))
OTHER_SLOTS = ((3, dt.time(8), dt.time(12)),)


def _membership(username, role):
    return (
        Membership.objects.filter(user__username=username, role=role, is_active=True)
        .select_related("group", "member", "employee")
        .first()
    )


def _ensure_assignment(employee, member, slots, start):
    if Assignment.objects.filter(employee=employee, member=member, status__in=PLANNED_STATUSES).exists():
        return False
    site = Site.objects.filter(member=member).order_by("pk").first()
    if site is None:
        return False
    assignment = Assignment.objects.create(
        group=employee.group,
        employee=employee,
        member=member,
        site=site,
        contract=employee.contracts.order_by("-start_date", "pk").first(),
        start_date=start,
        status=AssignmentStatus.ACTIVE,
        notes="Démo : relevés d'heures",
    )
    AssignmentSlot.objects.bulk_create(
        AssignmentSlot(assignment=assignment, weekday=weekday, start_time=begin, end_time=end)
        for weekday, begin, end in slots
    )
    return True


@transaction.atomic
def ensure_demo_timesheets(month=None, log=lambda message: None):
    """Give the demo employee two assignments (if missing) from the previous month on, and generate
    the timesheets of the previous and the current month.

    Returns the generation result, or None when the demo accounts do not exist.
    """
    employee_membership = _membership(DEMO_EMPLOYEE, Role.EMPLOYEE)
    contact_membership = _membership(DEMO_CONTACT, Role.MEMBER_CONTACT)
    if employee_membership is None or contact_membership is None:
        log("Comptes de démonstration absents : lancez d'abord seed_demo.")
        return None
    employee, contact_member = employee_membership.employee, contact_membership.member
    first = (month or timezone.localdate()).replace(day=1)
    start = (first - dt.timedelta(days=1)).replace(day=1)
    other = (
        employee.contracts.order_by("-start_date", "pk")
        .first()
        .potential_members.exclude(pk=contact_member.pk)
        if employee.contracts.exists()
        else Member.objects.none()
    ).order_by("name", "pk").first() or (
        Member.objects.filter(group=employee.group, sites__isnull=False)
        .exclude(pk=contact_member.pk)
        .order_by("name", "pk")
        .first()
    )
    if _ensure_assignment(employee, contact_member, CONTACT_SLOTS, start):
        log(f"Mise à disposition créée : {employee} chez {contact_member}.")
    if other is not None and _ensure_assignment(employee, other, OTHER_SLOTS, start):
        log(f"Mise à disposition créée : {employee} chez {other}.")
    for generated in (start, first):
        result = services.generate_month(
            group=employee.group, month=generated, actor_label="seed_demo_timesheets"
        )
        log(
            f"Relevés de {services.month_label(generated)} : {result.created} créé(s), "
            f"{result.updated} mis à jour, {result.kept} inchangé(s)."
        )
    return result
