import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.tenancy import scoped
from mutualis.members.models import Member, MemberKind, Site
from mutualis.www.tables import StatusFilterSet


class MemberFilter(StatusFilterSet):
    q = django_filters.CharFilter(label=_("Nom ou SIRET"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Nature"), choices=MemberKind.choices, empty_label=_("Toutes"))
    city = django_filters.CharFilter(label=_("Commune d'un site"), method="filter_city")

    class Meta:
        model = Member
        fields = ["q", "kind", "city", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(siret__contains=value.replace(" ", "")))

    def filter_city(self, queryset, name, value):
        return queryset.filter(sites__city__icontains=value).distinct()


class SiteFilter(StatusFilterSet):
    q = django_filters.CharFilter(label=_("Nom du site ou de l'adhérent"), method="filter_q")
    city = django_filters.CharFilter(label=_("Commune"), field_name="city", lookup_expr="icontains")
    member = django_filters.ModelChoiceFilter(
        label=_("Adhérent"), queryset=Member.objects.none(), empty_label=_("Tous"), to_field_name="public_id"
    )
    geocoded = django_filters.ChoiceFilter(
        label=_("Coordonnées"),
        choices=[("yes", _("Renseignées")), ("no", _("Manquantes"))],
        method="filter_geocoded",
        empty_label=_("Toutes"),
    )

    class Meta:
        model = Site
        fields = ["q", "member", "city", "geocoded", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["member"].queryset = scoped(Member, request.membership).only("public_id", "name")

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(member__name__icontains=value))

    def filter_geocoded(self, queryset, name, value):
        return queryset.filter(latitude__isnull=(value == "no"))
