import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.tenancy import scoped
from mutualis.employees.models import Contract, ContractKind, Employee, Skill
from mutualis.members.models import Member
from mutualis.www.tables import StatusFilterSet


class EmployeeFilter(StatusFilterSet):
    q = django_filters.CharFilter(label=_("Nom, prénom ou courriel"), method="filter_q")
    city = django_filters.CharFilter(label=_("Commune"), field_name="city", lookup_expr="icontains")
    skill = django_filters.ModelChoiceFilter(
        label=_("Compétence"),
        field_name="skills",
        queryset=Skill.objects.order_by("kind", "label"),
        empty_label=_("Toutes"),
    )
    contract_kind = django_filters.ChoiceFilter(
        label=_("Type de contrat"),
        choices=ContractKind.choices,
        method="filter_contract_kind",
        empty_label=_("Tous"),
    )

    class Meta:
        model = Employee
        fields = ["q", "city", "skill", "contract_kind", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(last_name__icontains=value) | Q(first_name__icontains=value) | Q(email__icontains=value)
        )

    def filter_contract_kind(self, queryset, name, value):
        return queryset.filter(contracts__kind=value, contracts__archived_at__isnull=True).distinct()


class ContractFilter(StatusFilterSet):
    q = django_filters.CharFilter(label=_("Salarié ou emploi"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Type de contrat"), choices=ContractKind.choices, empty_label=_("Tous")
    )
    member = django_filters.ModelChoiceFilter(
        label=_("Utilisateur potentiel"),
        field_name="potential_members",
        queryset=Member.objects.none(),
        to_field_name="public_id",
        empty_label=_("Tous"),
    )
    current = django_filters.ChoiceFilter(
        label=_("Période"),
        choices=[("yes", _("En cours aujourd'hui")), ("no", _("Terminés ou à venir"))],
        method="filter_current",
        empty_label=_("Toutes"),
    )

    class Meta:
        model = Contract
        fields = ["q", "kind", "member", "current", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["member"].queryset = scoped(Member, request.membership).only("public_id", "name")

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(employee__last_name__icontains=value)
            | Q(employee__first_name__icontains=value)
            | Q(job_title__icontains=value)
        )

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        current = queryset.current(today)
        return current if value == "yes" else queryset.exclude(pk__in=current.values("pk"))
