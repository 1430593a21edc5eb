"""Reads of funding calls and applications, with what their pages and the API need loaded."""

from decimal import Decimal

from django.db.models import Prefetch, Sum

from mutualis.accounts.tenancy import scoped

from .models import FundingApplication, FundingCall, Indicator


def call_list():
    return FundingCall.objects.order_by("short_name", "-version", "id")


def current_calls():
    return call_list().filter(is_active=True)


def application_list(membership):
    return scoped(FundingApplication, membership).select_related("call", "group", "organisation")


def application_full(membership):
    """Applications with everything the detail, the check and the exports read (no N+1)."""
    return application_list(membership).prefetch_related(
        "budget_lines",
        "sources",
        "consortium",
        "evidence",
        "expenses",
        Prefetch("axes__indicators", queryset=Indicator.objects.prefetch_related("reports")),
    )


def spending(application):
    """Per budget line: budgeted, spent, remaining and the share spent; plus the totals."""
    spent = dict(application.expenses.values_list("budget_line_id").annotate(total=Sum("amount")).order_by())
    rows = []
    for line in application.budget_lines.all():
        used = spent.get(line.pk) or Decimal("0.00")
        rows.append(
            {
                "line": line,
                "budgeted": line.amount,
                "spent": used,
                "remaining": line.amount - used,
                "pct": (used * 100 / line.amount).quantize(Decimal("0.1")) if line.amount else Decimal("0"),
            }
        )
    budgeted = sum((r["budgeted"] for r in rows), Decimal("0"))
    total_spent = sum((r["spent"] for r in rows), Decimal("0"))
    return {"rows": rows, "budgeted": budgeted, "spent": total_spent, "remaining": budgeted - total_spent}
