"""The full working-time check of a GE as a background job (see mutualis/jobs/registry.py).

The GE-wide week checks only the displayed week (fast); this job checks every employee over 12
weeks with the 12-week average, by chunks of employees, and reports progress.
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutualis.jobs.registry import register

KIND = "planning.full_check"
CHUNK = 100
WEEKS = 12
MAX_LISTED = 500


@register(KIND, label=gettext_lazy("Vérification complète du planning"))
def run_full_check(job, progress):
    from mutualis.employees.models import Employee

    from . import grouping, selectors

    group = job.group
    monday = dt.date.fromisoformat(job.params["monday"])
    start = monday - dt.timedelta(weeks=WEEKS - 1)
    end = monday + dt.timedelta(days=6)
    employees = list(
        Employee.objects.filter(group=group, archived_at__isnull=True)
        .order_by("last_name", "first_name", "id")
        .values_list("pk", "first_name", "last_name", "public_id")
    )
    listed, total = [], 0
    for index in range(0, len(employees), CHUNK):
        chunk = employees[index : index + CHUNK]
        names = {pk: (f"{first} {last}", str(public_id)) for pk, first, last, public_id in chunk}
        found = selectors.check_employees(group=group, start=start, end=end, employee_ids=list(names))
        for employee_id, violations in found.items():
            total += len(violations)
            name, public_id = names[employee_id]
            for row in grouping.group(violations):
                if len(listed) < MAX_LISTED:
                    listed.append(
                        {
                            "employee": name,
                            "employee_id": public_id,
                            "rule": str(row["label"]),
                            "message": row["message"],
                        }
                    )
        done = min(len(employees), index + CHUNK)
        progress(
            done * 100 // max(1, len(employees)),
            _("%(done)d salariés sur %(total)d") % {"done": done, "total": len(employees)},
        )
    from django.urls import reverse

    return {
        "link": reverse("planning:check_result", args=[job.public_id]),
        "summary": _(
            "%(count)d infraction(s) sur les %(weeks)d semaines jusqu'au %(end)s, pour %(employees)d salariés."
        )
        % {"count": total, "weeks": WEEKS, "end": end.strftime("%d/%m/%Y"), "employees": len(employees)},
        "violations": listed,
    }
