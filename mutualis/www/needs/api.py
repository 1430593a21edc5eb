"""API resources of the needs app: needs, census campaigns, consolidations, positions.

Same rules as the pages: staff read; directors and planners write; a member contact reads and
declares its own member's needs. DELETE on a need withdraws it (nothing is deleted). POST on
consolidations starts a run and answers its id; GET gives status, progress and, when done, the plan
in the engine's JSON.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role
from mutualis.api.base import ScopedRelatedField, TenantViewSet, django_errors_to_api
from mutualis.employees.models import Skill
from mutualis.members.models import Member, Site
from mutualis.needs import consolidation, perms, services
from mutualis.needs.instance import PARAM_DEFAULTS
from mutualis.needs.models import CensusCampaign, ConsolidationRun, Need, NeedKind, NeedStatus, Position
from mutualis.needs.selectors import FILTER_KEYS


class RangeSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text=_("Minutes depuis le lundi 00:00 (0 à 11 519)."))
    end = serializers.IntegerField(help_text=_("Minutes depuis le lundi 00:00 (1 à 11 520), après le début."))


class NeedSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    member = ScopedRelatedField(Member, required=False, help_text=_("Identifiant de l'adhérent."))
    site = ScopedRelatedField(Site, required=False, allow_null=True, help_text=_("Identifiant du site."))
    skills = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Skill.objects.all(), required=False
    )
    slots = RangeSerializer(many=True, required=False)
    windows = RangeSerializer(many=True, required=False)
    weeks = serializers.ListField(child=serializers.IntegerField(), allow_null=True, required=False)

    class Meta:
        model = Need
        fields = (
            "id",
            "member",
            "site",
            "job_title",
            "rome_code",
            "skills",
            "kind",
            "slots",
            "windows",
            "weekly_minutes",
            "min_block_minutes",
            "max_block_minutes",
            "weeks",
            "start_date",
            "expected_duration_months",
            "comments",
            "status",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")


class CampaignSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = CensusCampaign
        fields = ("id", "name", "territory", "description", "opens_on", "closes_on", "status", "created_at")
        read_only_fields = fields


class ConsolidationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    progress = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    plan = serializers.SerializerMethodField()
    campaign = ScopedRelatedField(CensusCampaign, required=False, allow_null=True)
    filters = serializers.DictField(
        required=False,
        help_text=lazy(lambda: _("Sélection : %(keys)s") % {"keys": ", ".join(sorted(FILTER_KEYS))}, str)(),
    )
    params = serializers.DictField(required=False, help_text=_("Paramètres du moteur (ENGINE.md)."))

    class Meta:
        model = ConsolidationRun
        fields = (
            "id",
            "label",
            "campaign",
            "filters",
            "params",
            "include_employees",
            "seed",
            "time_limit_seconds",
            "status",
            "progress",
            "message",
            "kpis",
            "id_map",
            "plan",
            "error",
            "created_at",
            "finished_at",
        )
        read_only_fields = ("status", "kpis", "id_map", "error", "created_at", "finished_at")

    def get_progress(self, run) -> int:
        return run.job.progress if run.job_id else 0

    def get_message(self, run) -> str:
        return run.job.message if run.job_id else ""

    def get_plan(self, run) -> dict | None:
        return run.plan

    def validate_params(self, value):
        unknown = sorted(set(value) - set(PARAM_DEFAULTS))
        if unknown:
            raise serializers.ValidationError(
                _("Paramètres inconnus : %(names)s.") % {"names": ", ".join(unknown)}
            )
        return value

    def validate_filters(self, value):
        unknown = sorted(set(value) - FILTER_KEYS)
        if unknown:
            raise serializers.ValidationError(
                _("Critères inconnus : %(names)s.") % {"names": ", ".join(unknown)}
            )
        return value


class PositionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    needs = serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True)
    members = serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True)
    run = serializers.SlugRelatedField(slug_field="public_id", read_only=True)

    class Meta:
        model = Position
        fields = (
            "id",
            "run",
            "plan_position_id",
            "title",
            "rome_code",
            "needs",
            "members",
            "weekly_minutes",
            "travel_minutes",
            "schedule",
            "status",
            "accepted_at",
        )
        read_only_fields = fields


class ReadOnlyTenantViewSet(TenantViewSet):
    http_method_names = ["get", "head", "options"]


@extend_schema_view(destroy=extend_schema(summary="Retirer le besoin (statut « retiré »)"))
class NeedViewSet(TenantViewSet):
    model = Need
    serializer_class = NeedSerializer
    read_roles = STAFF_ROLES | {Role.MEMBER_CONTACT}
    write_roles = REGISTRY_WRITE_ROLES | {Role.MEMBER_CONTACT}

    def optimise(self, qs):
        # Census answers count once their e-mail link was followed (as in the pages).
        return (
            qs.exclude(declaration__isnull=False, declaration__confirmed_at__isnull=True)
            .select_related("member", "site")
            .prefetch_related("skills", "slots", "windows")
        )

    def _schedule(self, data):
        schedule = {}
        for name in ("slots", "windows"):
            if name in data:
                schedule[name] = [(r["start"], r["end"]) for r in data.pop(name)]
        return schedule

    def create_object(self, data):
        membership = self.request.membership
        if membership.role == Role.MEMBER_CONTACT:
            data["member"] = membership.member
        if data.get("status") not in (None, NeedStatus.DRAFT, NeedStatus.OPEN):
            raise DjangoValidationError({"status": _("Un besoin se déclare en brouillon ou ouvert.")})
        if data.get("kind") == NeedKind.FLEXIBLE:
            data.setdefault("slots", [])
        schedule = self._schedule(data)
        skills = data.pop("skills", [])
        return services.create_need(actor=self.actor, group=self.group, skills=skills, **schedule, **data)

    def update_object(self, obj, data):
        if not perms.can_edit_need(self.request.membership, obj):
            raise PermissionDenied(_("Vous ne pouvez pas modifier ce besoin."))
        if self.request.membership.role == Role.MEMBER_CONTACT:
            data.pop("member", None)
        if (
            data.get("status") in (NeedStatus.CONSOLIDATED, NeedStatus.FILLED)
            and data["status"] != obj.status
        ):
            raise DjangoValidationError({"status": _("Ce statut vient de l'acceptation d'un poste.")})
        schedule = self._schedule(data)
        skills = data.pop("skills", None)
        return services.update_need(actor=self.actor, need=obj, skills=skills, **schedule, **data)

    def archive_object(self, obj):
        if not perms.can_edit_need(self.request.membership, obj):
            raise PermissionDenied(_("Vous ne pouvez pas retirer ce besoin."))
        services.withdraw_need(actor=self.actor, need=obj)


class CampaignViewSet(ReadOnlyTenantViewSet):
    model = CensusCampaign
    serializer_class = CampaignSerializer


class ConsolidationViewSet(TenantViewSet):
    model = ConsolidationRun
    serializer_class = ConsolidationSerializer
    http_method_names = ["get", "post", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("job")

    @extend_schema(summary="Lancer une consolidation (tâche de fond) ; répond son identifiant")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            run = consolidation.start_consolidation(
                actor=request.user,
                group=request.membership.group,
                filters=data.get("filters"),
                params=data.get("params"),
                seed=data.get("seed", 0),
                time_limit_seconds=data.get("time_limit_seconds", 30),
                include_employees=data.get("include_employees", False),
                label=data.get("label", ""),
                campaign=data.get("campaign"),
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response({"id": str(run.public_id)}, status=status.HTTP_201_CREATED)


class PositionViewSet(ReadOnlyTenantViewSet):
    model = Position
    serializer_class = PositionSerializer
    read_roles = STAFF_ROLES | {Role.MEMBER_CONTACT}

    def optimise(self, qs):
        return qs.select_related("run").prefetch_related("needs", "members")


ROUTES = [
    ("needs", NeedViewSet, "need"),
    ("census-campaigns", CampaignViewSet, "census-campaign"),
    ("consolidations", ConsolidationViewSet, "consolidation"),
    ("positions", PositionViewSet, "position"),
]
