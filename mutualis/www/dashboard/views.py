from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from mutualis.accounts.tenancy import scoped
from mutualis.employees.models import Contract, ContractKind, Employee
from mutualis.jobs.models import Job, JobStatus
from mutualis.members.models import Member
from mutualis.needs.models import Need, NeedStatus
from mutualis.timesheets.enums import TimesheetStatus
from mutualis.timesheets.models import Timesheet


@login_required
def home(request):
    membership = request.membership
    context = {"membership": membership}
    if membership is not None and membership.is_staff_role:
        members = scoped(Member, membership).active()
        employees = scoped(Employee, membership).active()
        contracts = scoped(Contract, membership).active()
        public, total = membership.group.public_body_share()
        context.update(
            members_count=members.count(),
            employees_count=employees.count(),
            cdi_count=contracts.filter(kind=ContractKind.CDI).values("employee").distinct().count(),
            public_bodies=public,
            public_bodies_exceed_half=total > 0 and public * 2 > total,
            todo=_todo(membership),
        )
    return render(request, "www/home.html", context)


def _todo(membership):
    """What is waiting for the GE's staff today, each with the page where it is done."""
    from mutualis.billing.selectors import unpaid_invoices

    today = timezone.localdate()
    last_month = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    waiting = scoped(Timesheet, membership).for_month(last_month)
    unpaid = unpaid_invoices(membership.group, today)
    return {
        "open_needs": scoped(Need, membership).filter(status=NeedStatus.OPEN).count(),
        "last_month": last_month,
        "timesheets_waiting": waiting.exclude(
            status__in=[TimesheetStatus.VALIDATED, TimesheetStatus.CLOSED]
        ).count(),
        "unpaid_count": len(unpaid),
        "unpaid_late": sum(1 for row in unpaid if row["days_late"] > 0),
        "jobs_running": scoped(Job, membership)
        .filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .count(),
    }
