"""API resources of the needs app: needs, census campaigns, consolidations, positions.

Same rules as the pages: staff read; directors and planners write; a member contact reads and
declares its own member's needs. DELETE on a need withdraws it (nothing is deleted). POST on
consolidations starts a run and answers its id; GET gives status, progress and, when done, the plan
in the engine's JSON.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.response import Response

from mutualis.accounts.roles import Role
from mutualis.api.base import ScopedRelatedField, TenantViewSet, django_errors_to_api
from mutualis.core.access import Perms
from mutualis.employees.models import Skill
from mutualis.members.models import Member, Site
from mutualis.needs import consolidation, services
from mutualis.needs import perms as need_perms
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
        if "job_families" in value:
            from mutualis.engine.instance import InstanceError, parse_job_families

            try:
                parse_job_families(value["job_families"], "params.job_families")
            except InstanceError as exc:
                raise serializers.ValidationError(
                    _(
                        'Familles de métiers invalides (%(error)s) : « same », « any » ou des groupes comme [["G16", "G17"]].'
                    )
                    % {"error": exc}
                ) from exc
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


class NeedsTenantViewSet(TenantViewSet):
    # Staff read; directors and planners write (the pages' rules, mutualis/needs/perms.py).
    permission_classes = [Perms]
    perms = {"write": need_perms.can_run_consolidation}
    readers = staticmethod(need_perms.can_view_runs)


class ReadOnlyTenantViewSet(NeedsTenantViewSet):
    http_method_names = ["get", "head", "options"]


@extend_schema_view(destroy=extend_schema(summary="Retirer le besoin (statut « retiré »)"))
class NeedViewSet(NeedsTenantViewSet):
    model = Need
    serializer_class = NeedSerializer
    perms = {"write": need_perms.can_declare_needs}
    readers = staticmethod(need_perms.can_list_needs)

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
        if not need_perms.can_edit_need(self.request.membership, obj):
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
        if not need_perms.can_edit_need(self.request.membership, obj):
            raise PermissionDenied(_("Vous ne pouvez pas retirer ce besoin."))
        services.withdraw_need(actor=self.actor, need=obj)


class CampaignViewSet(ReadOnlyTenantViewSet):
    model = CensusCampaign
    serializer_class = CampaignSerializer


class ConsolidationViewSet(NeedsTenantViewSet):
    model = ConsolidationRun
    serializer_class = ConsolidationSerializer
    http_method_names = ["get", "post", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("job")

    def get_object(self):
        # A run whose worker died is failed (or queued again) as soon as someone looks at it.
        return consolidation.reap_if_lost(super().get_object())

    @extend_schema(
        request=None,
        responses=ConsolidationSerializer,
        summary="Relancer une consolidation en échec ou annulée (même sélection, même tâche)",
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, public_id=None, **kwargs):
        run = self.get_object()
        try:
            run = consolidation.retry_consolidation(run=run, actor=request.user)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(self.get_serializer(run).data)

    @extend_schema(summary="Lancer une consolidation (tâche de fond) ; répond la consolidation créée")
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
        return Response(
            self.get_serializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_201_CREATED
        )


class AcceptPositionsSerializer(serializers.Serializer):
    run = ScopedRelatedField(ConsolidationRun, help_text=_("Consolidation terminée (identifiant public)."))
    positions = serializers.ListField(
        child=serializers.CharField(max_length=40),
        min_length=1,
        help_text=_("Postes du plan à accepter (« p1 », « p2 »…)."),
    )
    start_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_(
            "Pour les postes confiés à un salarié existant : début des mises à disposition, créées "
            "aussitôt (mêmes contrôles que toute mise à disposition)."
        ),
    )


class PositionViewSet(NeedsTenantViewSet):
    model = Position
    serializer_class = PositionSerializer
    readers = staticmethod(need_perms.can_list_positions)
    http_method_names = ["get", "post", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("run").prefetch_related("needs", "members")

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")

    @extend_schema(
        request=AcceptPositionsSerializer,
        responses=PositionSerializer(many=True),
        summary="Accepter des postes d'une consolidation : ils deviennent des postes à recruter",
    )
    @action(detail=False, methods=["post"])
    def accept(self, request, **kwargs):
        body = AcceptPositionsSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        from mutualis.recruitment.services import staff_position

        start_date = body.validated_data.get("start_date")
        try:
            with transaction.atomic():
                created = consolidation.accept_positions(
                    run=body.validated_data["run"],
                    position_ids=body.validated_data["positions"],
                    actor=request.user,
                )
                for position in created:
                    if start_date and position.employee_id:
                        staff_position(
                            membership=request.membership, position=position, start_date=start_date
                        )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        rows = self.get_queryset().filter(pk__in=[p.pk for p in created]).order_by("plan_position_id")
        return Response(PositionSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("needs", NeedViewSet, "need"),
    ("census-campaigns", CampaignViewSet, "census-campaign"),
    ("consolidations", ConsolidationViewSet, "consolidation"),
    ("positions", PositionViewSet, "position"),
]
