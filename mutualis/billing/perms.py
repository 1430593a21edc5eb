"""Who may do what in billing. Reads go through scoped querysets (models.DocumentQuerySet)."""

from mutualis.accounts.roles import STAFF_ROLES, Role

from .models import DocumentStatus

# Billing is the finance side of the GE: the director and the accountant write it (runs, issuing,
# credit notes, payments, reminders, rates, the true-up); the planner and the others read.
FINANCE_ROLES = frozenset({Role.DIRECTOR, Role.ACCOUNTANT})


def can_view_billing(membership) -> bool:
    """GE staff see runs, rates and every invoice; the accountant reads only."""
    return membership is not None and membership.role in STAFF_ROLES


def can_run_billing(membership) -> bool:
    """Start, retry or remove a run, issue drafts, issue credit notes: director and accountant
    (the planner prepares the months and reads billing; see docs/billing.md, « Who does what »)."""
    return membership is not None and membership.role in FINANCE_ROLES


def can_list_invoices(membership) -> bool:
    """The invoice list: GE staff (every invoice), a member contact (its member's issued ones)."""
    return membership is not None and (can_view_billing(membership) or bool(membership.member_id))


def can_view_invoice(membership, invoice) -> bool:
    """Staff of the invoice's GE; a member contact for its own member's issued documents."""
    if membership is None or invoice.group_id != membership.group_id:
        return False
    if membership.role in STAFF_ROLES:
        return True
    return (
        membership.role == Role.MEMBER_CONTACT
        and invoice.member_id == membership.member_id
        and invoice.status != DocumentStatus.DRAFT
    )


def can_issue_credit_note(membership, invoice) -> bool:
    return (
        can_run_billing(membership)
        and invoice.group_id == membership.group_id
        and invoice.status == DocumentStatus.ISSUED
    )


# Billing settings (rates, costs, fees, reference pay), payments, reminders and the true-up are the
# finance side: the director and the accountant write them; the planner reads.


def can_edit_billing_settings(membership) -> bool:
    """Dated rates, cost parameters, membership fees, yearly costs, reference pay, GE settings."""
    return membership is not None and membership.role in FINANCE_ROLES


def can_record_payment(membership, invoice=None) -> bool:
    if not can_edit_billing_settings(membership):
        return False
    return invoice is None or (
        invoice.group_id == membership.group_id and invoice.status == DocumentStatus.ISSUED
    )


def can_send_reminders(membership) -> bool:
    return can_edit_billing_settings(membership)


def can_apply_true_up(membership) -> bool:
    return can_edit_billing_settings(membership)
