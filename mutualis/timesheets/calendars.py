"""iCal feeds of the planning (RFC 5545, `icalendar`): an employee's blocks across members, or the
blocks of every shared employee at one member. Read through a secret token, no login."""

import datetime as dt

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.employees.models import Employee
from mutualis.planning import selectors as planning_selectors

DAYS_BEFORE = 31
DAYS_AFTER = 92


def _window():
    today = timezone.localdate()
    return today - dt.timedelta(days=DAYS_BEFORE), today + dt.timedelta(days=DAYS_AFTER)


def _calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Mutualis//Planning//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def _event(block, summary, location):
    event = icalendar.Event()
    # Stable across regenerations, so that calendar applications update rather than duplicate.
    event.add("uid", f"{block.assignment_id}-{block.start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}@mutualis")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", block.start.astimezone(dt.UTC))
    event.add("dtend", block.end.astimezone(dt.UTC))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    return event


def _location(site):
    parts = [site.name, site.address, f"{site.postcode} {site.city}".strip()]
    return ", ".join(p for p in parts if p)


def employee_feed(employee):
    """The employee's planned blocks, across every member, from a month ago to three months ahead."""
    start, end = _window()
    expansion = planning_selectors.expand(
        group=employee.group, start=start, end=end, employee_ids=[employee.pk]
    )
    calendar = _calendar(_("Planning de %(name)s") % {"name": employee.full_name})
    for block in expansion.blocks.get(employee.pk, ()):
        member = expansion.members[block.member_id]
        site = expansion.sites[block.site_id]
        calendar.add_component(_event(block, member.name, _location(site)))
    return calendar.to_ical()


def member_feed(member):
    """The planned blocks of every employee placed with the member, at its sites."""
    start, end = _window()
    assignments = planning_selectors.planned_assignments(member.group, start, end).filter(member=member)
    expansion = planning_selectors.expand(group=member.group, start=start, end=end, assignments=assignments)
    names = {
        e.pk: e.full_name
        for e in Employee.objects.filter(pk__in=assignments.values("employee_id")).order_by()
    }
    calendar = _calendar(_("Salariés mis à disposition — %(member)s") % {"member": member.name})
    for employee_id, blocks in sorted(expansion.blocks.items()):
        for block in blocks:
            site = expansion.sites[block.site_id]
            calendar.add_component(_event(block, names.get(employee_id, ""), _location(site)))
    return calendar.to_ical()


def replace_token_of_deactivated(sender, membership, **kwargs):
    """A deactivated member contact or employee knew the feed URL of their member or of themselves:
    the token is replaced, so that URL stops answering (the others copy the new one from the page)."""
    from .models import CalendarToken, new_calendar_token

    tokens = CalendarToken.objects.none()
    if membership.member_id:
        tokens = CalendarToken.objects.filter(member_id=membership.member_id)
    elif membership.employee_id:
        tokens = CalendarToken.objects.filter(employee_id=membership.employee_id)
    for token in tokens:
        token.token = new_calendar_token()
        token.regenerated_at = timezone.now()
        token.save(update_fields=["token", "regenerated_at", "updated_at"])
