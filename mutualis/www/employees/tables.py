import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mutualis.employees.models import Contract, Employee
from mutualis.www.tables import RegistryTable, status_label


class EmployeeTable(RegistryTable):
    last_name = tables.Column(linkify=("employees:detail", {"public_id": tables.A("public_id")}))
    first_name = tables.Column()
    city = tables.Column()
    home_site = tables.Column(verbose_name=_("Site de rattachement"), order_by=("home_site__name",))
    contracts_count = tables.Column(verbose_name=_("Contrats"))
    status = tables.Column(verbose_name=_("Statut"), empty_values=(), accessor="archived_at")

    class Meta(RegistryTable.Meta):
        model = Employee
        fields = ["last_name", "first_name", "city", "home_site", "contracts_count", "status"]
        sequence = fields

    def render_home_site(self, value):
        return f"{value.name} ({value.member.name})"

    def render_status(self, record):
        return status_label(record)

    def value_status(self, record):
        return str(status_label(record))


class ContractTable(RegistryTable):
    employee = tables.Column(
        verbose_name=_("Salarié"),
        linkify=("employees:contract_detail", {"public_id": tables.A("public_id")}),
        order_by=("employee__last_name", "employee__first_name"),
    )
    kind = tables.Column()
    job_title = tables.Column()
    weekly_hours = tables.Column()
    gross_hourly_wage = tables.Column()
    start_date = tables.DateColumn(format="d/m/Y")
    end_date = tables.DateColumn(format="d/m/Y")
    status = tables.Column(verbose_name=_("Statut"), empty_values=(), accessor="archived_at")

    class Meta(RegistryTable.Meta):
        model = Contract
        fields = [
            "employee",
            "kind",
            "job_title",
            "weekly_hours",
            "gross_hourly_wage",
            "start_date",
            "end_date",
            "status",
        ]
        sequence = fields

    def render_status(self, record):
        return status_label(record)

    def value_status(self, record):
        return str(status_label(record))

    def value_start_date(self, value):
        return value

    def value_end_date(self, value):
        return value
