"""Small bar charts drawn as inline SVG on the server: no JavaScript, no external asset.

Each chart is an image with a title and a description (role="img", aria-labelledby); every bar
carries its label and value as text, so no information rests on colour alone. Pages put the data
table next to each chart.
"""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

ROW = 28
LABEL_WIDTH = 210
BAR_WIDTH = 330
VALUE_WIDTH = 120


def _euros(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} €"


def horizontal_bars(items, *, chart_id, title, description):
    """items: [(label, Decimal)] → one horizontal bar per item (negative values drawn to zero)."""
    largest = max((abs(value) for _, value in items), default=Decimal("0")) or Decimal("1")
    height = ROW * len(items) + 10
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(items):
        y = 5 + index * ROW
        length = int(BAR_WIDTH * max(value, Decimal("0")) / largest)
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar chart-bar-{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH - 8,
                y + 17,
                label,
                LABEL_WIDTH,
                y + 4,
                length,
                ROW - 10,
                index % 4,
                LABEL_WIDTH + length + 6,
                y + 17,
                _euros(value),
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" class="chart">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        bars=mark_safe("".join(bars)),  # each bar was built with format_html (escaped)
    )


def columns(items, *, chart_id, title, description):
    """items: [(short label, Decimal)] → vertical columns (e.g. twelve months), values above."""
    column, gap, top, bottom = 46, 8, 22, 24
    plot = 180
    largest = max((value for _, value in items), default=Decimal("0"))
    largest = largest if largest > 0 else Decimal("1")
    width = len(items) * (column + gap) + gap
    height = top + plot + bottom
    parts = [
        format_html(
            '<line x1="0" y1="{y}" x2="{w}" y2="{y}" class="chart-axis"></line>', y=top + plot, w=width
        )
    ]
    for index, (label, value) in enumerate(items):
        x = gap + index * (column + gap)
        length = int(plot * max(value, Decimal("0")) / largest)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar chart-bar-0"></rect>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-value chart-small">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                x,
                top + plot - length,
                column,
                length,
                x + column / 2,
                top + plot - length - 5,
                f"{value:.0f}",
                x + column / 2,
                top + plot + 16,
                label,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" class="chart">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{parts}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        parts=format_html_join("", "{}", ((p,) for p in parts)),
    )
