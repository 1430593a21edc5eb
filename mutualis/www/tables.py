"""Shared helpers for the registry's list pages: one table template, 25 rows a page,
filters, and CSV/XLSX exports of every filtered row (not just the current page)."""

import django_filters
import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import QueryDict
from django.shortcuts import render
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.config import RequestConfig

from mutualis.core import spreadsheets

PER_PAGE = 25
EXPORT_PARAM = "_export"
EXPORT_FORMATS = spreadsheets.CONTENT_TYPES
TABLE_TEMPLATE = "www/_table.html"


class RegistryTable(tables.Table):
    """Base table: our accessible template, a caption, French empty text.

    The rows are written by `body_html` (a template loop over 25 rows × their cells costs about as
    much as the rest of the page): a column's `attrs["td"]` must not depend on the row.
    """

    caption = ""

    class Meta:
        template_name = TABLE_TEMPLATE
        attrs = {"class": "registry-table"}
        empty_text = _("Aucune ligne ne correspond à ces critères.")

    def body_html(self):
        """The <tr>s of the current page, as `www/_table.html` wrote them with template loops: the
        first cell a row header, values localised and escaped like `{{ cell }}`."""
        context = Context()
        columns = list(self.columns)
        td_attrs = [column.attrs["td"].as_html() for column in columns]
        rows = []
        for row in self.paginated_rows:
            cells = []
            for index, column in enumerate(columns):
                cell = render_value_in_context(row.get_cell(column.name), context)
                if index == 0:
                    cells.append(format_html('<th scope="row">{}</th>', cell))
                else:
                    cells.append(format_html("<td {}>{}</td>", td_attrs[index], cell))
            rows.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))
        if not rows:
            rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text))
        return mark_safe("\n".join(rows))


STATUS_CHOICES = [
    ("active", _("En activité")),
    ("archived", _("Archivés")),
    ("all", _("Tous")),
]


class StatusFilterSet(django_filters.FilterSet):
    """Base filterset of archivable rows: shows the active ones unless asked otherwise."""

    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            data["status"] = "active"
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(archived_at__isnull=True)
        if value == "archived":
            return queryset.filter(archived_at__isnull=False)
        return queryset


def status_label(record):
    return _("Archivé") if record.archived_at else _("Actif")


def export_response(table, *, export_format, filename, title):
    """Every row of `table` (which must not be paginated) as a CSV or XLSX download."""
    rows = list(table.as_values())
    return spreadsheets.response(
        rows[0] if rows else [], rows[1:], export_format=export_format, filename=filename, title=title
    )


def paginate(table, request):
    try:
        table.paginate(page=request.GET.get("page", 1), per_page=PER_PAGE)
    except (EmptyPage, PageNotAnInteger):
        table.paginate(page=1, per_page=PER_PAGE)


def list_page(request, *, queryset, filterset_class, table_class, template, export_name, title, context=None):
    """Render a filterable, sortable, paginated list, or its export when `?_export=csv|xlsx`."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    table = table_class(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    export_format = request.GET.get(EXPORT_PARAM)
    if export_format in EXPORT_FORMATS:
        return export_response(table, export_format=export_format, filename=export_name, title=title)
    paginate(table, request)
    querydict = request.GET.copy()
    querydict.pop("page", None)
    querydict.pop(EXPORT_PARAM, None)
    export_links = []
    for fmt in EXPORT_FORMATS:
        querydict[EXPORT_PARAM] = fmt
        export_links.append((fmt.upper(), "?" + querydict.urlencode()))
    page_context = {
        "filter": filterset,
        "table": table,
        "export_links": export_links,
        "title": title,
        "total": table.paginator.count,
    }
    page_context.update(context or {})
    return render(request, template, page_context)
