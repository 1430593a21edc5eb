"""API of a GE's administration (issue 11): the team and invitations, roles and deactivation; the
dated rates the pages edit (billing coefficients, cost parameters) and the SMIC table.

Same rules as the pages (mutualis/accounts/perms.py, mutualis/billing/perms.py).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from mutualis.accounts import perms as account_perms
from mutualis.accounts import services as account_services
from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.api.base import ScopedRelatedField, django_errors_to_api, set_membership
from mutualis.billing import perms as billing_perms
from mutualis.billing import services as billing_services
from mutualis.billing.models import BillingCoefficient, CostParameters, MinimumWage
from mutualis.core.access import Perms
from mutualis.employees.models import Employee
from mutualis.members.models import Member


class TeamMemberSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    member = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    employee = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ("id", "email", "name", "role", "member", "employee", "is_active", "status")
        read_only_fields = fields

    def get_status(self, membership) -> str:
        return str(account_services.status_of(membership))


class InvitationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(required=False, allow_blank=True, default="")
    last_name = serializers.CharField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in Role if r in account_services.INVITABLE_ROLES]
    )
    member = ScopedRelatedField(
        Member, required=False, allow_null=True, help_text=_("Pour un contact adhérent.")
    )
    employee = ScopedRelatedField(Employee, required=False, allow_null=True, help_text=_("Pour un salarié."))


class TeamChangeSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in (Role.DIRECTOR, Role.PLANNER, Role.ACCOUNTANT)], required=False
    )
    is_active = serializers.BooleanField(required=False)


def _can_invite(membership):
    return account_perms.can_invite_contacts(membership)


class TeamViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The GE's people (read by director and planner): invite (`POST`, an e-mail with a link to set the password), change a
    staff role or deactivate (`PATCH` with `role` or `is_active`). Directors and planners may invite
    member contacts and employees."""

    serializer_class = TeamMemberSerializer
    permission_classes = [Perms]
    perms = {
        "list": _can_invite,
        "retrieve": _can_invite,
        "create": _can_invite,
        "partial_update": account_perms.can_manage_team,
    }
    lookup_field = "public_id"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or not account_perms.can_invite_contacts(membership):
            return Membership.objects.none()
        return (
            Membership.objects.filter(group_id=membership.group_id)
            .select_related("user", "member", "employee")
            .order_by("role", "user__last_name", "pk")
        )

    @extend_schema(
        request=InvitationSerializer, responses=TeamMemberSerializer, summary="Inviter une personne"
    )
    def create(self, request, *args, **kwargs):
        serializer = InvitationSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            membership = account_services.invite(
                inviter=request.membership,
                base_url=request.build_absolute_uri("/"),
                **serializer.validated_data,
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(TeamMemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TeamChangeSerializer, responses=TeamMemberSerializer, summary="Changer un rôle ou désactiver"
    )
    def partial_update(self, request, *args, **kwargs):
        target = self.get_object()
        serializer = TeamChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if "role" in data:
                account_services.change_role(actor=request.membership, membership=target, role=data["role"])
            if "is_active" in data:
                account_services.set_active(
                    actor=request.membership, membership=target, active=data["is_active"]
                )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        target.refresh_from_db()
        return Response(TeamMemberSerializer(target).data)


class _DatedRuleViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A GE's dated rules: staff read, director and accountant add (a rule is never changed: a new
    row with a later date replaces it)."""

    permission_classes = [Perms]
    perms = {"read": billing_perms.can_view_billing, "create": billing_perms.can_edit_billing_settings}
    model = None

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or not billing_perms.can_view_billing(membership):
            return self.model.objects.none()
        return self.model.objects.for_group(membership.group).order_by("-valid_from", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = billing_services.create_rate(
                group=self.request.membership.group, model=self.model, data=data, user=self.request.user
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc


class CoefficientSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = BillingCoefficient
        fields = ("id", "coefficient", "contract_kind", "rome_code", "valid_from")
        validators = []


class CostParametersSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = CostParameters
        fields = (
            "id",
            "employer_contribution_rate",
            "paid_leave_rate",
            "equal_treatment_bonus_per_hour",
            "valid_from",
        )
        validators = []


class CoefficientViewSet(_DatedRuleViewSet):
    """Coefficients de facturation du GE (par défaut, par type de contrat, par emploi)."""

    model = BillingCoefficient
    serializer_class = CoefficientSerializer


class CostParametersViewSet(_DatedRuleViewSet):
    """Paramètres du coût exact (cotisations, congés payés, prime d'égalité de traitement)."""

    model = CostParameters
    serializer_class = CostParametersSerializer


class MinimumWageSerializer(serializers.ModelSerializer):
    class Meta:
        model = MinimumWage
        fields = ("hourly_amount", "valid_from", "source")
        validators = []


class MinimumWageViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Le barème national du SMIC horaire brut : lu par le personnel des GE, complété par direction et
    comptabilité (un décret ajoute une ligne)."""

    serializer_class = MinimumWageSerializer
    permission_classes = [Perms]
    perms = {"read": billing_perms.can_view_billing, "create": billing_perms.can_edit_billing_settings}

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or not billing_perms.can_view_billing(membership):
            return MinimumWage.objects.none()
        return MinimumWage.objects.order_by("-valid_from")

    def perform_create(self, serializer):
        try:
            serializer.instance = billing_services.add_minimum_wage(
                user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc


ROUTES = [
    ("team", TeamViewSet, "team"),
    ("billing-coefficients", CoefficientViewSet, "billing-coefficient"),
    ("cost-parameters", CostParametersViewSet, "cost-parameters"),
    ("minimum-wages", MinimumWageViewSet, "minimum-wage"),
]
