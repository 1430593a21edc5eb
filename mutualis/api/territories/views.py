"""`/api/v1/territories/`: the territories of the caller (officer: its organisation's; GE staff: its
GE's), creating one (officers), and `POST …/{id}/sharing/` (a GE director records what the GE shares)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mutualis.api.base import django_errors_to_api, set_membership
from mutualis.core.access import Perms
from mutualis.territories import perms, selectors, services
from mutualis.territories.models import ForecastRow, SharingAgreement, Territory, TerritoryKind


class TerritorySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    commune_codes = serializers.ListField(
        child=serializers.CharField(max_length=5), write_only=True, required=False
    )
    commune_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Territory
        fields = ("id", "name", "kind", "source_code", "commune_codes", "commune_count", "created_at")
        read_only_fields = ("created_at",)


class SharingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = SharingAgreement
        fields = ("id", "observatory", "exchange", "gpec", "directory", "updated_at")
        read_only_fields = ("updated_at",)


class TerritoryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = TerritorySerializer
    permission_classes = [Perms]
    perms = {
        "read": perms.can_list_territories,
        "create": perms.can_create_territory,
        "sharing": perms.can_manage_sharing,
    }
    lookup_field = "public_id"

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return Territory.objects.none()
        if self.action == "sharing":
            # A director may join any active territory.
            return Territory.objects.filter(is_active=True)
        return selectors.territories_for(membership).order_by("name", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            territory = services.create_territory(
                actor=self.request.user,
                name=data["name"],
                kind=data.get("kind", TerritoryKind.CUSTOM),
                source_code=data.get("source_code", ""),
                commune_codes=data.get("commune_codes", []),
                organisation=self.request.membership.organisation,
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        serializer.instance = selectors.territories_for(self.request.membership).get(pk=territory.pk)

    @extend_schema(request=SharingSerializer, responses=SharingSerializer)
    @action(detail=True, methods=["post"], serializer_class=SharingSerializer)
    def sharing(self, request, public_id=None, **kwargs):
        territory = self.get_object()
        serializer = SharingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flags = {k: v for k, v in serializer.validated_data.items() if k in services.SHARING_FIELDS}
        try:
            agreement = services.set_sharing(
                actor=request.user, group=request.membership.group, territory=territory, **flags
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(SharingSerializer(agreement).data, status=status.HTTP_200_OK)


ROUTES = [("territories", TerritoryViewSet, "territory")]


# --- Observatory and GPEC ----------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    family = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False)
    hidden = serializers.BooleanField()
    marker = serializers.CharField()


def _territory_param(request):
    from rest_framework.exceptions import ValidationError as ApiValidationError

    raw = request.query_params.get("territory", "")
    try:
        import uuid

        uuid.UUID(raw)
    except ValueError as exc:
        raise ApiValidationError({"territory": ["Indiquez l'identifiant d'un de vos territoires."]}) from exc
    territory = selectors.territory_for(request.membership, raw)
    if territory is None:
        from rest_framework.exceptions import NotFound

        raise NotFound
    return territory


class IndicatorViewSet(viewsets.GenericViewSet):
    serializer_class = IndicatorSerializer
    permission_classes = [Perms]
    perms = {"read": perms.can_view_observatory}

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        return Territory.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("territory", str, required=True, description="Identifiant du territoire"),
            OpenApiParameter("quarter", str, required=False, description="Trimestre, par exemple 2026-T3"),
        ],
        responses=IndicatorSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        from django.utils import timezone

        from mutualis.territories import observatory

        territory = _territory_param(request)
        quarter = request.query_params.get("quarter") or observatory.current_quarter(timezone.localdate())
        try:
            data = observatory.indicators(territory, quarter)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(IndicatorSerializer(data["cells"], many=True).data)


class ForecastRowSerializer(serializers.ModelSerializer):
    file = serializers.CharField(source="file.name", read_only=True)
    year = serializers.IntegerField(source="file.year", read_only=True)

    class Meta:
        model = ForecastRow
        fields = (
            "file",
            "year",
            "job_family",
            "job_family_label",
            "area",
            "planned_hires",
            "difficult_percent",
            "seasonal_percent",
        )


class ForecastImportSerializer(serializers.Serializer):
    territory = serializers.UUIDField()
    name = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    file = serializers.FileField()


class ForecastViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ForecastRowSerializer
    permission_classes = [Perms]
    perms = {"read": perms.can_view_gpec, "create": perms.can_import_forecasts}

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return ForecastRow.objects.none()
        territories = selectors.territories_for(membership)
        qs = ForecastRow.objects.filter(file__territory__in=territories).select_related("file")
        if self.request.query_params.get("territory"):
            qs = qs.filter(file__territory__public_id=self.request.query_params["territory"])
        return qs.order_by("file__territory__name", "job_family", "area", "id")

    @extend_schema(request=ForecastImportSerializer, responses=ForecastRowSerializer(many=True))
    def create(self, request, *args, **kwargs):
        from mutualis.gpec import forecasts as gpec

        serializer = ForecastImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        territory = selectors.territory_for(request.membership, data["territory"])
        if territory is None:
            raise django_errors_to_api(DjangoValidationError({"territory": "Territoire inconnu."}))
        try:
            forecast = gpec.import_forecasts(
                actor=request.user,
                territory=territory,
                name=data["name"],
                year=data["year"],
                content=data["file"].read(),
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(
            ForecastRowSerializer(forecast.rows.all(), many=True).data, status=status.HTTP_201_CREATED
        )


ROUTES += [
    ("observatory/indicators", IndicatorViewSet, "observatory-indicator"),
    ("gpec/forecasts", ForecastViewSet, "gpec-forecast"),
]
