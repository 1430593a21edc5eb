"""Reads of the insertion domain: caseloads, « sans solution », indicators. Every person listed is
one the membership may see (`consents.visible_ids`)."""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Prefetch
from django.utils import timezone

from . import consents
from .enums import (
    DURABLE_OUTCOMES,
    OPEN_ACTION_STATUSES,
    POSITIVE_OUTCOMES,
    ActionStatus,
    ExitOutcome,
    FollowUpStatus,
    Part,
    ReviewStatus,
)
from .models import Action, Diagnostic, FollowUp, FollowUpMember, FollowUpTask, SituationReview

NO_SOLUTION_DAYS = 60
POST_HIRE_ENDING_DAYS = 30


def follow_ups_visible(membership, part=Part.IDENTITY):
    ids = consents.visible_ids(membership, part)
    return FollowUp.objects.filter(beneficiary_id__in=ids)


def annotate_caseload(qs, today=None):
    today = today or timezone.localdate()
    overdue = Action.objects.filter(
        objective__axis__follow_up=OuterRef("pk"), status__in=OPEN_ACTION_STATUSES, due_on__lt=today
    )
    return (
        qs.annotate(
            has_diagnostic=Exists(Diagnostic.objects.filter(beneficiary_id=OuterRef("beneficiary_id"))),
            has_overdue=Exists(overdue),
            last_action_at=Max("axes__objectives__actions__created_at"),
        )
        .select_related("beneficiary", "beneficiary__organisation", "beneficiary__group")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=FollowUpMember.objects.filter(ended_on__isnull=True).select_related(
                    "membership__user", "membership__organisation", "membership__group"
                ),
            )
        )
    )


def caseload(membership, *, scope="mine", flt="", today=None):
    """The follow-ups a professional works on.

    scope: "mine" (active member), "structure" (held by the structure), "shared" (others' people
    shared with the structure by consent). flt: "", "no_diagnostic", "overdue", "post_hire_ending".
    """
    today = today or timezone.localdate()
    qs = follow_ups_visible(membership)
    if scope == "mine":
        qs = qs.filter(members__membership=membership, members__ended_on__isnull=True)
    elif scope == "structure":
        structure = consents.structure_of(membership)
        if structure is None:
            return FollowUp.objects.none()
        kind, pk = structure
        qs = qs.filter(**{f"beneficiary__{kind}_id": pk})
    elif scope == "shared":
        structure = consents.structure_of(membership)
        if structure is None:
            return FollowUp.objects.none()
        kind, pk = structure
        qs = qs.exclude(**{f"beneficiary__{kind}_id": pk})
    qs = annotate_caseload(qs.distinct(), today)
    if flt == "no_diagnostic":
        qs = qs.filter(has_diagnostic=False)
    elif flt == "overdue":
        qs = qs.filter(has_overdue=True)
    elif flt == "post_hire_ending":
        qs = qs.filter(
            status=FollowUpStatus.POST_HIRE,
            post_hire_until__lte=today + datetime.timedelta(days=POST_HIRE_ENDING_DAYS),
        )
    return qs.order_by("beneficiary__last_name", "beneficiary__first_name", "id")


def tasks_due(membership, today=None, horizon_days=14):
    """The référent's list: post-hire check-ins and 6-month outcomes due soon or late."""
    today = today or timezone.localdate()
    return (
        FollowUpTask.objects.filter(
            done_at__isnull=True,
            due_on__lte=today + datetime.timedelta(days=horizon_days),
            follow_up__members__membership=membership,
            follow_up__members__role="referent",
            follow_up__members__ended_on__isnull=True,
        )
        .select_related("follow_up__beneficiary")
        .order_by("due_on", "id")
    )


def no_solution_candidates(membership, today=None):
    """Open follow-ups with no action created or updated for 60 days: suggestions to submit."""
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=NO_SOLUTION_DAYS)
    recent = Action.objects.filter(objective__axis__follow_up=OuterRef("pk"), created_at__gte=since)
    return (
        follow_ups_visible(membership, Part.PLAN)
        .filter(
            status=FollowUpStatus.ACTIVE, started_on__lte=today - datetime.timedelta(days=NO_SOLUTION_DAYS)
        )
        .exclude(Exists(recent))
        .exclude(beneficiary__reviews__status=ReviewStatus.SUBMITTED)
        .select_related("beneficiary")
        .order_by("started_on", "id")
    )


def reviews(membership, status=""):
    ids = consents.visible_ids(membership, Part.PLAN)
    qs = SituationReview.objects.filter(beneficiary_id__in=ids).select_related("beneficiary")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-created_at", "id")


def indicators(membership, today=None):
    """Counts over the people this membership follows (docs/insertion.md defines each one)."""
    today = today or timezone.localdate()
    qs = follow_ups_visible(membership, Part.PLAN)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    closed = qs.filter(status=FollowUpStatus.CLOSED)
    outcomes = dict(
        closed.values_list("exit_outcome").annotate(n=Count("id")).values_list("exit_outcome", "n")
    )
    n_closed = sum(outcomes.values())
    due_6m = closed.filter(outcome_due_on__lte=today)
    known_6m = due_6m.exclude(outcome_6m="").count()
    with_diag = qs.filter(beneficiary__diagnostics__isnull=False).distinct().count()
    total = qs.count()

    def rate(part, whole):
        return round(100 * part / whole) if whole else None

    labels = dict(ExitOutcome.choices)
    return {
        "total": total,
        "active": by_status.get(FollowUpStatus.ACTIVE, 0),
        "post_hire": by_status.get(FollowUpStatus.POST_HIRE, 0),
        "closed": n_closed,
        "diagnostic_rate": rate(with_diag, total),
        "durable_rate": rate(sum(n for k, n in outcomes.items() if k in DURABLE_OUTCOMES), n_closed),
        "positive_rate": rate(sum(n for k, n in outcomes.items() if k in POSITIVE_OUTCOMES), n_closed),
        "outcomes": [(labels[k], outcomes.get(k, 0)) for k in ExitOutcome.values],
        "outcome_6m_known": known_6m,
        "outcome_6m_due": due_6m.count(),
        "no_solution": no_solution_candidates(membership, today).count(),
        "reviews_open": reviews(membership, ReviewStatus.SUBMITTED).count(),
        "overdue_actions": Action.objects.filter(
            objective__axis__follow_up__in=qs, status__in=OPEN_ACTION_STATUSES, due_on__lt=today
        ).count(),
        "actions_done": Action.objects.filter(
            objective__axis__follow_up__in=qs, status=ActionStatus.DONE
        ).count(),
    }
