import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mutualis.members.models import Member, Site
from mutualis.www.tables import RegistryTable, status_label


class MemberTable(RegistryTable):
    name = tables.Column(linkify=("members:detail", {"public_id": tables.A("public_id")}))
    kind = tables.Column()
    siret = tables.Column()
    sites_count = tables.Column(verbose_name=_("Sites actifs"), attrs={"td": {"class": "num"}})
    joined_on = tables.DateColumn(format="d/m/Y")
    left_on = tables.DateColumn(format="d/m/Y")
    deposit = tables.Column(attrs={"td": {"class": "num"}})
    status = tables.Column(verbose_name=_("Statut"), empty_values=(), accessor="archived_at", orderable=True)

    class Meta(RegistryTable.Meta):
        model = Member
        fields = ["name", "kind", "siret", "sites_count", "joined_on", "left_on", "deposit", "status"]
        sequence = fields

    def render_status(self, record):
        return status_label(record)

    def value_status(self, record):
        return str(status_label(record))

    def value_joined_on(self, value):
        return value

    def value_left_on(self, value):
        return value


class SiteTable(RegistryTable):
    name = tables.Column(linkify=("members:site_detail", {"public_id": tables.A("public_id")}))
    member = tables.Column(
        accessor="member__name",
        verbose_name=_("Adhérent"),
        linkify=("members:detail", {"public_id": tables.A("member__public_id")}),
        order_by=("member__name",),
    )
    address = tables.Column()
    postcode = tables.Column()
    city = tables.Column()
    latitude = tables.Column()
    longitude = tables.Column()
    status = tables.Column(verbose_name=_("Statut"), empty_values=(), accessor="archived_at")

    class Meta(RegistryTable.Meta):
        model = Site
        fields = ["name", "member", "address", "postcode", "city", "latitude", "longitude", "status"]
        sequence = fields

    def render_status(self, record):
        return status_label(record)

    def value_status(self, record):
        return str(status_label(record))
