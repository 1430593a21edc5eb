"""The application file (DOCX and PDF, under the call's headings) and the budget workbook (XLSX).

Both documents are built from one outline (`outline`), so the DOCX and the PDF carry the same
headings and figures. The workbook has working formulas: each line's cost is =ROUND(unit × quantity;
2), totals are SUMs, shares and the checks of the caps are formulas too, so that the applicant can
rework the budget in a spreadsheet. Its totals equal the API's to the cent (tests/funding/test_exports.py
evaluates the formulas).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mutualis.core.spreadsheets import safe_text  # in XLSX, the user's text never runs as a formula

from . import rules
from .enums import ExpenseCategory, SourceKind

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


@dataclass
class Section:
    title: str
    fields: list = field(default_factory=list)  # [(label, text)]
    tables: list = field(default_factory=list)  # [{"caption", "head": [...], "rows": [[...]], "foot": [...]}]
    subsections: list = field(default_factory=list)  # [Section]


def _text(value):
    return str(value) if value not in (None, "") else "—"


def _applicant(application):
    applicant = application.applicant
    address = " ".join(
        part
        for part in (
            getattr(applicant, "address", ""),
            getattr(applicant, "postcode", ""),
            getattr(applicant, "city", ""),
        )
        if part
    )
    lead = next((m for m in application.consortium.all() if m.role == "lead"), None)
    fields = [(_("Nom du chef de file"), applicant.name), (_("Adresse"), address or "—")]
    if lead:
        fields += [
            (_("Interlocuteur"), lead.contact_name or "—"),
            (_("Courriel"), lead.contact_email or "—"),
            (_("Téléphone"), lead.contact_phone or "—"),
        ]
    return fields


def _consortium_table(application):
    rows = [
        [
            m.get_role_display(),
            m.kind or "—",
            m.name,
            m.contact_name or "—",
            m.commitment or "—",
            _("jointe") if m.letter else _("à joindre"),
        ]
        for m in application.consortium.all()
    ]
    return {
        "caption": _("Membres du consortium"),
        "head": [
            _("Rôle"),
            _("Type"),
            _("Structure"),
            _("Interlocuteur référent"),
            _("Engagement"),
            _("Lettre"),
        ],
        "rows": rows or [[_("Aucun membre renseigné."), "", "", "", "", ""]],
        "foot": [],
    }


def _axis_section(axis):
    indicators = list(axis.indicators.all())
    public = axis.public or "—"
    if axis.public_count is not None or axis.public_share_pct is not None:
        public += " — " + ", ".join(
            part
            for part in (
                _("%(n)s personnes") % {"n": axis.public_count} if axis.public_count is not None else "",
                rules.pct(axis.public_share_pct) if axis.public_share_pct is not None else "",
            )
            if part
        )
    return Section(
        title=axis.title,
        fields=[
            (_("Objectifs opérationnels"), _text(axis.objectives)),
            (_("Actions proposées"), _text(axis.actions)),
            (_("Public concerné"), public),
            (_("Changements et impacts attendus"), _text(axis.impacts)),
            (_("Méthodes et acteurs associés"), _text(axis.methods)),
            (_("Calendrier de déploiement"), _text(axis.calendar)),
        ],
        tables=[
            {
                "caption": _("Indicateurs de moyens et de résultats"),
                "head": [_("Indicateur"), _("Nature"), _("Valeur de départ"), _("Cible")],
                "rows": [
                    [
                        i.label + (f" ({i.unit})" if i.unit else ""),
                        i.get_kind_display(),
                        _text(i.baseline),
                        _text(i.target),
                    ]
                    for i in indicators
                ]
                or [[_("Aucun indicateur."), "", "", ""]],
                "foot": [],
            }
        ],
    )


def _budget_tables(application, totals):
    call = application.call
    own = totals.self_funding + totals.partners
    summary = {
        "caption": _("Budget associé au projet"),
        "head": [
            _("Coût global du projet éligible"),
            _("Montant demandé au titre de l'appel"),
            _("Cofinancement et taux"),
        ],
        "rows": [
            [
                rules.euros(totals.total_cost),
                f"{rules.euros(totals.state)} ({rules.pct(totals.share(totals.state))})",
                f"{rules.euros(own)} ({rules.pct(totals.share(own))})",
            ]
        ],
        "foot": [],
    }
    detail = {
        "caption": _("Détail par action des financements demandés"),
        "head": [
            _("Ligne"),
            _("Action / objet de la dépense"),
            _("Catégorie"),
            _("Nature de la dépense"),
            _("Coût unitaire"),
            _("Quantité"),
            _("Coût"),
        ],
        "rows": [
            [
                str(line.position),
                line.action,
                ExpenseCategory(line.category).label,
                line.nature or "—",
                rules.euros(line.unit_cost),
                str(line.quantity).replace(".", ","),
                rules.euros(line.amount),
            ]
            for line in application.budget_lines.all()
        ],
        "foot": [_("Total"), "", "", "", "", "", rules.euros(totals.total_cost)],
    }
    plan = {
        "caption": _("Plan de financement"),
        "head": [_("Nature du financement"), _("Financeur"), _("Montant"), _("Part du coût total")],
        "rows": [
            [s.get_kind_display(), s.funder or "—", rules.euros(s.amount), rules.pct(totals.share(s.amount))]
            for s in application.sources.all()
        ],
        "foot": [
            _("Total"),
            "",
            rules.euros(totals.total_sources),
            rules.pct(totals.share(totals.total_sources)),
        ],
    }
    tables = [summary, detail, plan]
    if call.payment_schedule and totals.state:
        tables.append(
            {
                "caption": _("Échéancier de versement prévu par l'appel"),
                "head": [_("Échéance"), _("Part"), _("Montant")],
                "rows": [
                    [
                        step["label"],
                        rules.pct(Decimal(str(step["pct"]))),
                        rules.euros(totals.state * Decimal(str(step["pct"])) / 100),
                    ]
                    for step in call.payment_schedule
                ],
                "foot": [],
            }
        )
    return tables


def outline(application, findings, totals):
    """The application file as sections under the call's headings."""
    sections = []
    for heading in application.call.headings or []:
        kind = heading.get("section")
        section = Section(title=heading["title"])
        if kind == "applicant":
            section.fields = _applicant(application)
        elif kind == "consortium":
            section.tables = [_consortium_table(application)]
        elif kind == "summary":
            section.fields = [
                (_("Intitulé du projet"), application.title),
                (_("Territoire concerné"), _text(application.territory)),
                (_("Présentation"), _text(application.summary)),
                (
                    _("Début prévu"),
                    application.start_date.strftime("%d/%m/%Y") if application.start_date else "—",
                ),
                (
                    _("Durée"),
                    _("%(n)s mois") % {"n": application.duration_months}
                    if application.duration_months
                    else "—",
                ),
            ]
        elif kind == "axes":
            section.subsections = [_axis_section(axis) for axis in application.axes.all()]
        elif kind == "budget":
            section.tables = _budget_tables(application, totals)
        sections.append(section)
    return sections


def _context(application, findings, totals):
    return {
        "application": application,
        "call": application.call,
        "sections": outline(application, findings, totals),
        "findings": findings,
        "printed_on": timezone.localdate(),
    }


def filename(application, extension):
    name = slugify(f"{application.call.short_name} {application.title}")[:60] or "demande"
    return f"{name}.{extension}"


# --- DOCX ----------------------------------------------------------------------------------------


def docx_bytes(application, findings, totals):
    from docx import Document
    from docx.shared import Pt

    ctx = _context(application, findings, totals)
    document = Document()
    document.core_properties.title = application.title
    document.core_properties.language = "fr-FR"
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    document.add_heading(application.call.name, level=0)
    document.add_paragraph(
        _("Dossier de candidature — %(title)s — porté par %(applicant)s")
        % {"title": application.title, "applicant": application.applicant.name}
    )

    def add_table(table):
        document.add_paragraph(table["caption"], style="Caption" if "Caption" in document.styles else None)
        grid = document.add_table(rows=1, cols=len(table["head"]))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table["head"], strict=True):
            cell.text = str(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in table["rows"] + ([table["foot"]] if table["foot"] else []):
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)

    def add_section(section, level):
        document.add_heading(section.title, level=level)
        for label, text in section.fields:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label} : ").bold = True
            paragraph.add_run(str(text))
        for table in section.tables:
            add_table(table)
        for sub in section.subsections:
            add_section(sub, level + 1)

    for section in ctx["sections"]:
        add_section(section, 1)
    errors = [f for f in findings if f.level == rules.ERROR]
    if errors:
        document.add_heading(_("Contrôles à régler avant le dépôt"), level=1)
        for finding in errors:
            document.add_paragraph(finding.message, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF (WeasyPrint, as the invoices) ------------------------------------------------------------


def pdf_bytes(application, findings, totals):
    from weasyprint import CSS, HTML

    html = render_to_string("pdf/funding_application.html", _context(application, findings, totals))
    stylesheet = finders.find("mutualis/pdf.css")
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)] if stylesheet else [])


# --- XLSX ----------------------------------------------------------------------------------------


def xlsx_bytes(application, findings, totals):
    """Three sheets: Budget, Plan de financement (formulas), Contrôles."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    call = application.call
    money_format = '#,##0.00 "€"'
    pct_format = "0.00%"
    bold = Font(bold=True)
    book = Workbook()

    budget = book.active
    budget.title = "Budget"
    budget.append(
        [
            _("Ligne"),
            _("Action / objet de la dépense"),
            _("Catégorie"),
            _("Nature"),
            _("Coût unitaire"),
            _("Quantité"),
            _("Coût"),
            _("Justification"),
        ]
    )
    lines = list(application.budget_lines.all())
    for n, line in enumerate(lines, start=2):
        budget.append(
            [
                line.position,
                safe_text(line.action),
                str(ExpenseCategory(line.category).label),
                safe_text(line.nature),
                line.unit_cost,
                line.quantity,
                f"=ROUND(E{n}*F{n},2)",
                safe_text(line.justification),
            ]
        )
        budget[f"E{n}"].number_format = money_format
        budget[f"G{n}"].number_format = money_format
    last = len(lines) + 1
    total_row = last + 1
    budget.append([_("Total"), "", "", "", "", "", f"=SUM(G2:G{last})" if lines else 0, ""])
    budget[f"G{total_row}"].number_format = money_format
    for cell in budget[total_row] + budget[1]:
        cell.font = bold
    overhead_cats = [str(ExpenseCategory(c).label) for c in call.overhead_categories]
    overhead_row = total_row + 1
    if overhead_cats and lines:
        terms = "+".join(f'SUMIF(C2:C{last},"{label}",G2:G{last})' for label in overhead_cats)
        budget.append([_("Frais généraux et de mission"), "", "", "", "", "", f"={terms}", ""])
        budget[f"G{overhead_row}"].number_format = money_format
    for column, width in zip("ABCDEFGH", (7, 40, 40, 30, 14, 10, 16, 40), strict=True):
        budget.column_dimensions[column].width = width
    total_ref = f"Budget!$G${total_row}"

    plan = book.create_sheet("Plan de financement")
    plan.append([_("Nature du financement"), _("Financeur"), _("Montant"), _("Part du coût total")])
    sources = list(application.sources.all())
    for n, src in enumerate(sources, start=2):
        plan.append(
            [
                src.get_kind_display(),
                safe_text(src.funder),
                src.amount,
                f"=IF({total_ref}=0,0,C{n}/{total_ref})",
            ]
        )
        plan[f"C{n}"].number_format = money_format
        plan[f"D{n}"].number_format = pct_format
    slast = len(sources) + 1
    srow = slast + 1
    plan.append(
        [
            _("Total des financements"),
            "",
            f"=SUM(C2:C{slast})" if sources else 0,
            f"=IF({total_ref}=0,0,C{srow}/{total_ref})",
        ]
    )
    plan.append([_("Coût total du projet"), "", f"={total_ref}", ""])
    plan.append([_("Écart (doit être nul)"), "", f"=C{srow}-C{srow + 1}", ""])
    state_label = str(SourceKind.STATE.label)
    plan.append(
        [
            _("Aide demandée au titre de l'appel"),
            "",
            f'=SUMIF(A2:A{max(slast, 2)},"{state_label}",C2:C{max(slast, 2)})',
            f"=IF({total_ref}=0,0,C{srow + 3}/{total_ref})",
        ]
    )
    for row in range(srow, srow + 4):
        plan[f"C{row}"].number_format = money_format
        plan[f"D{row}"].number_format = pct_format
        plan[f"A{row}"].font = bold
    for cell in plan[1]:
        cell.font = bold
    plan.column_dimensions["A"].width = 50
    plan.column_dimensions["B"].width = 30
    plan.column_dimensions["C"].width = 16
    plan.column_dimensions["D"].width = 14

    checks = book.create_sheet("Contrôles")
    checks.append([_("Règle de l'appel"), _("Valeur"), _("Limite"), _("Respectée")])
    state_ref = f"'Plan de financement'!C{srow + 3}"
    if call.cap_amount is not None:
        checks.append(
            [
                rules.rule_labels(rules.Rules.from_call(call))["cap_amount"],
                f"={state_ref}",
                call.cap_amount,
                f'=IF(B{checks.max_row + 1}<=C{checks.max_row + 1},"oui","non")',
            ]
        )
    if call.cap_pct is not None:
        r = checks.max_row + 1
        checks.append(
            [
                _("Part maximale de l'aide"),
                f"={state_ref}",
                f"=ROUND({total_ref}*{call.cap_pct}/100,2)",
                f'=IF(B{r}*100<={total_ref}*{call.cap_pct},"oui","non")',
            ]
        )
    if call.overhead_max_pct is not None and overhead_cats and lines:
        r = checks.max_row + 1
        checks.append(
            [
                _("Frais généraux et de mission"),
                f"=Budget!G{overhead_row}",
                f"=ROUND({total_ref}*{call.overhead_max_pct}/100,2)",
                f'=IF(B{r}*100<={total_ref}*{call.overhead_max_pct},"oui","non")',
            ]
        )
    checks.append([])
    checks.append(
        [_("Constats du contrôle Mutualis au %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}]
    )
    for finding in findings:
        checks.append(
            [
                safe_text(finding.message),
                "",
                "",
                _("erreur") if finding.level == rules.ERROR else _("avertissement"),
            ]
        )
    if not findings:
        checks.append([_("Aucune règle de l'appel n'est enfreinte.")])
    checks.column_dimensions["A"].width = 90
    for column in "BC":
        checks.column_dimensions[column].width = 16
    for cell in checks[1]:
        cell.font = bold

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTS = {
    "docx": (docx_bytes, DOCX_TYPE),
    "pdf": (pdf_bytes, PDF_TYPE),
    "xlsx": (xlsx_bytes, XLSX_TYPE),
}


def export(application, fmt):
    """(bytes, content type, file name) of one export of a saved application."""
    from .services import check_application

    findings, totals = check_application(application)
    build, content_type = EXPORTS[fmt]
    return build(application, findings, totals), content_type, filename(application, fmt)
