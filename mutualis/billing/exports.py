"""Accounting exports: one balanced entry per issued invoice or credit note, as CSV or in the
French FEC layout (Fichier des écritures comptables, art. A47 A-1 LPF: 18 pipe-separated columns).

Accounts: 411<member> customer (debit the total incl. VAT), 706 services (credit the net total),
44571 VAT collected (credit the VAT). A credit note is the mirror entry. The net total already
includes aid and subsidy deductions (they are price reductions).
"""

import csv
import io
from decimal import Decimal

from mutualis.core import spreadsheets

from .models import CreditNote, DocumentStatus, Invoice

JOURNAL = ("VE", "Ventes")
REVENUE = ("706000", "Prestations de services")
VAT = ("445710", "TVA collectée")
CUSTOMER = ("411000", "Clients adhérents")
FEC_HEADER = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
]


def _amount(value: Decimal) -> str:
    """FEC amounts: decimal comma, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def entries(group, start, end):
    """Accounting rows (dicts with FEC keys) of documents issued between two dates, in number order."""
    documents = [
        *Invoice.objects.for_group(group)
        .filter(issue_date__range=(start, end))
        .exclude(status=DocumentStatus.DRAFT)
        .select_related("member"),
        *CreditNote.objects.for_group(group)
        .filter(issue_date__range=(start, end))
        .exclude(status=DocumentStatus.DRAFT)
        .select_related("member"),
    ]
    documents.sort(key=lambda d: (d.issue_date, d.issued_at, d.number))
    rows = []
    for number, document in enumerate(documents, start=1):
        credit_note = isinstance(document, CreditNote)
        label = f"{'Avoir' if credit_note else 'Facture'} {document.number} {document.member.name}"[:200]
        aux = f"M{document.member_id:06d}"
        lines = [
            (CUSTOMER, aux, document.member.name, document.total_incl_tax, True),
            (REVENUE, "", "", document.total_excl_tax, False),
        ]
        if document.vat_amount:
            lines.append((VAT, "", "", document.vat_amount, False))
        for (account, account_label), aux_num, aux_label, amount, debit in lines:
            if credit_note:
                debit = not debit
            # A negative amount (deductions above the hours) goes to the other side.
            if amount < 0:
                amount, debit = -amount, not debit
            rows.append(
                {
                    "JournalCode": JOURNAL[0],
                    "JournalLib": JOURNAL[1],
                    "EcritureNum": f"{JOURNAL[0]}{number:06d}",
                    "EcritureDate": document.issue_date.strftime("%Y%m%d"),
                    "CompteNum": account,
                    "CompteLib": account_label,
                    "CompAuxNum": aux_num,
                    "CompAuxLib": aux_label,
                    "PieceRef": document.number,
                    "PieceDate": document.issue_date.strftime("%Y%m%d"),
                    "EcritureLib": label,
                    "Debit": _amount(amount if debit else Decimal("0")),
                    "Credit": _amount(Decimal("0") if debit else amount),
                    "EcritureLet": "",
                    "DateLet": "",
                    "ValidDate": document.issue_date.strftime("%Y%m%d"),
                    "Montantdevise": "",
                    "Idevise": "",
                }
            )
    return rows


def fec(group, start, end) -> str:
    """The FEC text: header + one line per row, pipe-separated (the separator the LPF allows)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FEC_HEADER, delimiter="|", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {key: spreadsheets.strip_control_characters(str(value)) for key, value in row.items()}
        for row in entries(group, start, end)
    )
    return out.getvalue()


def fec_filename(group, end):
    """<SIREN>FEC<AAAAMMJJ>.txt, the name the administration expects."""
    return f"{group.siren}FEC{end:%Y%m%d}.txt"


def entries_csv(group, start, end) -> str:
    """The same entries for a spreadsheet: semicolon-separated, decimal comma, with a BOM so that
    spreadsheet programs read the accents right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FEC_HEADER, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(entries(group, start, end))
    return out.getvalue()
