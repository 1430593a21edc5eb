import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mutualis.needs.models import Need, NeedKind
from mutualis.needs.timeline import format_duration, summarise
from mutualis.www.tables import RegistryTable

from .forms import format_weeks


def schedule_text(need):
    """'lundi 08:00–12:00 ; mardi …' for a fixed need, '7 h dans : …' for a flexible one."""
    if need.kind == NeedKind.FIXED:
        return summarise((s.start, s.end) for s in need.slots.all())
    windows = summarise((w.start, w.end) for w in need.windows.all())
    volume = format_duration(need.weekly_minutes)
    return f"{volume} — {windows}" if windows else volume


def weekly_minutes(need):
    if need.kind == NeedKind.FIXED:
        return sum(s.end - s.start for s in need.slots.all())
    return need.weekly_minutes or 0


class NeedTable(RegistryTable):
    job_title = tables.Column(linkify=("needs:detail", {"public_id": tables.A("public_id")}))
    rome_code = tables.Column()
    organisation = tables.Column(verbose_name=_("Adhérent ou organisation"), empty_values=(), orderable=False)
    place = tables.Column(verbose_name=_("Lieu"), empty_values=(), orderable=False)
    kind = tables.Column()
    hours = tables.Column(verbose_name=_("Heures par semaine"), empty_values=(), orderable=False)
    schedule = tables.Column(verbose_name=_("Horaires"), empty_values=(), orderable=False)
    weeks = tables.Column(verbose_name=_("Semaines"), empty_values=(), orderable=False)
    status = tables.Column()

    class Meta(RegistryTable.Meta):
        model = Need
        fields = [
            "job_title",
            "rome_code",
            "organisation",
            "place",
            "kind",
            "hours",
            "schedule",
            "weeks",
            "status",
        ]
        sequence = fields

    def render_organisation(self, record):
        return record.organisation_name

    def render_place(self, record):
        return record.place_label or "—"

    def render_hours(self, record):
        return format_duration(weekly_minutes(record))

    def value_hours(self, record):
        return round(weekly_minutes(record) / 60, 2)

    def render_schedule(self, record):
        return schedule_text(record)

    def render_weeks(self, record):
        return format_weeks(record.weeks) or _("Toute l'année")

    def value_weeks(self, record):
        return format_weeks(record.weeks)
