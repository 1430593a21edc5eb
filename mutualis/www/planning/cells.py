"""HTML of the GE-wide grid's cells, built in Python: 25 rows × 7 days with their blocks through
template loops and includes cost more than the rest of the page (see docs/planning.md, "Speed").
Every value goes through format_html (escaped)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def block_html(block):
    tag = (
        format_html(' <span class="pblock-tag">({})</span>', block["source_label"])
        if block["source_label"]
        else ""
    )
    return format_html(
        '<span class="pblock member-c{}"><span class="pblock-time">{}</span> {}{}</span>',
        block["colour"],
        block["time"],
        block["member"].name,
        tag,
    )


def cell_html(day):
    """The inside of one employee × day cell: absences (with their reason, for GE staff) and blocks."""
    absence = _("Absence")
    parts = [
        format_html('<span class="tag tag-absence">{} : {}</span>', absence, label)
        for label in day["absences"]
    ]
    parts += [block_html(block) for block in day["blocks"]]
    return mark_safe("".join(parts))


def row_cells(row):
    return format_html_join("", "<td>{}</td>", ((cell_html(day),) for day in row["days"]))


def options_html(options, selected):
    """The <option>s of a filter (400 members in the large demo: a template loop costs 10 ms)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label) for value, label in options),
    )
