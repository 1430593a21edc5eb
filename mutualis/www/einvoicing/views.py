"""E-invoicing pages: « Déposer » from a document page, the GE's platform settings, the follow-up of
documents to look at, and the PA's status notifications (webhook)."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.billing.models import CreditNote, Invoice
from mutualis.core.access import ensure, permission, public
from mutualis.einvoicing import perms, selectors, services
from mutualis.einvoicing.connector import PAError, SimulatedPA, connector_for
from mutualis.employer_groups.models import EmployerGroup

from .forms import PlatformSettingsForm

log = logging.getLogger(__name__)
DIRECTOR_ONLY = gettext_lazy("Seul le directeur ou la directrice modifie la plateforme agréée du groupement.")


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


@permission(perms.can_view_platform_settings)
def platform_settings(request):
    """The GE's approved platform: URL, OAuth2 client, delegation; secrets only said « défini »."""
    group = request.current_group
    platform = services.platform_settings(group)
    can_edit = perms.can_edit_platform_settings(request.membership)
    form = PlatformSettingsForm(instance=platform)
    status = 200
    if request.method == "POST":
        ensure(can_edit, message=DIRECTOR_ONLY)
        form = PlatformSettingsForm(request.POST, instance=services.platform_settings(group))
        if form.is_valid():
            try:
                services.save_platform_settings(group, data=form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Réglages de la plateforme agréée enregistrés."))
                return redirect("einvoicing:settings")
        status = 400
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "einvoicing/settings.html",
        {"form": form, "platform": platform, "can_edit": can_edit, "webhook_path": _webhook_path(group)},
        status=status,
    )


def _webhook_path(group):
    from django.urls import reverse

    return reverse("einvoicing:webhook", args=[group.public_id])


@permission(perms.can_view_platform_settings)
@require_POST
def platform_test(request):
    """« Tester la connexion »: a token, then the health check, with a French result."""
    ok, message = services.check_connection(request.current_group)
    (messages.success if ok else messages.error)(request, message)
    return redirect("einvoicing:settings")


@permission(perms.can_view_dashboard)
def dashboard(request):
    """Documents to look at: waiting to be sent, refused by the member, rejected by a platform."""
    return render(request, "einvoicing/dashboard.html", services.attention_needed(request.current_group))


@public
@csrf_exempt
@require_POST
def webhook(request, group_id):
    """The PA tells us a flow changed (signed with the GE's key). 401 when the signature, or its
    timestamp, does not hold; 202 otherwise, the statuses being read by a background task."""
    group = EmployerGroup.objects.filter(public_id=group_id).first()
    if group is None:
        return HttpResponse(status=404)
    try:
        deposit = services.receive_webhook(
            group,
            body=request.body,
            timestamp=request.headers.get("X-Mutualis-Timestamp", ""),
            signature=request.headers.get("X-Mutualis-Signature", ""),
        )
    except services.WebhookRefused as exc:
        log.warning("Webhook of group %s refused: %s", group.pk, exc)
        return JsonResponse({"detail": "signature invalide ou expirée"}, status=401)
    return JsonResponse({"accepted": deposit is not None}, status=202)
