"""HTML of the GE-wide grid's cells, built in Python: 25 rows × 7 days with their blocks through
template loops and includes cost more than the rest of the page (see docs/planning.md, "Speed").

Every value is escaped with `esc` (the standard library's `html.escape`, which is what Django's
`escape` does, without the lazy-string wrapper that `format_html` pays for each value: a third of
the page's time when it was used here)."""

from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def esc(value):
    return escape(str(value))


def block_html(block):
    tag = f' <span class="pblock-tag">({esc(block["source_label"])})</span>' if block["source_label"] else ""
    return (
        f'<span class="pblock member-c{esc(block["colour"])}"><span class="pblock-time">{esc(block["time"])}'
        f"</span> {esc(block['member'].name)}{tag}</span>"
    )


def cell_html(day, *, absence_label=None):
    """The inside of one employee × day cell: absences (with their reason, for GE staff) and blocks."""
    absence = esc(absence_label or _("Absence"))
    parts = [f'<span class="tag tag-absence">{absence} : {esc(label)}</span>' for label in day["absences"]]
    parts += [block_html(block) for block in day["blocks"]]
    return "".join(parts)


def row_cells(row):
    absence = _("Absence")
    return mark_safe("".join(f"<td>{cell_html(day, absence_label=absence)}</td>" for day in row["days"]))


def options_html(options, selected):
    """The <option>s of a filter (400 members in the large demo: a template loop costs 10 ms)."""
    return mark_safe(
        "".join(
            f'<option value="{esc(value)}"{" selected" if value == selected else ""}>{esc(label)}</option>'
            for value, label in options
        )
    )
