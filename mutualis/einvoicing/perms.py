"""Who may see the e-invoicing journal and send a document: the same people as for billing."""

from mutualis.accounts.roles import Role
from mutualis.billing import perms as billing_perms


def can_view_statuses(membership, document) -> bool:
    """Whoever sees the document (GE staff; the member contact for its own issued documents)."""
    return billing_perms.can_view_invoice(membership, document)


def can_send(membership) -> bool:
    """Director and accountant, who issue the documents."""
    return billing_perms.can_run_billing(membership)


def can_view_platform_settings(membership) -> bool:
    """The GE's PA settings (never its secrets): director and accountant."""
    return billing_perms.can_run_billing(membership)


def can_edit_platform_settings(membership) -> bool:
    """Only the director changes the platform, its credentials and « tester la connexion »."""
    return membership is not None and membership.role == Role.DIRECTOR


def can_view_dashboard(membership) -> bool:
    """What waits, was refused or rejected: the director and the accountant, who act on it."""
    return billing_perms.can_run_billing(membership)
