"""Retention of absences: their reason and comment go with the employee's anonymisation (5 years
after her last contract): a sickness becomes « autre absence », the comment is emptied."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import rule
from mutualis.employees.retention import ANONYMOUS, on_anonymise

from .enums import AbsenceKind
from .models import Absence


def _revealing(queryset):
    return queryset.filter(~Q(comment="") | ~Q(kind__in=[AbsenceKind.OTHER, AbsenceKind.PAID_LEAVE]))


@on_anonymise
def erase_absences(employee_ids):
    _revealing(Absence.objects.filter(employee_id__in=employee_ids)).update(
        kind=AbsenceKind.OTHER, comment=""
    )


@rule(
    "planning.absences_of_anonymised_employees",
    label=_("Absences des salariés anonymisés : motif et commentaire effacés"),
    covers=["planning.Absence.kind", "planning.Absence.comment"],
)
def absences_rule(*, wet, today):
    rows = _revealing(Absence.objects.filter(employee__last_name=ANONYMOUS))
    count = rows.count()
    if wet and count:
        rows.update(kind=AbsenceKind.OTHER, comment="")
    return count
