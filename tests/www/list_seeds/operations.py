"""Planning, timesheets, needs, recruitment, funding calls, the team and the skills referential."""

import datetime as dt
import itertools

from tests.factories import (
    AbsenceFactory,
    AssignmentFactory,
    AssignmentSlotFactory,
    EmployeeFactory,
    MemberFactory,
    MembershipFactory,
    SiteFactory,
    SkillFactory,
)

_numbers = itertools.count(1)
WEEK = dt.date(2025, 1, 6)
MARCH = dt.date(2025, 3, 1)


def assignments(p, n):
    """New employees of GE a, each placed at member a1 one morning a week."""
    for _ in range(n):
        employee = EmployeeFactory(group=p.group_a)
        assignment = AssignmentFactory(employee=employee, member=p.member_a1, site=p.site_a1, start_date=WEEK)
        AssignmentSlotFactory(assignment=assignment, weekday=next(_numbers) % 5)


def own_assignments(p, n):
    """More assignments of employee a (the employee's own week and month), at new members."""
    for _ in range(n):
        number = next(_numbers)
        member = MemberFactory(group=p.group_a)
        assignment = AssignmentFactory(
            employee=p.employee_a, member=member, site=SiteFactory(member=member), start_date=WEEK
        )
        AssignmentSlotFactory(
            assignment=assignment,
            weekday=number % 7,
            start_time=dt.time(6 + number % 12),
            end_time=dt.time(7 + number % 12),
        )


def absences(p, n):
    for _ in range(n):
        AbsenceFactory(employee=EmployeeFactory(group=p.group_a))


def priority_rules(p, n):
    from mutualis.planning import services

    membership = p.planner_a.memberships.first()
    for _ in range(n):
        services.save_priority_rule(
            membership=membership,
            prevailing_member=MemberFactory(group=p.group_a),
            yielding_member=MemberFactory(group=p.group_a),
            reason="continuity",
        )


def timesheets(p, n):
    """March 2025's timesheets of new employees placed one morning a week."""
    from mutualis.timesheets import services

    for _ in range(n):
        employee = EmployeeFactory(group=p.group_a)
        assignment = AssignmentFactory(employee=employee, member=p.member_a1, site=p.site_a1, start_date=WEEK)
        AssignmentSlotFactory(assignment=assignment, weekday=next(_numbers) % 5)
    services.generate_month(group=p.group_a, month=MARCH)


def needs_rows(p, n):
    """Needs, consolidation runs with a position, census campaigns with a declaration."""
    from tests.www.needs.test_query_counts import add_rows

    add_rows(p, n, next(_numbers) * 100)


def team(p, n):
    for _ in range(n):
        MembershipFactory(user__username=f"equipe-{next(_numbers)}", group=p.group_a, role="planner")


def skills(p, n):
    for _ in range(n):
        SkillFactory()


def _application(p, *, sent_by=None):
    from mutualis.recruitment import services
    from mutualis.recruitment.models import Candidate
    from tests.recruitment.factories import make_candidate, make_offer

    number = next(_numbers)
    candidate = make_candidate(p, last_name=f"Liste {number}", email=f"liste-{number}@example.org")
    if sent_by is not None:
        Candidate.objects.filter(pk=candidate.pk).update(sent_by=sent_by)
    services.create_application(actor=p.planner_a, offer=make_offer(p), candidate=candidate)


def applications(p, n):
    """Applications to new published offers (positions at members a1 and a2)."""
    for _ in range(n):
        _application(p)


def sent_applications(p, n):
    """Applications of candidates that partner a sent to the GE."""
    for _ in range(n):
        _application(p, sent_by=p.partner_a)


def funding_calls(p, n):
    from mutualis.funding.models import FundingCall

    for _ in range(n):
        number = next(_numbers)
        FundingCall.objects.create(code=f"appel-{number}", name=f"Appel {number}", short_name=f"A{number}")


def url(name, query="", **kwargs):
    from django.urls import reverse

    return lambda p: reverse(name, kwargs=kwargs or None) + query


def shortlisted(p, n):
    """Applications at the interview stage: member a1's contact sees them on the shortlist."""
    from mutualis.recruitment import services
    from mutualis.recruitment.models import Application

    for _ in range(n):
        _application(p)
        application = Application.objects.order_by("-id").first()
        services.transition(actor=p.planner_a, application=application, status="interview")


def slots(p, n):
    """Free availability slots of planner a, and booking links."""
    from mutualis.appointments import services
    from tests.appointments.factories import future

    for _ in range(n):
        number = next(_numbers)
        start = future(days=number, hour=9)
        services.publish_slot(
            actor=p.planner_a,
            group=p.group_a,
            kind="interview",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
        services.invite_to_book(
            actor=p.planner_a, group=p.group_a, kind="interview", name=f"Invité {number}", phone="0611223344"
        )


def own_memberships(p, n):
    """Director a's memberships in other GEs (the API lists the caller's memberships)."""
    from tests.factories import EmployerGroupFactory

    for _ in range(n):
        number = next(_numbers)
        group = EmployerGroupFactory(name=f"GE membre {number}", slug=f"ge-membre-{number}")
        MembershipFactory(user=p.director_a, group=group, role="observer")


def listed_skills(p, n):
    """Skills whose label holds « liste » (the pages and API are searched for it: the referential
    has more skills than a page)."""
    for _ in range(n):
        number = next(_numbers)
        SkillFactory(code=f"LISTE{number}", label=f"Compétence liste {number}")
