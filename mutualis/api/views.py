"""API resources: members, sites, employees, contracts (read-write), skills (read-only referential).

Same rules as the pages: directors and planners write; accountants read; a member contact reads
their own member and its sites; an employee reads themself and their contracts; partners and
observers see nothing here. DELETE archives (sets `archived_at`); nothing is ever deleted.
"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mutualis.accounts.models import Membership
from mutualis.core.access import Perms, signed_in
from mutualis.employees import perms as employee_perms
from mutualis.employees import services as employee_services
from mutualis.employees.models import Contract, Employee, Skill
from mutualis.members import perms as member_perms
from mutualis.members import services as member_services
from mutualis.members.models import Member, Site
from mutualis.referential.selectors import skills_for

from . import filters, serializers
from .base import ORGANISATION_HEADER, TenantViewSet, set_membership

ORGANISATION = OpenApiParameter(
    ORGANISATION_HEADER,
    OpenApiTypes.UUID,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Rattachement (identifiant public) au titre duquel agir ; par défaut le premier.",
)


class UnarchiveMixin:
    # POST <id>/unarchive/: the way back from DELETE (which archives). No docstring: the schema
    # would show it as every operation's description.

    @extend_schema(
        request=None,
        parameters=[ORGANISATION],
        summary="Désarchiver",
        description="Efface `archived_at` : l'objet redevient actif. Sans effet s'il ne l'était pas.",
    )
    @action(detail=True, methods=["post"])
    def unarchive(self, request, *args, **kwargs):
        obj = self.get_object()
        self.unarchive_object(obj)
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)


def tenant_schema(name):
    return extend_schema_view(
        list=extend_schema(parameters=[ORGANISATION], summary=f"Liste des {name}"),
        retrieve=extend_schema(parameters=[ORGANISATION]),
        create=extend_schema(parameters=[ORGANISATION]),
        update=extend_schema(parameters=[ORGANISATION]),
        partial_update=extend_schema(parameters=[ORGANISATION]),
        destroy=extend_schema(
            parameters=[ORGANISATION],
            summary="Archiver",
            description="Archive l'objet (renseigne `archived_at`) : rien n'est supprimé, "
            "l'objet reste lisible et filtrable avec `?archived=true`.",
        ),
    )


@tenant_schema("adhérents")
class MemberViewSet(UnarchiveMixin, TenantViewSet):
    """Adhérents du groupement (un contact adhérent ne voit que le sien)."""

    model = Member
    serializer_class = serializers.MemberSerializer
    filterset_class = filters.MemberFilter
    permission_classes = [Perms]
    perms = {"write": member_perms.can_write_registry}
    readers = staticmethod(member_perms.can_read_members)

    def create_object(self, data):
        return member_services.create_member(actor=self.actor, group=self.group, **data)

    def update_object(self, obj, data):
        return member_services.update_member(actor=self.actor, member=obj, **data)

    def archive_object(self, obj):
        member_services.archive_member(actor=self.actor, member=obj)

    def unarchive_object(self, obj):
        member_services.unarchive_member(actor=self.actor, member=obj)


@tenant_schema("sites")
class SiteViewSet(UnarchiveMixin, TenantViewSet):
    """Sites des adhérents (un contact adhérent ne voit que ceux de son adhérent)."""

    model = Site
    serializer_class = serializers.SiteSerializer
    filterset_class = filters.SiteFilter
    permission_classes = [Perms]
    perms = {"write": member_perms.can_write_registry}
    readers = staticmethod(member_perms.can_read_members)

    def optimise(self, qs):
        return qs.select_related("member")

    def create_object(self, data):
        return member_services.create_site(actor=self.actor, **data)

    def update_object(self, obj, data):
        data.pop("member", None)
        return member_services.update_site(actor=self.actor, site=obj, **data)

    def archive_object(self, obj):
        member_services.archive_site(actor=self.actor, site=obj)

    def unarchive_object(self, obj):
        member_services.unarchive_site(actor=self.actor, site=obj)


@tenant_schema("salariés")
class EmployeeViewSet(UnarchiveMixin, TenantViewSet):
    """Salariés du groupement (un salarié ne voit que sa fiche)."""

    model = Employee
    serializer_class = serializers.EmployeeSerializer
    filterset_class = filters.EmployeeFilter
    permission_classes = [Perms]
    perms = {"write": employee_perms.can_write_registry}
    readers = staticmethod(employee_perms.can_read_employees)

    def optimise(self, qs):
        return qs.select_related("home_site").prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("kind", "label", "id"))
        )

    def create_object(self, data):
        return employee_services.create_employee(actor=self.actor, group=self.group, **data)

    def update_object(self, obj, data):
        return employee_services.update_employee(actor=self.actor, employee=obj, **data)

    def archive_object(self, obj):
        employee_services.archive_employee(actor=self.actor, employee=obj)

    def unarchive_object(self, obj):
        employee_services.unarchive_employee(actor=self.actor, employee=obj)


@tenant_schema("contrats")
class ContractViewSet(UnarchiveMixin, TenantViewSet):
    """Contrats de travail et leur liste L1253-9 (un salarié ne voit que les siens)."""

    model = Contract
    serializer_class = serializers.ContractSerializer
    filterset_class = filters.ContractFilter
    permission_classes = [Perms]
    perms = {"write": employee_perms.can_write_registry}
    readers = staticmethod(employee_perms.can_read_employees)

    def optimise(self, qs):
        return qs.select_related("employee").prefetch_related(
            Prefetch("potential_members", queryset=Member.objects.order_by("name", "id")),
            Prefetch("places", queryset=Site.objects.order_by("name", "id")),
        )

    def create_object(self, data):
        return employee_services.create_contract(actor=self.actor, **data)

    def update_object(self, obj, data):
        data.pop("employee", None)
        return employee_services.update_contract(actor=self.actor, contract=obj, **data)

    def archive_object(self, obj):
        employee_services.archive_contract(actor=self.actor, contract=obj)

    def unarchive_object(self, obj):
        employee_services.unarchive_contract(actor=self.actor, contract=obj)


@extend_schema_view(list=extend_schema(summary="Mes rattachements", parameters=[ORGANISATION]))
class MembershipViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Mes rattachements actifs (jamais ceux des autres) ; `current` marque celui de la requête."""

    serializer_class = serializers.MembershipSerializer
    permission_classes = [Perms]
    # Read-only: no write route exists, so writes reach DRF's 405 rather than a 403.
    perms = {"read": signed_in, "write": signed_in}
    pagination_class = None
    filter_backends = []

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return self.request.user.active_memberships()


@extend_schema_view(list=extend_schema(summary="Référentiel des compétences"))
class SkillViewSet(viewsets.ReadOnlyModelViewSet):
    """Référentiel partagé des compétences (codes ROME pour les techniques), en lecture seule."""

    serializer_class = serializers.SkillSerializer
    filterset_class = filters.SkillFilter
    lookup_field = "code"
    permission_classes = [Perms]
    # Read-only: no write route exists, so writes reach DRF's 405 rather than a 403.
    perms = {"read": signed_in, "write": signed_in}

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if membership is None:
            return Skill.objects.none()
        # The shipped referential and the GE's own skills, never another GE's.
        return skills_for(membership.group).order_by("kind", "label", "id")
