"""Billing pages: runs (start, follow, issue), invoices (list, detail, PDF, Factur-X), credit notes,
balances. GE staff read; director and planner write; a member contact reads its issued invoices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.billing import documents, exports, perms, selectors, services
from mutualis.billing.models import BillingRun, CreditNote, DocumentStatus, Invoice, RunStatus
from mutualis.www.tables import list_page

from .forms import CreditNoteForm, PeriodForm, RunForm, YearForm, default_month
from .tables import InvoiceFilter, InvoiceTable


def _require_staff(request):
    if not perms.can_view_billing(request.membership):
        raise Http404


def _require_write(request):
    _require_staff(request)
    if not perms.can_run_billing(request.membership):
        raise PermissionDenied(_("Votre rôle permet de consulter la facturation, pas de la modifier."))


def _get_invoice(request, public_id):
    invoice = get_object_or_404(
        scoped(Invoice, request.membership).select_related("member", "group", "run"), public_id=public_id
    )
    if not perms.can_view_invoice(request.membership, invoice):
        raise Http404
    return invoice


def _download(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Runs ---------------------------------------------------------------------------------


@login_required
def run_list(request):
    _require_staff(request)
    runs = scoped(BillingRun, request.membership).select_related("job").order_by("-month", "-id")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    form = RunForm(initial={"month": default_month(), "mode": "actual"})
    return render(
        request,
        "billing/run_list.html",
        {"page": page, "form": form, "can_write": perms.can_run_billing(request.membership)},
    )


@login_required
@require_POST
def run_start(request):
    _require_write(request)
    form = RunForm(request.POST)
    if not form.is_valid():
        runs = scoped(BillingRun, request.membership).select_related("job").order_by("-month", "-id")
        page = Paginator(runs, 25).get_page(1)
        return render(
            request, "billing/run_list.html", {"page": page, "form": form, "can_write": True}, status=400
        )
    run = services.start_run(
        group=request.current_group,
        month=form.cleaned_data["month"],
        mode=form.cleaned_data["mode"],
        user=request.user,
    )
    messages.success(request, _("Facturation lancée."))
    return redirect("billing:run_detail", public_id=run.public_id)


@login_required
def run_detail(request, public_id):
    _require_staff(request)
    run = get_object_or_404(scoped(BillingRun, request.membership).select_related("job"), public_id=public_id)
    invoices = run.invoices.select_related("member").order_by("member__name", "id")
    return render(
        request,
        "billing/run_detail.html",
        {
            "run": run,
            "invoices": invoices,
            "can_issue": perms.can_run_billing(request.membership)
            and run.status == RunStatus.DRAFTED
            and invoices.filter(status=DocumentStatus.DRAFT).exists(),
        },
    )


@login_required
@require_POST
def run_issue(request, public_id):
    _require_staff(request)
    run = get_object_or_404(scoped(BillingRun, request.membership), public_id=public_id)
    _require_write(request)
    try:
        issued = services.issue_run(run=run, user=request.user)
    except services.BillingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d facture(s) émise(s).") % {"n": len(issued)})
    return redirect("billing:run_detail", public_id=run.public_id)


# Invoices -----------------------------------------------------------------------------


@login_required
def invoice_list(request):
    membership = request.membership
    if membership is None or not (perms.can_view_billing(membership) or membership.member_id):
        raise Http404
    return list_page(
        request,
        queryset=scoped(Invoice, membership).select_related("member").order_by("-period", "number", "id"),
        filterset_class=InvoiceFilter,
        table_class=InvoiceTable,
        template="billing/invoice_list.html",
        export_name="factures",
        title=_("Factures"),
        context={"is_staff": perms.can_view_billing(membership)},
    )


@login_required
def invoice_detail(request, public_id):
    invoice = _get_invoice(request, public_id)
    membership = request.membership
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.order_by("position"),
            "credit_notes": scoped(CreditNote, membership).filter(invoice=invoice).order_by("id"),
            "payments": invoice.payments.order_by("received_on", "id")
            if perms.can_view_billing(membership)
            else [],
            "remaining": selectors.remaining_due(invoice)
            if invoice.status == DocumentStatus.ISSUED
            else None,
            "can_credit": perms.can_issue_credit_note(membership, invoice),
            "credit_form": CreditNoteForm(),
            "is_staff": perms.can_view_billing(membership),
        },
    )


@login_required
def invoice_pdf(request, public_id):
    invoice = _get_invoice(request, public_id)
    return _download(documents.render_pdf(invoice), f"facture-{invoice.number or 'brouillon'}.pdf")


@login_required
def invoice_facturx(request, public_id):
    invoice = _get_invoice(request, public_id)
    if invoice.status == DocumentStatus.DRAFT:
        raise Http404
    return _download(documents.render_facturx(invoice), f"facture-{invoice.number}-facturx.pdf")


@login_required
@require_POST
def credit_note_create(request, public_id):
    invoice = _get_invoice(request, public_id)  # 404 unless the invoice is visible
    if not perms.can_run_billing(request.membership):
        raise PermissionDenied(_("Votre rôle ne permet pas d'émettre un avoir."))
    form = CreditNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Le motif de l'avoir est obligatoire."))
        return redirect("billing:invoice_detail", public_id=invoice.public_id)
    try:
        note = services.issue_credit_note(
            invoice=invoice, reason=form.cleaned_data["reason"], user=request.user
        )
    except services.BillingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Avoir %(number)s émis.") % {"number": note.number})
    return redirect("billing:invoice_detail", public_id=invoice.public_id)


@login_required
def credit_note_pdf(request, public_id):
    note = get_object_or_404(
        scoped(CreditNote, request.membership).select_related("invoice", "member", "group"),
        public_id=public_id,
    )
    return _download(documents.render_facturx(note), f"avoir-{note.number}-facturx.pdf")


# Balances -----------------------------------------------------------------------------


@login_required
def balances(request):
    _require_staff(request)
    return render(
        request, "billing/balances.html", {"rows": selectors.member_balances(request.current_group)}
    )


@login_required
def aids_report(request):
    """Aids received on each member's behalf in a year (type, agreement number, amount)."""
    _require_staff(request)
    form = YearForm(request.GET or {"year": default_month().year})
    rows = (
        selectors.aids_per_member(request.current_group, form.cleaned_data["year"]) if form.is_valid() else []
    )
    return render(request, "billing/aids.html", {"form": form, "rows": rows})


@login_required
def accounting_export(request):
    """Accounting entries of the documents issued in a period: FEC text file (or the form)."""
    _require_staff(request)
    form = PeriodForm(request.GET or None)
    if request.GET and form.is_valid():
        group, start, end = request.current_group, form.cleaned_data["start"], form.cleaned_data["end"]
        response = HttpResponse(exports.fec(group, start, end), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{exports.fec_filename(group, end)}"'
        return response
    return render(
        request, "billing/accounting_export.html", {"form": form}, status=400 if request.GET else 200
    )
