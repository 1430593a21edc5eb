"""Retention of timesheet comments: kept 5 years after the month closed (pay and billing evidence)."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before

from .models import TimeEntry


@rule(
    "timesheets.old_comments",
    label=_("Relevés d'heures de plus de 5 ans : commentaires effacés"),
    covers=["timesheets.TimeEntry.comment"],
)
def old_comments(*, wet, today):
    # The month closes at its end at the earliest: entries of months ended 5 years ago.
    limit = years_before(today, 5).replace(day=1)
    return erase(TimeEntry.objects.filter(date__lt=limit), ["comment"], wet=wet)
