"""Reads of needs, runs and positions. Pages go through `scoped`; background jobs through the group."""

from django.db.models import Q

from mutualis.accounts.tenancy import scoped

from .models import ConsolidationRun, Need, NeedStatus, Position

# Statuses a consolidation takes by default: needs still waiting for a position.
CONSOLIDABLE_STATUSES = (NeedStatus.OPEN,)
FILTER_KEYS = frozenset({"members", "rome_codes", "job", "cities", "campaign", "statuses", "needs"})


def filter_needs(qs, filters):
    """Apply a selection (a JSON-able dict, stored on a run) to a Need queryset.

    Keys: `members` (public ids), `rome_codes`, `job` (text in the job title), `cities` (communes of
    the site or of the census answer), `campaign` (public id), `statuses` (default: open), `needs`
    (explicit public ids). Unknown keys are ignored.
    """
    filters = filters or {}
    statuses = filters.get("statuses") or list(CONSOLIDABLE_STATUSES)
    qs = qs.filter(status__in=statuses)
    if filters.get("needs"):
        qs = qs.filter(public_id__in=filters["needs"])
    if filters.get("members"):
        qs = qs.filter(member__public_id__in=filters["members"])
    if filters.get("rome_codes"):
        qs = qs.filter(rome_code__in=filters["rome_codes"])
    if filters.get("job"):
        qs = qs.filter(job_title__icontains=filters["job"])
    if filters.get("cities"):
        cities = Q()
        for city in filters["cities"]:
            cities |= Q(site__city__iexact=city) | Q(site__isnull=True, city__iexact=city)
        qs = qs.filter(cities)
    if filters.get("campaign"):
        qs = qs.filter(
            declaration__campaign__public_id=filters["campaign"], declaration__confirmed_at__isnull=False
        )
    return qs


def needs_of_group(group, filters=None):
    """The group's needs matching a run's selection (used by the background job, which has no request)."""
    return filter_needs(Need.objects.filter(group=group), filters)


def needs_visible_to(membership, filters=None):
    return filter_needs(scoped(Need, membership), filters)


def need_list(membership):
    """Needs a membership may see; census answers count once their e-mail link was followed."""
    return (
        scoped(Need, membership)
        .exclude(declaration__isnull=False, declaration__confirmed_at__isnull=True)
        .select_related("member", "site", "declaration")
        .prefetch_related("slots", "windows", "skills")
    )


def runs_visible_to(membership):
    return scoped(ConsolidationRun, membership).select_related("created_by", "job", "study_pdf_job")


def positions_visible_to(membership):
    return scoped(Position, membership).prefetch_related("members", "needs")


WAITING_NEED_STATUSES = ("open", "consolidated")


def members_waiting(group):
    """Members with needs not yet filled, most needs first (the GE week's summary)."""
    from django.db.models import Count

    return list(
        Need.objects.filter(group=group, member__isnull=False, status__in=WAITING_NEED_STATUSES)
        .values("member__public_id", "member__name")
        .annotate(needs=Count("id"))
        .order_by("-needs", "member__name")
    )
