from mutualis.accounts.tenancy import scoped

from .models import Job, JobStatus


def jobs_visible_to(membership, *, status=None):
    """The jobs a membership may see (staff: the GE's; others: their own), newest first."""
    qs = scoped(Job, membership).select_related("owner")
    if status in JobStatus.values:
        qs = qs.filter(status=status)
    return qs
