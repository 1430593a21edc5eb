"""Billing pages: runs (start, follow, issue), invoices (list, detail, PDF, Factur-X), credit notes,
balances. GE staff read; director and planner write; a member contact reads its issued invoices."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.billing import compute, documents, exports, perms, reports, selectors, services, ubl
from mutualis.billing import jobs as billing_jobs
from mutualis.billing.models import BillingRun, CreditNote, DocumentStatus, Invoice, RunStatus
from mutualis.core import spreadsheets
from mutualis.core.access import ensure, has_membership, permission
from mutualis.einvoicing import perms as einvoicing_perms
from mutualis.einvoicing import selectors as einvoicing_selectors
from mutualis.employer_groups.models import VatRegime
from mutualis.members.models import Member
from mutualis.www.tables import EXPORT_FORMATS, EXPORT_PARAM, list_page

from . import charts, forms
from .forms import CreditNoteForm, RunForm, YearForm, default_month
from .tables import InvoiceFilter, InvoiceTable

BILLING_READ_ONLY = _lazy("Votre rôle permet de consulter la facturation, pas de la modifier.")
FINANCE_ONLY = _lazy("Seules la direction et la comptabilité modifient les paramètres et les encaissements.")


def _get_invoice(request, public_id):
    invoice = get_object_or_404(
        scoped(Invoice, request.membership).select_related("member", "group", "run"), public_id=public_id
    )
    ensure(visible=perms.can_view_invoice(request.membership, invoice))
    return invoice


def _download(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Runs ---------------------------------------------------------------------------------


@permission(perms.can_view_billing)
def run_list(request):
    runs = scoped(BillingRun, request.membership).select_related("job").order_by("-month", "-id")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    form = RunForm(initial={"month": default_month(), "mode": "actual"})
    return render(
        request,
        "billing/run_list.html",
        {"page": page, "form": form, "can_write": perms.can_run_billing(request.membership)},
    )


@permission(perms.can_run_billing, visible=perms.can_view_billing, message=BILLING_READ_ONLY)
@require_POST
def run_start(request):
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


def _cause_fix(code, run):
    """(link label, URL) of the page that fixes a cause of a blocked run."""
    month = {"year": run.month.year, "month": run.month.month}
    settings_url = reverse("billing:settings")
    fixes = {
        compute.Cause.HOURS_NOT_VALIDATED: (
            _("Relancer les adhérents ou clôturer le mois"),
            reverse("timesheets:overview", kwargs=month),
        ),
        compute.Cause.UNUSUAL_HOURS: (
            _("Revoir les heures inhabituelles et clôturer le mois"),
            reverse("timesheets:overview", kwargs=month),
        ),
        compute.Cause.NO_CONTRACT: (_("Compléter les contrats des salariés"), reverse("employees:list")),
        compute.Cause.COST_PARAMETERS: (
            _("Saisir les paramètres de coût"),
            reverse("billing:rate_create", kwargs={"kind": "couts"}),
        ),
        compute.Cause.MINIMUM_WAGE: (_("Compléter le barème du SMIC"), reverse("billing:minimum_wages")),
        compute.Cause.BELOW_COST: (
            _("Revoir les coefficients et taux"),
            f"{settings_url}#rates-coefficients",
        ),
        compute.Cause.SUBSIDY: (_("Revoir les subventions"), f"{settings_url}#rates-subventions"),
        compute.Cause.TRUE_UP: (_("Saisir les coûts annuels réels"), f"{settings_url}#rates-couts-annuels"),
    }
    return fixes.get(code, (_("Voir les paramètres de facturation"), settings_url))


@permission(perms.can_view_billing)
def run_detail(request, public_id):
    run = get_object_or_404(scoped(BillingRun, request.membership).select_related("job"), public_id=public_id)
    run = billing_jobs.reap_if_lost(run)
    invoices = run.invoices.select_related("member").order_by("member__name", "id")
    causes = []
    if run.status == RunStatus.BLOCKED:
        for cause in selectors.run_causes(run):
            cause["fix_label"], cause["fix_url"] = _cause_fix(cause["code"], run)
            causes.append(cause)
    can_write = perms.can_run_billing(request.membership)
    count, total_excl, total_incl = services.run_totals(run)
    return render(
        request,
        "billing/run_detail.html",
        {
            "run": run,
            "invoices": invoices,
            "causes": causes,
            "can_issue": can_write and run.status == RunStatus.DRAFTED and count > 0,
            "can_retry": can_write and run.status in (RunStatus.BLOCKED, RunStatus.FAILED),
            "can_delete": can_write and run.status != RunStatus.PENDING and not invoices.exists(),
            "draft_count": count,
            "draft_total_excl": total_excl,
            "draft_total_incl": total_incl,
        },
    )


@permission(perms.can_view_billing)
@require_POST
def run_issue(request, public_id):
    run = get_object_or_404(scoped(BillingRun, request.membership), public_id=public_id)
    ensure(perms.can_run_billing(request.membership), message=BILLING_READ_ONLY)
    count, _excl, total = services.run_totals(run)
    if request.POST.get("confirm") != "on":
        messages.error(
            request,
            _("Cochez la confirmation pour émettre les %(n)d facture(s) (%(total)s € TTC).")
            % {"n": count, "total": number_format(total, 2, force_grouping=True)},
        )
        return redirect("billing:run_detail", public_id=run.public_id)
    try:
        issued = services.issue_run(run=run, user=request.user)
    except services.BillingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(n)d facture(s) émise(s) pour %(total)s € TTC.")
            % {"n": len(issued), "total": number_format(total, 2, force_grouping=True)},
        )
    return redirect("billing:run_detail", public_id=run.public_id)


@permission(perms.can_view_billing)
@require_POST
def run_retry(request, public_id):
    run = get_object_or_404(scoped(BillingRun, request.membership), public_id=public_id)
    ensure(perms.can_run_billing(request.membership), message=BILLING_READ_ONLY)
    try:
        services.retry_run(run=run, user=request.user)
    except services.BillingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Calcul relancé."))
    return redirect("billing:run_detail", public_id=run.public_id)


@permission(perms.can_view_billing)
@require_POST
def run_delete(request, public_id):
    run = get_object_or_404(scoped(BillingRun, request.membership), public_id=public_id)
    ensure(perms.can_run_billing(request.membership), message=BILLING_READ_ONLY)
    try:
        services.delete_run(run=run, user=request.user)
    except services.BillingRefused as exc:
        messages.error(request, str(exc))
        return redirect("billing:run_detail", public_id=run.public_id)
    messages.success(request, _("Facturation supprimée."))
    return redirect("billing:runs")


# Invoices -----------------------------------------------------------------------------


@permission(perms.can_list_invoices)
def invoice_list(request):
    membership = request.membership
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


@permission(has_membership)
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
            "can_pay": perms.can_record_payment(membership, invoice) and selectors.remaining_due(invoice) > 0
            if invoice.status == DocumentStatus.ISSUED
            else False,
            "credit_form": CreditNoteForm(),
            "partial_form": forms.PartialCreditNoteForm(lines=list(invoice.lines.order_by("position"))),
            "is_staff": perms.can_view_billing(membership),
            # E-invoicing (issue 19): processing rule, why, deposit and status timeline.
            "einvoicing": einvoicing_selectors.panel(invoice)
            if invoice.status == DocumentStatus.ISSUED
            else None,
            "can_send_einvoice": einvoicing_perms.can_send(membership),
        },
    )


@permission(has_membership)
def invoice_pdf(request, public_id):
    invoice = _get_invoice(request, public_id)
    return _download(documents.render_pdf(invoice), f"facture-{invoice.number or 'brouillon'}.pdf")


@permission(has_membership)
def invoice_facturx(request, public_id):
    invoice = _get_invoice(request, public_id)
    if invoice.status == DocumentStatus.DRAFT:
        raise Http404
    return _download(documents.render_facturx(invoice), f"facture-{invoice.number}-facturx.pdf")


@permission(has_membership)
@require_POST
def credit_note_create(request, public_id):
    invoice = _get_invoice(request, public_id)  # 404 unless the invoice is visible
    ensure(
        perms.can_run_billing(request.membership), message=_("Votre rôle ne permet pas d'émettre un avoir.")
    )
    lines = None
    if request.POST.get("partiel-reason") is not None:
        form = forms.PartialCreditNoteForm(request.POST, lines=list(invoice.lines.order_by("position")))
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("billing:invoice_detail", public_id=invoice.public_id)
        lines = form.credit_lines()
    else:
        form = CreditNoteForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Le motif de l'avoir est obligatoire."))
            return redirect("billing:invoice_detail", public_id=invoice.public_id)
    try:
        note = services.issue_credit_note(
            invoice=invoice, reason=form.cleaned_data["reason"], lines=lines, user=request.user
        )
    except services.BillingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Avoir %(number)s émis.") % {"number": note.number})
    return redirect("billing:invoice_detail", public_id=invoice.public_id)


@permission(has_membership)
def credit_note_pdf(request, public_id):
    note = get_object_or_404(
        scoped(CreditNote, request.membership).select_related("invoice", "member", "group"),
        public_id=public_id,
    )
    return _download(documents.render_facturx(note), f"avoir-{note.number}-facturx.pdf")


def _download_xml(data, filename):
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission(has_membership)
def invoice_ubl(request, public_id):
    """The same invoice in UBL 2.1 (EN 16931 + French rules), for software that reads UBL."""
    invoice = _get_invoice(request, public_id)
    if invoice.status == DocumentStatus.DRAFT:
        raise Http404
    return _download_xml(ubl.ubl_xml(invoice), f"facture-{invoice.number}-ubl.xml")


@permission(has_membership)
def credit_note_ubl(request, public_id):
    note = get_object_or_404(
        scoped(CreditNote, request.membership).select_related("invoice", "member", "group"),
        public_id=public_id,
    )
    return _download_xml(ubl.ubl_xml(note), f"avoir-{note.number}-ubl.xml")


# Balances -----------------------------------------------------------------------------


@permission(perms.can_view_billing)
def balances(request):
    return render(
        request, "billing/balances.html", {"rows": selectors.member_balances(request.current_group)}
    )


@permission(perms.can_view_billing)
def aids_report(request):
    """Aids received on each member's behalf in a year (type, agreement number, amount)."""
    form = YearForm(request.GET or {"year": default_month().year})
    rows = (
        selectors.aids_per_member(request.current_group, form.cleaned_data["year"]) if form.is_valid() else []
    )
    return render(request, "billing/aids.html", {"form": form, "rows": rows})


@permission(perms.can_view_billing)
def accounting_export(request):
    """Accounting entries of the documents issued in a period: FEC text file or CSV (or the form)."""
    form = forms.AccountingExportForm(request.GET or None)
    if request.GET and form.is_valid():
        group, start, end = request.current_group, form.cleaned_data["start"], form.cleaned_data["end"]
        if form.cleaned_data["layout"] == "csv":
            response = HttpResponse(
                exports.entries_csv(group, start, end), content_type=EXPORT_FORMATS["csv"]
            )
            filename = f"ecritures-{start:%Y%m%d}-{end:%Y%m%d}.csv"
        else:
            response = HttpResponse(exports.fec(group, start, end), content_type="text/plain; charset=utf-8")
            filename = exports.fec_filename(group, end)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request, "billing/accounting_export.html", {"form": form}, status=400 if request.GET else 200
    )


# --- Second part of issue 6: settings and dated rates, payments, reminders, true-up, reports, exports


RATE_KINDS = {
    # URL slug: (form, French title, columns shown in the list)
    "coefficients": (forms.CoefficientForm, gettext_lazy("Coefficients de facturation")),
    "taux-convenus": (forms.FixedRateForm, gettext_lazy("Taux horaires convenus")),
    "couts": (forms.CostParametersForm, gettext_lazy("Paramètres du coût exact")),
    "cotisations": (forms.MembershipFeeForm, gettext_lazy("Cotisations des adhérents")),
    "subventions": (forms.SubsidyForm, gettext_lazy("Subventions à rétrocéder")),
    "couts-annuels": (forms.YearlyCostForm, gettext_lazy("Coûts annuels réels (régularisation)")),
    "remunerations-reference": (
        forms.ReferencePayForm,
        gettext_lazy("Rémunérations de référence des adhérents"),
    ),
}


def _rate_kind(kind):
    if kind not in RATE_KINDS:
        raise Http404
    form_class, title = RATE_KINDS[kind]
    return form_class, form_class._meta.model, title


def _rate_rows(membership, model):
    qs = scoped(model, membership)
    related = [f for f in ("member", "contract__employee") if hasattr(model, f.split("__")[0])]
    return qs.select_related(*related) if related else qs


def _cell(obj, name):
    """A rule's field as the settings table shows it: choices by label, dates French, blanks as —."""
    value = getattr(obj, name)
    if obj._meta.get_field(name).choices:
        value = getattr(obj, f"get_{name}_display")()
    if name == "month":
        return date_format(value, "F Y")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value if value not in (None, "") else "—"


@permission(perms.can_view_billing)
def settings_page(request):
    """Every dated rule, by kind, and the GE's settings. Director and accountant write; planner reads."""
    membership = request.membership
    can_edit = perms.can_edit_billing_settings(membership)
    current = selectors.settings_for(request.current_group)
    form = forms.SettingsForm(instance=current)
    if request.method == "POST":
        ensure(perms.can_edit_billing_settings(request.membership), message=FINANCE_ONLY)
        form = forms.SettingsForm(request.POST, instance=current)
        if form.is_valid():
            services.save_settings(group=request.current_group, user=request.user, **form.cleaned_data)
            messages.success(request, _("Paramètres enregistrés."))
            return redirect("billing:settings")
    sections = []
    for kind, (form_class, model, title) in ((k, _rate_kind(k)) for k in RATE_KINDS):
        names = list(form_class._meta.fields)
        rows = list(_rate_rows(membership, model))
        in_use = services.rates_in_use(rows) if can_edit else set()
        sections.append(
            {
                "kind": kind,
                "title": title,
                "headers": [model._meta.get_field(name).verbose_name for name in names],
                "rows": [
                    {
                        "obj": row,
                        "cells": [_cell(row, name) for name in names],
                        "deletable": can_edit and row.pk not in in_use,
                    }
                    for row in rows
                ],
            }
        )
    return render(
        request,
        "billing/settings.html",
        {"form": form, "sections": sections, "can_edit": can_edit, "group": request.current_group},
        status=400 if form.errors else 200,
    )


@permission(perms.can_edit_billing_settings, visible=perms.can_view_billing, message=FINANCE_ONLY)
def rate_create(request, kind):
    form_class, model, title = _rate_kind(kind)
    form = form_class(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_rate(
                group=request.current_group, model=model, data=form.cleaned_data, user=request.user
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Règle ajoutée."))
            return redirect("billing:settings")
    return render(
        request,
        "billing/rate_form.html",
        {"form": form, "title": title, "kind": kind},
        status=400 if form.errors else 200,
    )


@permission(perms.can_view_billing)
@require_POST
def rate_delete(request, kind, public_id):
    _form_class, model, _title = _rate_kind(kind)
    obj = get_object_or_404(scoped(model, request.membership), public_id=public_id)
    ensure(perms.can_edit_billing_settings(request.membership), message=FINANCE_ONLY)
    try:
        services.delete_rate(obj=obj, user=request.user)
    except services.BillingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Règle supprimée."))
    return redirect("billing:settings")


@permission(perms.can_view_billing)
def minimum_wages(request):
    """The hourly SMIC table (national): GE staff read it; director and accountant add a row."""
    from mutualis.billing.models import MinimumWage

    can_edit = perms.can_edit_billing_settings(request.membership)
    form = forms.MinimumWageForm(request.POST or None)
    if request.method == "POST":
        ensure(perms.can_edit_billing_settings(request.membership), message=FINANCE_ONLY)
        if form.is_valid():
            try:
                services.add_minimum_wage(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("SMIC horaire enregistré."))
                return redirect("billing:minimum_wages")
    return render(
        request,
        "billing/minimum_wages.html",
        {"rows": MinimumWage.objects.order_by("-valid_from"), "form": form, "can_edit": can_edit},
        status=400 if form.errors else 200,
    )


# Payments and reminders ---------------------------------------------------------------


@permission(has_membership)
def payment_create(request, public_id):
    invoice = _get_invoice(request, public_id)
    ensure(
        perms.can_record_payment(request.membership, invoice),
        message=_("Votre rôle ne permet pas d'enregistrer un paiement sur cette facture."),
    )
    remaining = selectors.remaining_due(invoice)
    form = forms.PaymentForm(request.POST or None, initial={"amount": remaining})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_payment(invoice=invoice, user=request.user, **form.cleaned_data)
        except services.BillingRefused as exc:
            form.add_error("amount", str(exc))
        else:
            messages.success(request, _("Paiement enregistré."))
            return redirect("billing:invoice_detail", public_id=invoice.public_id)
    return render(
        request,
        "billing/payment_form.html",
        {"form": form, "invoice": invoice, "remaining": remaining},
        status=400 if form.errors else 200,
    )


@permission(perms.can_view_billing)
def unpaid(request):
    """Issued invoices with something left to pay, the late ones first; the reminders to send."""
    today = timezone.localdate()
    rows = selectors.unpaid_invoices(request.current_group, today)
    plans = services.plan_payment_reminders(group=request.current_group, on=today)
    return render(
        request,
        "billing/unpaid.html",
        {
            "rows": rows,
            "plans": plans,
            "total": sum((row["remaining"] for row in rows), Decimal("0")),
            "overdue": sum((row["remaining"] for row in rows if row["days_late"]), Decimal("0")),
            "can_remind": perms.can_send_reminders(request.membership),
            "interval": selectors.settings_for(request.current_group).reminder_interval_days,
        },
    )


@permission(perms.can_send_reminders, visible=perms.can_view_billing, message=FINANCE_ONLY)
@require_POST
def reminders_send(request):
    plans = services.send_payment_reminders(group=request.current_group, user=request.user)
    sent = [p for p in plans if p.can_send]
    missing = [p.member.name for p in plans if not p.can_send]
    messages.success(request, _("%(n)d relance(s) envoyée(s).") % {"n": len(sent)})
    if missing:
        messages.warning(
            request,
            _("Aucun courriel connu pour : %(names)s. Renseignez le courriel de facturation de l'adhérent.")
            % {"names": ", ".join(missing)},
        )
    return redirect("billing:unpaid")


# Yearly true-up -----------------------------------------------------------------------


@permission(perms.can_view_billing)
def true_up(request):
    """Preview the true-up of a year (nothing saved), then confirm it (POST)."""
    group = request.current_group
    data = request.POST if request.method == "POST" else (request.GET or {"year": default_month().year})
    form = forms.YearForm(data)
    if request.method == "POST":
        ensure(perms.can_edit_billing_settings(request.membership), message=FINANCE_ONLY)
        if form.is_valid():
            try:
                issued, notes = services.apply_true_up(
                    group=group, year=form.cleaned_data["year"], user=request.user
                )
            except (services.BillingRefused, compute.BillingError) as exc:
                messages.error(request, "; ".join(str(p) for p in getattr(exc, "problems", [exc])))
            else:
                messages.success(
                    request,
                    _("Régularisation émise : %(i)d facture(s) et %(c)d avoir(s).")
                    % {"i": len(issued), "c": len(notes)},
                )
            return redirect(f"{reverse('billing:true_up')}?year={form.cleaned_data['year']}")
    rows, problems, refused = [], [], ""
    if group.vat_regime != VatRegime.EXEMPT_261B:
        refused = _("La régularisation annuelle ne concerne que les GE facturant au coût exact (art. 261 B).")
    elif form.is_valid():
        try:
            per_member, labels = services.preview_true_up(group=group, year=form.cleaned_data["year"])
        except compute.BillingError as exc:
            problems = [str(p) for p in exc.problems]
        else:
            names = dict(scoped(Member, request.membership).values_list("pk", "name"))
            for member_id, lines in sorted(per_member.items(), key=lambda i: names.get(i[0], "")):
                net = sum((line.difference for line in lines), Decimal("0"))
                rows.append(
                    {
                        "member": names.get(member_id, ""),
                        "lines": [(labels.get(line.contract_id, ""), line) for line in lines],
                        "net": net,
                    }
                )
    return render(
        request,
        "billing/true_up.html",
        {
            "form": form,
            "rows": rows,
            "problems": problems,
            "refused": refused,
            "can_apply": perms.can_apply_true_up(request.membership) and bool(rows) and not refused,
        },
        status=400 if form.errors else 200,
    )


# Reports ------------------------------------------------------------------------------


@permission(perms.can_view_billing)
def equal_treatment(request):
    form = forms.YearForm(request.GET or {"year": default_month().year})
    rows = (
        reports.equal_treatment(request.current_group, form.cleaned_data["year"]) if form.is_valid() else []
    )
    return render(
        request,
        "billing/equal_treatment.html",
        {
            "form": form,
            "rows": rows,
            "totals": reports.equal_treatment_totals(rows),
            "can_edit": perms.can_edit_billing_settings(request.membership),
        },
        status=400 if form.errors else 200,
    )


SOURCE_LABELS = {
    "hours": gettext_lazy("Heures payées par les adhérents"),
    "aids": gettext_lazy("Aides à l'emploi"),
    "subsidies": gettext_lazy("Subventions"),
    "fees": gettext_lazy("Cotisations"),
}
COST_LABELS = {
    "payroll": gettext_lazy("Masse salariale chargée"),
    "overheads": gettext_lazy("Frais de structure"),
}


@permission(perms.can_view_billing)
def economic_model(request):
    form = forms.EconomicModelForm(request.GET or {"year": default_month().year})
    context = {"form": form, "model": None}
    if form.is_valid():
        year = form.cleaned_data["year"]
        model = reports.economic_model(
            request.current_group, year, overheads=form.cleaned_data.get("overheads") or Decimal("0")
        )
        revenue = [(SOURCE_LABELS[key], model.revenue[key]) for key in reports.REVENUE_SOURCES]
        costs = [(COST_LABELS[key], value) for key, value in model.costs.items()]
        months = [(date_format(month, "M"), amount) for month, amount in model.monthly_revenue]
        context.update(
            model=model,
            revenue=revenue,
            costs=costs,
            months=model.monthly_revenue,
            revenue_chart=charts.horizontal_bars(
                revenue,
                chart_id="chart-revenue",
                title=_("Recettes %(year)s par source") % {"year": year},
                description=_("Barres horizontales ; les montants figurent dans le tableau qui suit."),
            ),
            costs_chart=charts.horizontal_bars(
                [(_("Recettes"), model.total_revenue), *costs],
                chart_id="chart-costs",
                title=_("Recettes et coûts %(year)s") % {"year": year},
                description=_("Recettes totales comparées à chaque poste de coût."),
            ),
            months_chart=charts.columns(
                months,
                chart_id="chart-months",
                title=_("Facturation HT par mois, %(year)s") % {"year": year},
                description=_("Une colonne par mois ; les montants figurent dans le tableau qui suit."),
            ),
        )
    return render(request, "billing/economic_model.html", context, status=400 if form.errors else 200)


# Exports ------------------------------------------------------------------------------

PAYROLL_HEADERS = [
    gettext_lazy("Salarié"),
    gettext_lazy("Contrat"),
    gettext_lazy("Mois"),
    gettext_lazy("Heures"),
    gettext_lazy("Heures réelles validées"),
    gettext_lazy("Adhérents"),
    gettext_lazy("Salaire horaire brut (€)"),
    gettext_lazy("Prime différentielle due (€)"),
]


@permission(perms.can_view_billing)
def payroll_export(request):
    """Payroll variables of a month: hours per employee, and the equal-treatment bonus due."""
    form = forms.MonthForm(request.GET or {"month": default_month().strftime("%Y-%m")})
    rows = (
        reports.payroll_variables(request.current_group, form.cleaned_data["month"])
        if form.is_valid()
        else []
    )
    export_format = request.GET.get(EXPORT_PARAM)
    if form.is_valid() and export_format in EXPORT_FORMATS:
        return spreadsheets.response(
            PAYROLL_HEADERS,
            (
                [
                    row.employee,
                    row.contract,
                    row.month.strftime("%Y-%m"),
                    row.hours,
                    _("oui") if row.actual else _("non (heures prévues)"),
                    row.members,
                    row.gross_hourly_wage,
                    row.equal_treatment_bonus,
                ]
                for row in rows
            ),
            export_format=export_format,
            filename=f"variables-de-paie-{form.cleaned_data['month']:%Y-%m}",
            title=_("Variables de paie"),
        )
    query = request.GET.copy()
    links = []
    for fmt in EXPORT_FORMATS:
        query[EXPORT_PARAM] = fmt
        links.append((fmt.upper(), "?" + query.urlencode()))
    return render(
        request,
        "billing/payroll.html",
        {"form": form, "rows": rows, "export_links": links if form.is_valid() else []},
        status=400 if form.errors else 200,
    )
