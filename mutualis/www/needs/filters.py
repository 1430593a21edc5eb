import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.tenancy import scoped
from mutualis.members.models import Member
from mutualis.needs.models import Need, NeedKind, NeedStatus

LIVE = "live"
STATUS_CHOICES = [(LIVE, _("En cours (non retirés)")), *NeedStatus.choices, ("all", _("Tous"))]


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Emploi ou code ROME"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=NeedKind.choices, empty_label=_("Tous"))
    member = django_filters.ModelChoiceFilter(
        label=_("Adhérent"), queryset=Member.objects.none(), empty_label=_("Tous"), to_field_name="public_id"
    )
    city = django_filters.CharFilter(label=_("Commune"), method="filter_city")

    class Meta:
        model = Need
        fields = ["q", "member", "kind", "city", "status"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            data["status"] = LIVE
        super().__init__(data, *args, request=request, **kwargs)
        if request.membership.member_id:  # a member contact sees only its member: no member filter
            del self.filters["member"]
        else:
            self.filters["member"].queryset = scoped(Member, request.membership).only("public_id", "name")

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(job_title__icontains=value) | Q(rome_code__iexact=value.strip()))

    def filter_status(self, queryset, name, value):
        if value == LIVE:
            return queryset.live()
        if value in NeedStatus.values:
            return queryset.filter(status=value)
        return queryset

    def filter_city(self, queryset, name, value):
        return queryset.filter(Q(site__city__icontains=value) | Q(site__isnull=True, city__icontains=value))
