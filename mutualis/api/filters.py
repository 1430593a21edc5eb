"""Query-string filters of the API lists (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualis.employees.models import Contract, ContractKind, Employee, Skill, SkillKind
from mutualis.members.models import Member, MemberKind, MemberVatStatus, Site


class ArchivedFilterSet(django_filters.FilterSet):
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True, label=_("Archivé")
    )


class MemberFilter(ArchivedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Recherche (raison sociale, SIRET)"))
    kind = django_filters.ChoiceFilter(choices=MemberKind.choices, label=_("Nature"))
    vat_status = django_filters.ChoiceFilter(choices=MemberVatStatus.choices, label=_("Statut TVA"))

    class Meta:
        model = Member
        fields = ["q", "kind", "vat_status", "archived"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(siret__startswith=value.replace(" ", "")))


class SiteFilter(ArchivedFilterSet):
    member = django_filters.UUIDFilter(field_name="member__public_id", label=_("Adhérent (identifiant)"))
    city = django_filters.CharFilter(lookup_expr="icontains", label=_("Commune"))
    postcode = django_filters.CharFilter(lookup_expr="startswith", label=_("Code postal"))

    class Meta:
        model = Site
        fields = ["member", "city", "postcode", "archived"]


class EmployeeFilter(ArchivedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Recherche (nom, prénom)"))
    skill = django_filters.CharFilter(field_name="skills__code", label=_("Compétence (code)"), distinct=True)
    home_site = django_filters.UUIDFilter(field_name="home_site__public_id", label=_("Site de rattachement"))

    class Meta:
        model = Employee
        fields = ["q", "skill", "home_site", "archived"]

    def search(self, qs, name, value):
        return qs.filter(Q(last_name__icontains=value) | Q(first_name__icontains=value))


class ContractFilter(ArchivedFilterSet):
    employee = django_filters.UUIDFilter(field_name="employee__public_id", label=_("Salarié (identifiant)"))
    member = django_filters.UUIDFilter(
        field_name="potential_members__public_id", label=_("Adhérent utilisateur potentiel"), distinct=True
    )
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, label=_("Type de contrat"))
    current_on = django_filters.DateFilter(method="current", label=_("En cours à la date"))

    class Meta:
        model = Contract
        fields = ["employee", "member", "kind", "current_on", "archived"]

    def current(self, qs, name, value):
        return qs.current(value)


class SkillFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SkillKind.choices, label=_("Type"))
    q = django_filters.CharFilter(method="search", label=_("Recherche (libellé, code ROME)"))

    class Meta:
        model = Skill
        fields = ["kind", "q"]

    def search(self, qs, name, value):
        return qs.filter(Q(label__icontains=value) | Q(rome_code__iexact=value) | Q(code__iexact=value))
