"""Shared steps of the billing tests: bill a month and issue it."""

from mutualis.billing import services
from mutualis.billing.models import BillingRun
from tests.billing.conftest import month_lines


def bill(p, month, hours, a1="10", a2="5", lines=None):
    hours(p.group_a, month, lines if lines is not None else month_lines(p, month, a1=a1, a2=a2))
    run = BillingRun.objects.create(group=p.group_a, month=month)
    services.execute_run(run_id=run.pk)
    return services.issue_run(run=BillingRun.objects.get(pk=run.pk))
