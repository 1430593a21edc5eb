"""What the pages and the API show about a document's e-invoicing."""

from django.conf import settings

from mutualis.billing import documents

from .models import Deposit, StatusEvent
from .services import scope_explanation


def deposit_of(document):
    field = "credit_note" if documents.is_credit_note(document) else "invoice"
    return Deposit.objects.filter(**{field: document}).first()


def journal(document):
    deposit = deposit_of(document)
    if deposit is None:
        return []
    return list(StatusEvent.objects.filter(deposit=deposit).order_by("occurred_at", "pk"))


def panel(document):
    """The e-invoicing box of a document page: rule, why, deposit state, the status timeline."""
    rule = documents.processing_rule(document)
    return {
        "rule": rule,
        "rule_label": documents.PROCESSING_RULE_LABELS[rule],
        "explanation": scope_explanation(document),
        "deposit": deposit_of(document),
        "events": journal(document),
        "sendable": rule == "B2B" and document.status == "issued",
        "simulator": settings.MUTUALIS_PA_CONNECTOR == "simulator",
    }
