import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mutualis.billing.models import DocumentStatus, Invoice
from mutualis.www.tables import RegistryTable


class InvoiceTable(RegistryTable):
    number = tables.Column(
        verbose_name=_("Numéro"),
        linkify=("billing:invoice_detail", {"public_id": tables.A("public_id")}),
        empty_values=(),
    )
    member = tables.Column(accessor="member__name", verbose_name=_("Adhérent"))
    period = tables.DateColumn(format="m/Y", verbose_name=_("Mois"))
    status = tables.Column(verbose_name=_("Statut"))
    issue_date = tables.DateColumn(format="d/m/Y", verbose_name=_("Émise le"))
    due_date = tables.DateColumn(format="d/m/Y", verbose_name=_("Échéance"))
    total_excl_tax = tables.Column(verbose_name=_("Total HT (€)"), attrs={"td": {"class": "num"}})
    total_incl_tax = tables.Column(verbose_name=_("Total TTC (€)"), attrs={"td": {"class": "num"}})

    class Meta(RegistryTable.Meta):
        model = Invoice
        fields = [
            "number",
            "member",
            "period",
            "status",
            "issue_date",
            "due_date",
            "total_excl_tax",
            "total_incl_tax",
        ]
        sequence = fields

    def render_number(self, record):
        return record.number or _("brouillon")

    def value_number(self, record):
        return record.number or str(_("brouillon"))

    def value_period(self, value):
        return value

    def value_issue_date(self, value):
        return value

    def value_due_date(self, value):
        return value


class InvoiceFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=DocumentStatus.choices)
    period = django_filters.DateFilter(
        label=_("Mois (AAAA-MM)"), input_formats=["%Y-%m"], method="filter_period"
    )
    member = django_filters.CharFilter(
        label=_("Adhérent"), field_name="member__name", lookup_expr="icontains"
    )

    class Meta:
        model = Invoice
        fields = ["status", "period", "member"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period=value.replace(day=1))
