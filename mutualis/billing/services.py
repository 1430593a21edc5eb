"""Billing writes: runs, drafts, issuing with gap-free numbers, credit notes.

Every function is keyword-only and atomic; the computation itself is in compute.py.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.employer_groups.models import VatRegime
from mutualis.jobs import services as job_services
from mutualis.members.models import Member

from . import compute, selectors
from .models import (
    BillingMode,
    BillingRun,
    CreditNote,
    CreditNoteLine,
    DocumentStatus,
    Invoice,
    InvoiceLine,
    LineKind,
    NumberSequence,
    RunStatus,
    Series,
)

# Payment terms written on every invoice (art. L441-10 Code de commerce: 30 days by default).
PAYMENT_TERMS_DAYS = 30


class BillingRefused(Exception):
    """A billing action that the rules forbid; the message is French and shown to the user."""


# --- Runs -----------------------------------------------------------------------------


@transaction.atomic
def start_run(*, group, month, mode=BillingMode.ACTUAL, user=None):
    """Create a billing run and its background job (computes the drafts)."""
    month = compute.month_start(month)
    run = BillingRun.objects.create(group=group, month=month, mode=mode, created_by=user)
    job = job_services.start_job(
        kind="billing.run",
        group=group,
        owner=user,
        label=_("Facturation de %(month)s") % {"month": month.strftime("%m/%Y")},
        params={"run_id": run.pk},
    )
    BillingRun.objects.filter(pk=run.pk).update(job=job)
    run.job = job
    return run


@transaction.atomic
def retry_run(*, run, user=None):
    """Compute a blocked or failed run again (after the causes were fixed), with a new job."""
    run = BillingRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in (RunStatus.BLOCKED, RunStatus.FAILED):
        raise BillingRefused(_("Seule une facturation bloquée ou en échec peut être relancée."))
    job = job_services.start_job(
        kind="billing.run",
        group=run.group,
        owner=user,
        label=_("Facturation de %(month)s") % {"month": run.month.strftime("%m/%Y")},
        params={"run_id": run.pk},
    )
    BillingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.PENDING, problems=[], problem_codes=[], job=job
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def delete_run(*, run, user=None):
    """Remove a run that produced no invoice (blocked, failed, or drafts all deleted)."""
    run = BillingRun.objects.select_for_update().get(pk=run.pk)
    if run.invoices.exists():
        raise BillingRefused(
            _("Cette facturation a des factures : supprimez d'abord ses brouillons, ou émettez un avoir.")
        )
    if run.status == RunStatus.PENDING:
        raise BillingRefused(_("Cette facturation est en cours de calcul : attendez la fin."))
    run.delete()


def run_totals(run):
    """(number of draft invoices, total excl. tax, total incl. tax) of a run: what issuing will number."""
    from django.db.models import Count, Sum

    totals = run.invoices.filter(status=DocumentStatus.DRAFT).aggregate(
        n=Count("id"), ht=Sum("total_excl_tax"), ttc=Sum("total_incl_tax")
    )
    return totals["n"], totals["ht"] or Decimal("0"), totals["ttc"] or Decimal("0")


def _previous_was_planned(group, month):
    before = compute.previous_month(month)
    return BillingRun.objects.filter(
        group=group,
        month=before,
        mode=BillingMode.PLANNED_THEN_ACTUAL,
        status__in=[RunStatus.DRAFTED, RunStatus.ISSUED],
    ).exists()


def execute_run(*, run_id, progress=lambda percent, message="": None):
    """Compute a run's drafts and save them. Returns a JSON-able summary (the job's result).

    Below-cost lines or missing parameters block the run: nothing is saved, every line is listed.
    """
    run = BillingRun.objects.select_related("group").get(pk=run_id)
    group, month = run.group, run.month
    progress(5, _("Lecture des heures"))
    lines = selectors.billable_hour_lines(group=group, month=month)
    previous = None
    if run.mode == BillingMode.PLANNED_THEN_ACTUAL and _previous_was_planned(group, month):
        previous = selectors.billable_hour_lines(group=group, month=compute.previous_month(month))
    contract_ids = {line.contract_id for line in lines} | {line.contract_id for line in previous or []}
    members = list(Member.objects.for_group(group).order_by("name", "id").values_list("pk", flat=True))
    progress(20, _("Calcul des factures"))
    try:
        drafts = compute.compute_invoices(
            month=month,
            lines=lines,
            contracts=selectors.contract_terms(group, contract_ids),
            rates=selectors.rates_for_group(group),
            vat_subject=group.vat_regime == VatRegime.SUBJECT,
            mode=run.mode,
            previous_lines=previous,
            previous_subsidies=selectors.subsidies_for(group, compute.previous_month(month))
            if previous
            else (),
            subsidies=selectors.subsidies_for(group, month),
            fees=selectors.fees_due(group, month, members) + selectors.extra_charges(group, month, members),
            member_order=members,
        )
    except compute.BillingError as exc:
        problems = [str(p) for p in exc.problems]
        codes = [compute.problem_code(p) for p in exc.problems]
        BillingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.BLOCKED, problems=problems, problem_codes=codes
        )
        kind = "below_cost" if isinstance(exc, compute.BelowCostError) else "missing_parameters"
        return {
            "summary": _("Facturation bloquée : %(n)d anomalie(s).") % {"n": len(problems)},
            "blocked": kind,
            "problems": problems,
        }
    progress(70, _("Enregistrement des brouillons"))
    try:
        created, skipped = save_drafts(run=run, drafts=drafts)
    except IntegrityError:
        # Another run saved invoices for the same members and month at the same moment.
        message = _("Une autre facturation du même mois a été enregistrée en même temps ; rien n'a été créé.")
        BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, problems=[message])
        return {"summary": message, "invoices": 0}
    notes = [_("%(member)s : mois déjà facturé") % {"member": name} for name in skipped]
    BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.DRAFTED, problems=notes, problem_codes=[])
    return {
        "summary": _("%(n)d brouillon(s) de facture créé(s).") % {"n": len(created)},
        "invoices": len(created),
        "skipped": len(skipped),
    }


@transaction.atomic
def save_drafts(*, run, drafts):
    """Save invoice drafts; members already billed for the month are skipped (and returned)."""
    already = selectors.billed_members(run.group, run.month)
    names = dict(Member.objects.for_group(run.group).values_list("pk", "name"))
    created, skipped = [], []
    lines = []
    for draft in drafts:
        if draft.member_id in already:
            skipped.append(names.get(draft.member_id, str(draft.member_id)))
            continue
        invoice = Invoice.objects.create(
            group=run.group,
            run=run,
            member_id=draft.member_id,
            period=draft.month,
            hours=draft.hours,
            vat_rate=draft.vat_rate,
            vat_mention=draft.vat_mention,
            total_excl_tax=draft.total_excl_tax,
            vat_amount=draft.vat_amount,
            total_incl_tax=draft.total_incl_tax,
        )
        created.append(invoice)
        lines.extend(
            InvoiceLine(
                document=invoice,
                position=position,
                kind=line.kind,
                label=line.label[:250],
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                explanation=line.explanation[:500],
                employee_id=line.employee_id,
                contract_id=line.contract_id,
            )
            for position, line in enumerate(draft.lines, start=1)
        )
    InvoiceLine.objects.bulk_create(lines, batch_size=1000)
    return created, skipped


# --- Numbering and issuing ------------------------------------------------------------


def french_vat_number(siren):
    """Intra-community VAT number of a French SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def _parties(group, member):
    site = member.sites.order_by("id").first()
    return {
        "seller": {
            "name": group.name,
            "legal_form": str(group.get_legal_form_display()),
            "siren": group.siren,
            "siret": group.siret,
            "vat_number": french_vat_number(group.siren),
            "address": group.address,
            "postcode": group.postcode,
            "city": group.city,
            "vat_regime": group.vat_regime,
            # Electronic address (BT-34, scheme 0225): the SIREN form of the directory address.
            "einvoicing_address": group.siren,
            # Frozen at issue like the identities: a later change of the option changes no invoice.
            "vat_on_debits": group.vat_regime == VatRegime.SUBJECT
            and selectors.settings_for(group).vat_on_debits,
        },
        "customer": {
            "name": member.name,
            "siren": member.siren,
            "siret": member.siret,
            "address": site.address if site else "",
            "postcode": site.postcode if site else "",
            "city": site.city if site else "",
            "email": member.email,
            # Electronic address (BT-49, scheme 0225): the member's directory address (its SIREN form
            # unless another one is recorded on the member).
            "einvoicing_address": member.directory_address,
        },
        # E-invoicing processing rule (BAR note) frozen at issue: see documents.processing_rule.
        "processing_rule": _processing_rule(group, member),
    }


def _processing_rule(group, member):
    """B2B / B2G / B2C / OUTOFSCOPE for the French e-invoicing reform, decided once at issue.

    A 261 B GE bills at cost, exempt: outside mandatory e-invoicing and e-reporting (DGFiP FAQ).
    Otherwise the member's e-invoicing profile decides: a VAT-liable business (B2B), a public body
    (B2G, Chorus Pro through the PA), a member not liable to VAT (B2C, e-reporting).
    """
    if group.vat_regime != VatRegime.SUBJECT:
        return "OUTOFSCOPE"
    return str(member.einvoicing_profile)


def _next_numbers(*, group, series, year, count):
    """Reserve `count` consecutive numbers of (group, series, year) under a row lock.

    The lock is held until the surrounding transaction ends, so two issuers never interleave;
    if the transaction rolls back, the counter rolls back too: no gap.
    """
    NumberSequence.objects.get_or_create(group=group, series=series, year=year)
    sequence = NumberSequence.objects.select_for_update().get(group=group, series=series, year=year)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return range(first, first + count)


def format_number(group, series, year, sequence):
    return f"{group.invoice_prefix}-{series}{year}-{sequence:05d}"


@transaction.atomic
def issue_invoices(*, invoices, user=None, actor_label=""):
    """Issue drafts: number them (gap-free, chronological), date them, freeze the parties.

    The sequence row is locked before the date is read, so numbers and dates grow together.
    """
    ids = [invoice.pk for invoice in invoices]
    if not ids:
        return []
    drafts = list(
        Invoice.objects.select_for_update().filter(pk__in=ids, status=DocumentStatus.DRAFT).order_by("id")
    )
    if len(drafts) != len(set(ids)):
        raise BillingRefused(_("Seules les factures en brouillon peuvent être émises."))
    group = drafts[0].group
    if any(d.group_id != group.pk for d in drafts):
        raise BillingRefused(_("Les factures doivent appartenir au même groupement."))
    members = {m.pk: m for m in Member.objects.filter(pk__in={d.member_id for d in drafts})}
    drafts.sort(key=lambda d: (members[d.member_id].name, d.period, d.pk))
    year = timezone.localdate().year
    numbers = _next_numbers(group=group, series=Series.INVOICE, year=year, count=len(drafts))
    today = timezone.localdate()
    now = timezone.now()
    terms_days = selectors.settings_for(group).payment_terms_days
    for invoice, sequence in zip(drafts, numbers, strict=True):
        invoice.status = DocumentStatus.ISSUED
        invoice.year = year
        invoice.sequence = sequence
        invoice.number = format_number(group, Series.INVOICE, year, sequence)
        invoice.issue_date = today
        invoice.issued_at = now
        invoice.due_date = today + datetime.timedelta(days=terms_days)
        invoice.parties = _parties(group, members[invoice.member_id])
        invoice.save()
        journal.record(
            action="billing.invoice_issued",
            actor=user,
            actor_label=actor_label,
            group=group,
            target=invoice,
            number=invoice.number,
            total=str(invoice.total_incl_tax),
        )
    runs = {d.run_id for d in drafts if d.run_id}
    for run_id in runs:
        if not Invoice.objects.filter(run_id=run_id, status=DocumentStatus.DRAFT).exists():
            BillingRun.objects.filter(pk=run_id).update(status=RunStatus.ISSUED)
    return drafts


@transaction.atomic
def issue_service_invoice(*, group, member, lines, vat_rate, on=None, user=None, actor_label=""):
    """Invoice services sold to a member (training seats, advice…) with VAT, outside the monthly
    run: one draft of kind « service » then `issue_invoices`, so the number follows the GE's one
    invoice series and the invoice is exported like every other.

    `lines`: (label, quantity, unit price excl. VAT). Each line is rounded once to the cent, then
    the VAT once on the invoice's total (one rate per invoice, as for monthly invoices).
    """
    from .models import InvoiceKind

    on = on or timezone.localdate()
    rounded = [(label, q, u, compute.round_amount(q * u)) for label, q, u in lines]
    total = sum((amount for *_rest, amount in rounded), Decimal("0"))
    vat = compute.round_amount(total * vat_rate / Decimal("100"))
    invoice = Invoice.objects.create(
        group=group,
        member=member,
        period=on.replace(day=1),
        kind=InvoiceKind.SERVICE,
        vat_rate=vat_rate,
        total_excl_tax=total,
        vat_amount=vat,
        total_incl_tax=total + vat,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            document=invoice,
            position=position,
            kind=LineKind.SERVICE,
            label=label[:250],
            quantity=quantity,
            unit_price=unit_price,
            amount=amount,
        )
        for position, (label, quantity, unit_price, amount) in enumerate(rounded, start=1)
    )
    return issue_invoices(invoices=[invoice], user=user, actor_label=actor_label)[0]


@transaction.atomic
def issue_run(*, run, user=None):
    drafts = list(run.invoices.filter(status=DocumentStatus.DRAFT))
    if run.status != RunStatus.DRAFTED or not drafts:
        raise BillingRefused(_("Cette facturation n'a pas de brouillons à émettre."))
    return issue_invoices(invoices=drafts, user=user)


@transaction.atomic
def delete_draft(*, invoice):
    """Drop a draft (e.g. to recompute it). Issued invoices refuse (see models)."""
    InvoiceLine.objects.filter(document=invoice).delete()
    invoice.delete()


# --- Credit notes ---------------------------------------------------------------------


@transaction.atomic
def issue_credit_note(*, invoice, reason, lines=None, user=None):
    """Issue a credit note against an issued invoice.

    Without `lines`, it cancels the whole invoice (same lines and totals) and the invoice
    becomes "cancelled"; the month may then be billed again. With `lines` (label, amount
    excl. VAT), a partial credit note; the invoice stays issued. Amounts are positive
    (they reduce what the member owes); VAT follows the invoice's rate, rounded once.
    """
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != DocumentStatus.ISSUED:
        raise BillingRefused(_("Seule une facture émise peut recevoir un avoir."))
    if not str(reason).strip():
        raise BillingRefused(_("Le motif de l'avoir est obligatoire."))
    full = lines is None
    if full:
        source = [
            (
                line.kind,
                line.label,
                line.quantity,
                line.unit_price,
                line.amount,
                line.explanation,
                line.employee_id,
                line.contract_id,
            )
            for line in invoice.lines.order_by("position")
        ]
    else:
        source = [
            (LineKind.CORRECTION, label, Decimal(1), Decimal(amount), Decimal(amount), "", None, None)
            for label, amount in lines
        ]
    total = sum((row[4] for row in source), Decimal("0"))
    # A full credit note takes the invoice's VAT as is; a partial one rounds its own VAT once.
    vat = invoice.vat_amount if full else compute.round_amount(total * invoice.vat_rate / compute.HUNDRED)
    credited = sum(
        (c.total_incl_tax for c in invoice.credit_notes.exclude(status=DocumentStatus.DRAFT)), Decimal("0")
    )
    if total + vat + credited > invoice.total_incl_tax:
        raise BillingRefused(_("L'avoir dépasse le montant restant de la facture."))
    note = _issue_credit_note_document(
        group=invoice.group,
        member=invoice.member,
        invoice=invoice,
        reason=reason,
        source=source,
        vat_rate=invoice.vat_rate,
        vat_mention=invoice.vat_mention,
        vat=vat,
        user=user,
    )
    if full:
        Invoice.objects.filter(pk=invoice.pk)._transition(status=DocumentStatus.CANCELLED)
    return note


def _issue_credit_note_document(
    *, group, member, reason, source, vat_rate, vat_mention, vat, invoice=None, true_up_year=None, user=None
):
    """Create, number and issue a credit note (caller holds the transaction)."""
    total = sum((row[4] for row in source), Decimal("0"))
    year = timezone.localdate().year
    (sequence,) = _next_numbers(group=group, series=Series.CREDIT_NOTE, year=year, count=1)
    note = CreditNote.objects.create(
        group=group,
        member=member,
        invoice=invoice,
        true_up_year=true_up_year,
        reason=reason,
        cancels_invoice=invoice is not None and invoice.total_incl_tax == total + vat and not true_up_year,
        vat_rate=vat_rate,
        vat_mention=vat_mention,
        total_excl_tax=total,
        vat_amount=vat,
        total_incl_tax=total + vat,
    )
    CreditNoteLine.objects.bulk_create(
        CreditNoteLine(
            document=note,
            position=position,
            kind=kind,
            label=label,
            quantity=quantity,
            unit_price=unit_price,
            amount=amount,
            explanation=explanation,
            employee_id=employee_id,
            contract_id=contract_id,
        )
        for position, (
            kind,
            label,
            quantity,
            unit_price,
            amount,
            explanation,
            employee_id,
            contract_id,
        ) in enumerate(source, start=1)
    )
    note.status = DocumentStatus.ISSUED
    note.year = year
    note.sequence = sequence
    note.number = format_number(group, Series.CREDIT_NOTE, year, sequence)
    note.issue_date = timezone.localdate()
    note.issued_at = timezone.now()
    note.parties = _parties(group, member)
    note.save()
    journal.record(
        action="billing.credit_note_issued",
        actor=user,
        group=group,
        target=note,
        number=note.number,
        invoice=invoice.number if invoice else "",
        total=str(note.total_incl_tax),
    )
    return note


# --- Payments -------------------------------------------------------------------------


@transaction.atomic
def record_payment(*, invoice, amount, received_on, method, reference="", user=None):
    """Record money received against an issued invoice; never more than what remains due."""
    from .models import Payment

    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    amount = Decimal(amount)
    if invoice.status != DocumentStatus.ISSUED:
        raise BillingRefused(_("Un paiement ne s'enregistre que sur une facture émise."))
    if amount <= 0:
        raise BillingRefused(_("Le montant du paiement doit être positif."))
    remaining = selectors.remaining_due(invoice)
    if amount > remaining:
        raise BillingRefused(
            _("Le paiement (%(amount)s €) dépasse le reste dû (%(remaining)s €).")
            % {"amount": amount, "remaining": remaining}
        )
    payment = Payment.objects.create(
        group=invoice.group,
        member=invoice.member,
        invoice=invoice,
        amount=amount,
        received_on=received_on,
        method=method,
        reference=reference,
    )
    journal.record(
        action="billing.payment_recorded",
        actor=user,
        group=invoice.group,
        target=payment,
        invoice=invoice.number,
        amount=str(amount),
    )
    return payment


# --- Yearly true-up (at-cost GEs) -----------------------------------------------------


def preview_true_up(*, group, year):
    """The true-up of a year without saving anything: member -> [TrueUpLine]."""
    from .models import YearlyCost

    costs = {c.contract_id: c.amount for c in YearlyCost.objects.for_group(group).filter(year=year)}
    billed = selectors.billed_hours_for_year(group, year)
    labels = {
        c.pk: str(c.employee)
        for c in selectors.Contract.objects.for_group(group)
        .filter(pk__in={*costs, *(b.contract_id for b in billed)})
        .select_related("employee")
    }
    return compute.true_up(actual_costs=costs, billed=billed, labels=labels), labels


@transaction.atomic
def apply_true_up(*, group, year, user=None):
    """Issue, per member, an extra invoice or a credit note so that the year closes at zero.

    Only for GEs billing at cost (art. 261 B). Refused if the year was already trued up.
    """
    from mutualis.employer_groups.models import VatRegime as Regime

    from .models import InvoiceKind

    if group.vat_regime != Regime.EXEMPT_261B:
        raise BillingRefused(_("La régularisation annuelle ne concerne que les GE facturant au coût exact."))
    period = datetime.date(year, 12, 1)
    done = (
        Invoice.objects.filter(group=group, kind=InvoiceKind.TRUE_UP, period=period)
        .exclude(status=DocumentStatus.CANCELLED)
        .exists()
        or CreditNote.objects.filter(group=group, true_up_year=year).exists()
    )
    if done:
        raise BillingRefused(_("L'année %(year)s a déjà été régularisée.") % {"year": year})
    per_member, labels = preview_true_up(group=group, year=year)
    mention = compute.VAT_EXEMPTION_MENTION
    invoices, notes = [], []
    for member_id, rows in sorted(per_member.items(), key=lambda item: str(item[0])):
        net = sum((row.difference for row in rows), Decimal("0"))
        if net == 0:
            continue
        sign = 1 if net > 0 else -1
        source = [
            (
                LineKind.TRUE_UP,
                f"Régularisation {year} — {labels.get(row.contract_id, row.contract_id)}",
                row.hours,
                Decimal("0"),
                sign * row.difference,
                f"coût réel {row.actual_share} € (prorata {row.hours} h) − facturé {row.billed} €",
                None,
                row.contract_id,
            )
            for row in rows
            if row.difference != 0
        ]
        member = Member.objects.get(pk=member_id)
        if sign > 0:
            invoice = Invoice.objects.create(
                group=group,
                member=member,
                period=period,
                kind=InvoiceKind.TRUE_UP,
                vat_mention=mention,
                total_excl_tax=net,
                total_incl_tax=net,
            )
            InvoiceLine.objects.bulk_create(
                InvoiceLine(
                    document=invoice,
                    position=i,
                    kind=k,
                    label=label,
                    quantity=q,
                    unit_price=u,
                    amount=a,
                    explanation=e,
                    employee_id=emp,
                    contract_id=c,
                )
                for i, (k, label, q, u, a, e, emp, c) in enumerate(source, start=1)
            )
            invoices.append(invoice)
        else:
            notes.append(
                _issue_credit_note_document(
                    group=group,
                    member=member,
                    true_up_year=year,
                    reason=f"Régularisation annuelle {year} (coût réel inférieur au facturé)",
                    source=source,
                    vat_rate=Decimal("0"),
                    vat_mention=mention,
                    vat=Decimal("0"),
                    user=user,
                )
            )
    issued = issue_invoices(invoices=invoices, user=user) if invoices else []
    return issued, notes


# --- Billing settings and dated rates (pages for director and accountant) -------------


@transaction.atomic
def save_settings(*, group, vat_on_debits, reminder_interval_days, payment_terms_days=None, user=None):
    from .models import BillingSettings

    defaults = {"vat_on_debits": vat_on_debits, "reminder_interval_days": reminder_interval_days}
    if payment_terms_days is not None:
        defaults["payment_terms_days"] = payment_terms_days
    row = BillingSettings.objects.filter(group=group).first() or BillingSettings(group=group)
    for name, value in defaults.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    settings_row = row
    journal.record(
        action="billing.settings_changed",
        actor=user,
        group=group,
        target=settings_row,
        vat_on_debits=vat_on_debits,
        reminder_interval_days=reminder_interval_days,
    )
    return settings_row


@transaction.atomic
def add_minimum_wage(*, hourly_amount, valid_from, source, user=None):
    """Add a row to the national SMIC table (a row is never changed: a new decree adds a new row)."""

    from .models import MinimumWage

    row = MinimumWage(hourly_amount=hourly_amount, valid_from=valid_from, source=source)
    row.full_clean()
    row.save()
    journal.record(
        action="billing.minimum_wage_added",
        actor=user,
        valid_from=valid_from.isoformat(),
        hourly_amount=str(hourly_amount),
    )
    return row


def rate_in_use(obj) -> bool:
    """A dated rule that invoices may already rest on is never changed or removed: add a new row.

    Dated rules: in use once their date has come. A membership fee: once on an invoice. A yearly cost:
    once its year is trued up. A reference pay only feeds reports: never in use.
    """
    return obj.pk in rates_in_use([obj])


def rates_in_use(rows) -> set:
    """The primary keys of the `rows` (rules of one kind) that are in use (see `rate_in_use`), in at
    most two queries whatever their number."""
    from .models import MembershipFee, ReferencePay, YearlyCost

    rows = list(rows)
    if not rows or isinstance(rows[0], ReferencePay):
        return set()
    if isinstance(rows[0], MembershipFee):
        billed = set(
            Invoice.objects.filter(
                member_id__in={r.member_id for r in rows},
                period__year__in={r.year for r in rows},
                lines__kind=LineKind.FEE,
            )
            .exclude(status=DocumentStatus.CANCELLED)
            .values_list("member_id", "period__year")
            .distinct()
        )
        return {r.pk for r in rows if (r.member_id, r.year) in billed}
    if isinstance(rows[0], YearlyCost):
        groups, years = {r.group_id for r in rows}, {r.year for r in rows}
        trued_up = set(
            CreditNote.objects.filter(group_id__in=groups, true_up_year__in=years).values_list(
                "group_id", "true_up_year"
            )
        ) | set(
            Invoice.objects.filter(group_id__in=groups, kind="true_up", period__year__in=years)
            .exclude(status=DocumentStatus.CANCELLED)
            .values_list("group_id", "period__year")
        )
        return {r.pk for r in rows if (r.group_id, r.year) in trued_up}
    today = timezone.localdate()
    in_use = set()
    for r in rows:
        month = getattr(r, "month", None)
        if (month if month is not None else r.valid_from) <= today:
            in_use.add(r.pk)
    return in_use


@transaction.atomic
def create_rate(*, group, model, data, user=None):
    """Add a dated rule (coefficient, fixed rate, cost parameters, fee, subsidy, yearly cost, reference
    pay). `data` comes from a validated form; the model's constraints are checked before saving."""
    obj = model(group=group, **data)
    obj.full_clean()
    obj.save()
    journal.record(
        action="billing.rate_added",
        actor=user,
        group=group,
        target=obj,
        model=model._meta.model_name,
        label=str(obj),
    )
    return obj


@transaction.atomic
def delete_rate(*, obj, user=None):
    if rate_in_use(obj):
        raise BillingRefused(
            _("Cette règle s'applique déjà : ajoutez une nouvelle ligne datée plutôt que de la supprimer.")
        )
    journal.record(
        action="billing.rate_deleted",
        actor=user,
        group=obj.group,
        target=obj,
        model=obj._meta.model_name,
        label=str(obj),
    )
    obj.delete()


# --- Payment reminders ----------------------------------------------------------------


class PlannedReminder:
    """The reminder a member would get: its overdue invoices, the recipients, or why none is sent."""

    def __init__(self, member, rows, emails):
        self.member = member
        self.rows = rows
        self.emails = emails

    @property
    def total(self):
        return sum((row["remaining"] for row in self.rows), Decimal("0"))

    @property
    def can_send(self):
        return bool(self.emails)


def plan_payment_reminders(*, group, on=None):
    """Per member, the overdue invoices to remind at `on` (not reminded within the GE's interval)."""
    from mutualis.accounts.models import Membership
    from mutualis.accounts.roles import Role

    from .models import PaymentReminder

    on = on or timezone.localdate()
    interval = selectors.settings_for(group).reminder_interval_days
    overdue = [row for row in selectors.unpaid_invoices(group, on) if row["days_late"] > 0]
    last = {}
    for invoice_id, sent_on in PaymentReminder.objects.filter(
        invoice_id__in=[row["invoice"].pk for row in overdue]
    ).values_list("invoice_id", "sent_on"):
        last[invoice_id] = max(sent_on, last.get(invoice_id, sent_on))
    per_member = {}
    for row in overdue:
        sent = last.get(row["invoice"].pk)
        if sent is not None and (on - sent).days < interval:
            continue
        per_member.setdefault(row["invoice"].member_id, []).append(row)
    contacts = {}
    for member_id, email in (
        Membership.objects.filter(
            group=group, role=Role.MEMBER_CONTACT, member_id__in=per_member, is_active=True
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("member_id", "user__email")
    ):
        contacts.setdefault(member_id, []).append(email)
    plans = []
    for rows in per_member.values():
        member = rows[0]["invoice"].member
        emails = [member.email] if member.email else contacts.get(member.pk, [])
        plans.append(PlannedReminder(member, rows, emails))
    plans.sort(key=lambda p: (p.member.name, p.member.pk))
    return plans


def _reminder_message(group, plan):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("fr"):
        context = {"group": group, "member": plan.member, "rows": plan.rows, "total": plan.total}
        subject = _("Relance : facture(s) en attente de paiement — %(group)s") % {"group": group.name}
        body = render_to_string("billing/email/payment_reminder.txt", context)
    return subject, body


def send_payment_reminders(*, group, on=None, dry_run=False, user=None, actor_label=""):
    """E-mail each member with overdue invoices (French), one message per member, and record a
    `PaymentReminder` per invoice. Dry run: nothing is sent or saved; the plan is returned."""
    from django.core.mail import send_mail

    from .models import PaymentReminder

    on = on or timezone.localdate()
    plans = plan_payment_reminders(group=group, on=on)
    if dry_run:
        return plans
    for plan in plans:
        if not plan.can_send:
            continue
        subject, body = _reminder_message(group, plan)
        send_mail(subject, body, None, plan.emails)
        with transaction.atomic():
            for row in plan.rows:
                reminder = PaymentReminder.objects.create(
                    group=group,
                    invoice=row["invoice"],
                    sent_on=on,
                    email=plan.emails[0],
                    remaining=row["remaining"],
                    days_late=row["days_late"],
                )
                journal.record(
                    action="billing.payment_reminder_sent",
                    actor=user,
                    actor_label=actor_label,
                    group=group,
                    target=reminder,
                    invoice=row["invoice"].number,
                    remaining=str(row["remaining"]),
                )
    return plans
