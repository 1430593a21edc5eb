"""« Déposer sur la plateforme agréée » from an invoice or a credit note page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.billing.models import CreditNote, Invoice
from mutualis.core.access import ensure, permission
from mutualis.einvoicing import perms, selectors, services
from mutualis.einvoicing.connector import PAError, SimulatedPA, connector_for


def _send(request, document):
    try:
        services.request_send(document)
    except services.EInvoicingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(number)s est en cours de dépôt sur la plateforme agréée ; ses statuts s'afficheront ici.")
            % {"number": document.number},
        )


@permission(perms.can_send)
@require_POST
def invoice_send(request, public_id):
    invoice = get_object_or_404(scoped(Invoice, request.membership), public_id=public_id)
    ensure(perms.can_view_statuses(request.membership, invoice))
    _send(request, invoice)
    return redirect("billing:invoice_detail", public_id=invoice.public_id)


@permission(perms.can_send)
@require_POST
def credit_note_send(request, public_id):
    note = get_object_or_404(scoped(CreditNote, request.membership), public_id=public_id)
    ensure(perms.can_view_statuses(request.membership, note))
    _send(request, note)
    if note.invoice_id:
        return redirect("billing:invoice_detail", public_id=note.invoice.public_id)
    return redirect("billing:invoices")


def _deposited(request, public_id):
    invoice = get_object_or_404(scoped(Invoice, request.membership), public_id=public_id)
    ensure(perms.can_view_statuses(request.membership, invoice))
    deposit = selectors.deposit_of(invoice)
    if deposit is None or not deposit.flow_id:
        raise Http404
    return invoice, deposit


@permission(perms.can_send)
@require_POST
def invoice_refresh(request, public_id):
    """Ask the platform now (instead of waiting for the periodic pass): statuses, then « encaissée »."""
    invoice, deposit = _deposited(request, public_id)
    try:
        added = services.sync_statuses(deposit) + services.report_payments(deposit)
    except PAError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Statuts à jour : %(count)s nouveau(x) message(s) de la plateforme.") % {"count": len(added)},
        )
    return redirect("billing:invoice_detail", public_id=invoice.public_id)


@permission(perms.can_send)
@require_POST
def simulator_advance(request, public_id):
    """Demo only: the buyer's side of the simulated platform takes the invoice up to « approuvée »."""
    invoice, deposit = _deposited(request, public_id)
    pa = connector_for(invoice.group)
    if not isinstance(pa, SimulatedPA):
        raise Http404
    pa.advance(deposit.tracking_id)
    services.sync_statuses(deposit, connector=pa)
    messages.success(request, _("Simulateur : l'adhérent a reçu et approuvé la facture."))
    return redirect("billing:invoice_detail", public_id=invoice.public_id)
