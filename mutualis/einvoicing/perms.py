"""Who may see the e-invoicing journal and send a document: the same people as for billing."""

from mutualis.billing import perms as billing_perms


def can_view_statuses(membership, document) -> bool:
    """Whoever sees the document (GE staff; the member contact for its own issued documents)."""
    return billing_perms.can_view_invoice(membership, document)


def can_send(membership) -> bool:
    """Director and accountant, who issue the documents."""
    return billing_perms.can_run_billing(membership)
