"""Access cases of e-invoicing (issue 19): deposit buttons, the status journal and `send` in the API."""

from tests.access.matrix import NOBODY, STAFF_A, Case

_FINANCE_A = frozenset({"director_a", "accountant_a"})
# Pages of « the current GE » (no object in the URL): each GE's finance staff opens its own.
_FINANCE = _FINANCE_A | {"director_b", "accountant_b"}
_DIRECTORS = frozenset({"director_a", "director_b"})
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


def _settings_data(w):
    return {"base_url": "https://pa.example.org/flow-service", "client_id": "ge-a", "client_secret": "s"}


def _group(w):
    return {"group_id": w.group_a.public_id}


CASES = {
    # The GE's approved platform: director writes, accountant reads (and may test the connection).
    "einvoicing:settings": Case(read=_FINANCE, write=_DIRECTORS, methods=("POST",), data=_settings_data),
    "einvoicing:settings_test": Case(get=False, write=_FINANCE, methods=("POST",)),
    "einvoicing:dashboard": Case(read=_FINANCE),
    # The PA's notifications: public, but only a body signed with the GE's key is taken (none here).
    "einvoicing:webhook": Case(
        kwargs=_group, get=False, write=NOBODY, methods=("POST",), data=lambda w: {"trackingId": "x"}
    ),
    "api:einvoicing-settings-list": Case(
        read=_FINANCE, write=_DIRECTORS, methods=("POST",), data=_settings_data, api=True
    ),
    "api:einvoicing-settings-test-connection": Case(get=False, write=_FINANCE, methods=("POST",), api=True),
    "api:einvoicing-dashboard-list": Case(read=_FINANCE, api=True),
    "einvoicing:invoice_send": Case(kwargs=_invoice, get=False, write=_FINANCE_A, methods=("POST",)),
    "einvoicing:credit_note_send": Case(kwargs=_credit_note, get=False, write=_FINANCE_A, methods=("POST",)),
    "einvoicing:invoice_refresh": Case(
        kwargs=_deposited_invoice, get=False, write=_FINANCE_A, methods=("POST",)
    ),
    "einvoicing:simulator_advance": Case(
        kwargs=_deposited_invoice, get=False, write=_FINANCE_A, methods=("POST",)
    ),
    # The UBL export of the same document: the document's readers (a contact, its member's issued ones).
    "billing:invoice_ubl": Case(kwargs=_invoice, read=_INVOICE_READERS_A),
    "billing:credit_note_ubl": Case(kwargs=_credit_note, read=_INVOICE_READERS_A),
    "api:invoice-ubl": Case(kwargs=_invoice, read=_INVOICE_READERS_A, api=True),
    "api:credit-note-ubl": Case(kwargs=_credit_note, read=_INVOICE_READERS_A, api=True),
    "api:invoice-statuses": Case(kwargs=_invoice, read=_INVOICE_READERS_A, api=True),
    "api:invoice-send": Case(kwargs=_invoice, get=False, write=_FINANCE_A, methods=("POST",), api=True),
    "api:credit-note-statuses": Case(kwargs=_credit_note, read=_INVOICE_READERS_A, api=True),
    "api:credit-note-send": Case(
        kwargs=_credit_note, get=False, write=_FINANCE_A, methods=("POST",), api=True
    ),
}
