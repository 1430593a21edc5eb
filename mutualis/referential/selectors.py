"""Reads of the referential for the pickers and the API."""

from django.db.models import Q

from mutualis.employees.models import Skill

from .models import JobSheet

PICKER_LIMIT = 30


def job_choices(query, limit=PICKER_LIMIT):
    """Jobs matching `query` (code, label or a common title), with their titles prefetched."""
    return JobSheet.objects.search(query).select_related("family").prefetch_related("appellations")[:limit]


def job_label(code):
    job = JobSheet.objects.filter(code=(code or "").strip().upper()).first()
    return str(job) if job else (code or "")


def skills_for(group):
    """The shipped skills and the GE's own ones (never another GE's)."""
    condition = Q(group__isnull=True)
    if group is not None:
        condition |= Q(group=group)
    return Skill.objects.filter(condition)


def skill_choices(group, query="", kind=None, limit=PICKER_LIMIT):
    rows = skills_for(group)
    if kind:
        rows = rows.filter(kind=kind)
    query = (query or "").strip()
    if query:
        rows = rows.filter(Q(label__icontains=query) | Q(code__istartswith=query))
    return rows.order_by("kind", "label", "id")[:limit]
