"""Access cases of e-invoicing (issue 19): deposit buttons, the status journal and `send` in the API."""

from tests.access.matrix import STAFF_A, Case

_FINANCE_A = frozenset({"director_a", "accountant_a"})
_INVOICE_READERS_A = STAFF_A | {"contact_a1"}


def _invoice(w):
    from tests.access.cases import _invoice_a1

    return {"public_id": _invoice_a1(w).public_id}


def _credit_note(w):
    from tests.access.cases import _credit_note_a1

    return {"public_id": _credit_note_a1(w).public_id}


def _deposited_invoice(w):
    """The access invoice, deposited with a simulator whose file lives in the test's var dir."""
    from mutualis.einvoicing import services
    from tests.access.cases import _invoice_a1

    invoice = _invoice_a1(w)
    services.deposit(services.request_send(invoice).pk)
    return {"public_id": invoice.public_id}


CASES = {
    "einvoicing:invoice_send": Case(kwargs=_invoice, get=False, write=_FINANCE_A, methods=("POST",)),
    "einvoicing:credit_note_send": Case(kwargs=_credit_note, get=False, write=_FINANCE_A, methods=("POST",)),
    "einvoicing:invoice_refresh": Case(
        kwargs=_deposited_invoice, get=False, write=_FINANCE_A, methods=("POST",)
    ),
    "einvoicing:simulator_advance": Case(
        kwargs=_deposited_invoice, get=False, write=_FINANCE_A, methods=("POST",)
    ),
    "api:invoice-statuses": Case(kwargs=_invoice, read=_INVOICE_READERS_A, api=True),
    "api:invoice-send": Case(kwargs=_invoice, get=False, write=_FINANCE_A, methods=("POST",), api=True),
    "api:credit-note-statuses": Case(kwargs=_credit_note, read=_INVOICE_READERS_A, api=True),
    "api:credit-note-send": Case(
        kwargs=_credit_note, get=False, write=_FINANCE_A, methods=("POST",), api=True
    ),
}
