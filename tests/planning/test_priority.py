"""Priority rules between members: recorded per agreement, applied when the planner resolves a conflict."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mutualis.accounts.models import Membership
from mutualis.core.models import AuditEvent
from mutualis.planning import selectors, services
from mutualis.planning.models import PriorityRule, ScheduleException
from tests.factories import AssignmentFactory, AssignmentSlotFactory, EmployeeFactory

MONDAY = dt.date(2025, 1, 6)


def membership(user):
    return Membership.objects.get(user=user)


@pytest.fixture
def clash(personas):
    """Employee A on Monday: 8–12 at A1 (rank 0) and 10–14 at A2 (rank 0)."""
    p = personas
    p["at_a1"] = AssignmentFactory(employee=p.employee_a, member=p.member_a1, site=p.site_a1)
    AssignmentSlotFactory(assignment=p.at_a1, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    p["at_a2"] = AssignmentFactory(employee=p.employee_a, member=p.member_a2, site=p.site_a2)
    AssignmentSlotFactory(assignment=p.at_a2, weekday=0, start_time=dt.time(10), end_time=dt.time(14))
    return p


def only_conflict(employee):
    conflicts = selectors.employee_conflicts(employee, MONDAY)
    assert len(conflicts) == 1
    return conflicts[0]


@pytest.mark.django_db
def test_without_rule_or_rank_nothing_is_proposed(clash):
    conflict = only_conflict(clash.employee_a)
    assert conflict.day == MONDAY and conflict.proposed is None and conflict.basis == ""


@pytest.mark.django_db
def test_the_higher_rank_is_proposed(clash):
    clash.at_a2.priority = 3
    clash.at_a2.save()
    conflict = only_conflict(clash.employee_a)
    assert conflict.basis == "rank"
    assert conflict.proposed["member"] == clash.member_a2
    assert conflict.dropped["member"] == clash.member_a1


@pytest.mark.django_db
def test_a_priority_rule_beats_the_ranks(clash):
    clash.at_a2.priority = 9
    clash.at_a2.save()
    rule = services.save_priority_rule(
        membership=membership(clash.planner_a),
        prevailing_member=clash.member_a1,
        yielding_member=clash.member_a2,
        reason="emergency",
        note="urgence chez A1 prime sur confort chez A2",
    )
    conflict = only_conflict(clash.employee_a)
    assert (conflict.basis, conflict.rule) == ("rule", rule)
    assert conflict.proposed["member"] == clash.member_a1


@pytest.mark.django_db
def test_the_agreements_own_rule_beats_the_general_rule(clash):
    planner = membership(clash.planner_a)
    services.save_priority_rule(
        membership=planner, prevailing_member=clash.member_a2, yielding_member=clash.member_a1, reason="other"
    )
    own = services.save_priority_rule(
        membership=planner,
        prevailing_member=clash.member_a1,
        yielding_member=clash.member_a2,
        employee=clash.employee_a,
        reason="continuity",
    )
    conflict = only_conflict(clash.employee_a)
    assert conflict.rule == own and conflict.proposed["member"] == clash.member_a1
    # Another employee shared by the same members follows the general rule.
    other = EmployeeFactory(group=clash.group_a)
    for member, site, start in ((clash.member_a1, clash.site_a1, 8), (clash.member_a2, clash.site_a2, 9)):
        assignment = AssignmentFactory(employee=other, member=member, site=site)
        AssignmentSlotFactory(
            assignment=assignment, weekday=0, start_time=dt.time(start), end_time=dt.time(12)
        )
    assert only_conflict(other).proposed["member"] == clash.member_a2


@pytest.mark.django_db
def test_rules_are_validated(clash):
    planner = membership(clash.planner_a)
    with pytest.raises(ValidationError) as error:
        services.save_priority_rule(
            membership=planner,
            prevailing_member=clash.member_a1,
            yielding_member=clash.member_a1,
            reason="other",
        )
    assert "yielding_member" in error.value.message_dict
    services.save_priority_rule(
        membership=planner, prevailing_member=clash.member_a1, yielding_member=clash.member_a2, reason="other"
    )
    with pytest.raises(ValidationError):  # the reverse pair for the same scope is a contradiction
        services.save_priority_rule(
            membership=planner,
            prevailing_member=clash.member_a2,
            yielding_member=clash.member_a1,
            reason="other",
        )
    with pytest.raises(ValidationError):
        services.save_priority_rule(
            membership=planner,
            prevailing_member=clash.member_a1,
            yielding_member=clash.member_b1,
            reason="other",
        )
    with pytest.raises(PermissionDenied):
        services.save_priority_rule(
            membership=membership(clash.accountant_a),
            prevailing_member=clash.member_a2,
            yielding_member=clash.member_a1,
            reason="other",
        )
    assert PriorityRule.objects.count() == 1


@pytest.mark.django_db
def test_resolving_cancels_the_other_day_and_journals_the_decision(clash):
    rule = services.save_priority_rule(
        membership=membership(clash.planner_a),
        prevailing_member=clash.member_a1,
        yielding_member=clash.member_a2,
        reason="emergency",
    )
    services.resolve_conflict(
        membership=membership(clash.planner_a),
        employee=clash.employee_a,
        day=MONDAY,
        keep=clash.at_a1,
        drop=clash.at_a2,
        note="Urgence chez A1",
    )
    cancelled = ScheduleException.objects.get()
    assert (cancelled.assignment, cancelled.kind, cancelled.date) == (clash.at_a2, "cancelled", MONDAY)
    assert selectors.employee_conflicts(clash.employee_a, MONDAY) == []
    event = AuditEvent.objects.get(action="planning.conflict_resolved")
    assert event.data["basis"] == "rule" and event.data["rule"] == str(rule.public_id)
    assert event.data["followed_proposal"] is True
    assert event.data["kept"] == str(clash.at_a1.public_id)


@pytest.mark.django_db
def test_resolving_a_pair_that_does_not_collide_is_refused(clash):
    with pytest.raises(ValidationError):
        services.resolve_conflict(
            membership=membership(clash.planner_a),
            employee=clash.employee_a,
            day=MONDAY + dt.timedelta(days=1),
            keep=clash.at_a1,
            drop=clash.at_a2,
        )
    assert not ScheduleException.objects.exists()


@pytest.mark.django_db
def test_conflict_page_proposes_and_resolves(client, clash):
    services.save_priority_rule(
        membership=membership(clash.planner_a),
        prevailing_member=clash.member_a2,
        yielding_member=clash.member_a1,
        reason="emergency",
    )
    url = reverse("planning:employee_conflicts", args=[clash.employee_a.public_id]) + "?semaine=2025-01-06"
    client.force_login(clash.planner_a)
    page = client.get(url).content.decode()
    assert "Proposition : garder le créneau de Adhérent A2" in page
    assert "Urgence chez l&#x27;adhérent prioritaire" in page
    response = client.post(
        url,
        {
            "semaine": "2025-01-06",
            "day": "2025-01-06",
            "keep": clash.at_a2.public_id,
            "drop": clash.at_a1.public_id,
            "note": "",
        },
    )
    assert response.status_code == 302
    assert ScheduleException.objects.get().assignment == clash.at_a1
    assert "Aucun conflit" in client.get(url).content.decode()


@pytest.mark.django_db
def test_accountant_reads_conflicts_but_cannot_resolve(client, clash):
    url = reverse("planning:employee_conflicts", args=[clash.employee_a.public_id]) + "?semaine=2025-01-06"
    client.force_login(clash.accountant_a)
    page = client.get(url).content.decode()
    assert "Conflit du" in page and "Garder" not in page
    data = {"day": "2025-01-06", "keep": clash.at_a2.public_id, "drop": clash.at_a1.public_id}
    assert client.post(url, data).status_code == 403
    assert not ScheduleException.objects.exists()


@pytest.mark.django_db
def test_priority_rules_page_creates_and_deletes(client, clash):
    client.force_login(clash.director_a)
    url = reverse("planning:priority_rules")
    response = client.post(
        url,
        {
            "prevailing_member": clash.member_a1.pk,
            "yielding_member": clash.member_a2.pk,
            "reason": "emergency",
            "note": "urgence chez A1 prime sur confort chez A2",
        },
    )
    assert response.status_code == 302
    rule = PriorityRule.objects.get()
    page = client.get(url).content.decode()
    assert "urgence chez A1 prime sur confort chez A2" in page
    client.force_login(clash.director_b)
    assert client.post(reverse("planning:priority_rule_delete", args=[rule.public_id])).status_code == 404
    client.force_login(clash.director_a)
    client.post(reverse("planning:priority_rule_delete", args=[rule.public_id]))
    assert not PriorityRule.objects.exists()
    assert AuditEvent.objects.filter(action="planning.priority_rule_deleted").exists()
