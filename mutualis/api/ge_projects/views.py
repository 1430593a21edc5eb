"""`/api/v1/ge-projects/`: GE projects of the caller's organisation. `POST …/{id}/employers/` records
an employer's census answer with its needs, `POST …/{id}/study/` runs the study (parameters in the
body) and `GET …/{id}/study/` reads it, `POST …/{id}/create-group/` is « Créer le GE »."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mutualis.api.base import django_errors_to_api, set_membership
from mutualis.core.access import Perms
from mutualis.employer_groups.models import LegalForm, VatRegime
from mutualis.ge_projects import perms, selectors, services
from mutualis.ge_projects import study as study_module
from mutualis.ge_projects.models import GEProject
from mutualis.members.models import MemberKind
from mutualis.needs.models import NeedKind
from mutualis.territories import selectors as territory_selectors


class ProjectSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    territory = serializers.UUIDField(write_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    group = serializers.SlugRelatedField(slug_field="public_id", read_only=True)

    class Meta:
        model = GEProject
        fields = (
            "id",
            "name",
            "territory",
            "territory_name",
            "description",
            "census_opens_on",
            "census_closes_on",
            "status",
            "group",
            "studied_at",
            "created_at",
        )
        read_only_fields = ("status", "studied_at", "created_at")


class ProjectNeedInput(serializers.Serializer):
    job_title = serializers.CharField(max_length=200)
    rome_code = serializers.CharField(max_length=5, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=NeedKind.choices, default=NeedKind.FIXED)
    slots = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        required=False,
    )
    windows = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        required=False,
    )
    weekly_minutes = serializers.IntegerField(required=False, allow_null=True)
    weeks = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True)


class EmployerInput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=MemberKind.choices, default=MemberKind.COMPANY)
    siret = serializers.CharField(max_length=20)
    commune_code = serializers.CharField(max_length=5)
    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    needs = ProjectNeedInput(many=True)


class StudyParameters(serializers.Serializer):
    gross_hourly_wage = serializers.DecimalField(max_digits=8, decimal_places=4, required=False)
    employer_charges_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    billable_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    coefficient = serializers.DecimalField(max_digits=5, decimal_places=3, required=False)
    overheads_per_year = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    aids_per_year = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    ramp_up = serializers.ListField(child=serializers.IntegerField(), required=False)


class CreateGroupInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    legal_form = serializers.ChoiceField(choices=LegalForm.choices)
    siren = serializers.CharField(max_length=11)
    vat_regime = serializers.ChoiceField(choices=VatRegime.choices)
    invoice_prefix = serializers.CharField(max_length=10)
    director_email = serializers.EmailField()
    director_first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    director_last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class CreatedGroup(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    slug = serializers.CharField()
    members = serializers.IntegerField()
    needs = serializers.IntegerField()


def _run(membership, project):
    return perms.can_run_project(membership, project)


class GEProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ProjectSerializer
    permission_classes = [Perms]
    perms = {"read": perms.can_list_projects, "write": perms.can_list_projects}
    object_perms = {"read": _run, "write": _run}
    lookup_field = "public_id"

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return GEProject.objects.none()
        return selectors.projects_for(membership).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        territory = territory_selectors.territory_for(self.request.membership, data.pop("territory"))
        if territory is None:
            raise serializers.ValidationError(
                {"territory": ["Territoire inconnu parmi ceux de votre organisation."]}
            )
        try:
            serializer.instance = services.create_project(
                actor=self.request.user,
                organisation=self.request.membership.organisation,
                territory=territory,
                **data,
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    @extend_schema(request=EmployerInput, responses=EmployerInput)
    @action(detail=True, methods=["post"], serializer_class=EmployerInput)
    def employers(self, request, public_id=None, **kwargs):
        project = self.get_object()
        serializer = EmployerInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        needs = [dict(n) for n in data.pop("needs")]
        try:
            employer = services.add_employer(actor=request.user, project=project, needs=needs, **data)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(
            {"id": str(employer.public_id), "name": employer.name, "needs": employer.needs.count()},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=StudyParameters, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get", "post"], serializer_class=StudyParameters)
    def study(self, request, public_id=None, **kwargs):
        project = self.get_object()
        if request.method == "POST":
            serializer = StudyParameters(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                if serializer.validated_data:
                    services.update_study_parameters(
                        actor=request.user, project=project, **serializer.validated_data
                    )
                project = services.run_study(actor=request.user, project=project)
            except DjangoValidationError as exc:
                raise django_errors_to_api(exc) from exc
        elif not project.plan:
            return Response(
                {"detail": "L'étude n'est pas encore calculée."}, status=status.HTTP_404_NOT_FOUND
            )
        result = study_module.study(project)
        return Response(serializers.JSONField().to_representation(_jsonable(result)))

    @extend_schema(request=CreateGroupInput, responses=CreatedGroup)
    @action(detail=True, methods=["post"], url_path="create-group", serializer_class=CreateGroupInput)
    def create_group(self, request, public_id=None, **kwargs):
        project = self.get_object()
        serializer = CreateGroupInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            group = services.create_group(
                actor=request.user,
                project=project,
                invitation_url=request.build_absolute_uri,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        from mutualis.members.models import Member
        from mutualis.needs.models import Need

        payload = {
            "public_id": group.public_id,
            "name": group.name,
            "slug": group.slug,
            "members": Member.objects.filter(group=group).count(),
            "needs": Need.objects.filter(group=group).count(),
        }
        return Response(CreatedGroup(payload).data, status=status.HTTP_201_CREATED)


def _jsonable(value):
    """Decimals as strings, dates as ISO strings (the study is plain data)."""
    import datetime
    from decimal import Decimal

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


ROUTES = [("ge-projects", GEProjectViewSet, "ge-project")]
