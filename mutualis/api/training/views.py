"""`/api/v1/training-bodies/`, `training-offers/` (+ `lheo/` export and `import-lheo/`),
`training-sessions/` (+ `share/`), `enrolments/` (+ `sign/`, `certify/`), `training-funding/`
(+ `move/`, `opco/`), `career-reviews/` (+ `due/`, `rules/`, `{id}/record/` PDF), `training-plans/`
(+ `draw/`), `training-plan-lines/`, `training-certifications/` (+ `expiring/`), `training-sales/`,
`training-documents/` (+ `download/`), `training-requests/` (+ `decide/`). Same rules as the pages (mutualis/training/perms.py); another
GE's trainee is 404."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mutualis.accounts.tenancy import scoped
from mutualis.api.base import django_errors_to_api, set_membership
from mutualis.core.access import Perms
from mutualis.employees.models import Employee, Skill
from mutualis.members.models import Member
from mutualis.territories.models import Territory
from mutualis.training import documents, lheo, services
from mutualis.training import perms as rules
from mutualis.training.models import (
    CareerReview,
    DocumentKind,
    EmployeeCertification,
    Enrolment,
    Funding,
    FundingStatus,
    HalfDay,
    RequestStatus,
    ReviewKind,
    SeatSale,
    TrainingAction,
    TrainingBody,
    TrainingDocument,
    TrainingOffer,
    TrainingPlan,
    TrainingPlanLine,
    TrainingRequest,
    TrainingSession,
)


class _Base(viewsets.GenericViewSet):
    permission_classes = [Perms]
    lookup_field = "public_id"

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    @property
    def membership(self):
        return getattr(self.request, "membership", None)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.membership is None:
            return self.model.objects.none()
        return scoped(self.model, self.membership).order_by("id")

    def _run(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc


class _PlainWrites:
    """Writes of plain records (no service of their own): the model's validation, then save.
    Listed first among a viewset's bases, so that it wins over DRF's create and update mixins."""

    def perform_create(self, serializer):
        obj = self.model(group=self.membership.group, **serializer.validated_data)
        self._run(obj.full_clean)
        obj.save()
        serializer.instance = obj

    def perform_update(self, serializer):
        obj = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(obj, key, value)
        self._run(obj.full_clean)
        obj.save()


class _GroupSlug(serializers.SlugRelatedField):
    """A related row of the caller's GE, addressed by public id."""

    def get_queryset(self):
        request = self.context["request"]
        return scoped(self.queryset_model, getattr(request, "membership", None))


class _BodyField(_GroupSlug):
    queryset_model = TrainingBody


class _OfferField(_GroupSlug):
    queryset_model = TrainingOffer


class _EmployeeField(_GroupSlug):
    queryset_model = Employee


class _MemberField(_GroupSlug):
    queryset_model = Member


class _SessionField(_GroupSlug):
    queryset_model = TrainingSession


class TrainingBodySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = TrainingBody
        fields = ("id", "name", "siret", "activity_number", "qualiopi_until")


class TrainingBodyViewSet(
    _PlainWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _Base,
):
    model = TrainingBody
    serializer_class = TrainingBodySerializer
    perms = {"read": rules.can_list_catalogue, "write": rules.can_manage}
    object_perms = {"write": rules.can_edit_own}
    http_method_names = ["get", "post", "patch", "head", "options"]


class TrainingActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = TrainingAction
        fields = ("id", "number", "hours", "price", "place", "distance")


class TrainingOfferSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    body = _BodyField(slug_field="public_id")
    skill = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), required=False, allow_null=True
    )
    actions = TrainingActionSerializer(many=True, required=False)

    class Meta:
        model = TrainingOffer
        fields = (
            "id",
            "number",
            "body",
            "title",
            "objective",
            "expected_results",
            "content",
            "certifying",
            "formacodes",
            "rome_codes",
            "nsf_codes",
            "certifications",
            "skill",
            "validity_months",
            "actions",
        )


class LheoImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class TrainingOfferViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base
):
    model = TrainingOffer
    serializer_class = TrainingOfferSerializer
    perms = {"read": rules.can_list_catalogue, "write": rules.can_manage}
    object_perms = {"write": rules.can_edit_own}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("body", "skill").prefetch_related("actions")

    def _save(self, offer, data):
        actions = data.pop("actions", None)
        for key, value in data.items():
            setattr(offer, key, value)
        self._run(offer.full_clean)
        offer.save()
        for item in actions or []:
            act = TrainingAction(group=offer.group, offer=offer, **item)
            self._run(act.full_clean)
            act.save()
        return offer

    def perform_create(self, serializer):
        from django.db import transaction

        with transaction.atomic():
            serializer.instance = self._save(
                TrainingOffer(group=self.membership.group), dict(serializer.validated_data)
            )

    def perform_update(self, serializer):
        from django.db import transaction

        with transaction.atomic():
            self._save(serializer.instance, dict(serializer.validated_data))

    @extend_schema(
        responses={(200, "application/xml"): OpenApiTypes.BINARY}, summary="Exporter le catalogue en LHEO 2.3"
    )
    @action(detail=False, methods=["get"])
    def lheo(self, request, **kwargs):
        offers = scoped(TrainingOffer, self.membership).filter(group=self.membership.group)
        response = HttpResponse(lheo.export_catalogue(offers), content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="catalogue-lheo.xml"'
        return response

    @extend_schema(
        request={"multipart/form-data": LheoImportSerializer},
        responses=TrainingOfferSerializer(many=True),
        summary="Importer un fichier LHEO",
    )
    @action(detail=False, methods=["post"], url_path="import-lheo")
    def import_lheo(self, request, **kwargs):
        body = LheoImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offers = self._run(
            lheo.import_catalogue, group=self.membership.group, data=body.validated_data["file"].read()
        )
        return Response(self.get_serializer(offers, many=True).data)


class TrainingSessionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    action = serializers.SlugRelatedField(slug_field="public_id", queryset=TrainingAction.objects.none())
    offer_title = serializers.CharField(source="action.offer.title", read_only=True)
    shared_with = serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True)
    seats_left = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = (
            "id",
            "action",
            "offer_title",
            "number",
            "starts_on",
            "ends_on",
            "places",
            "seats_left",
            "shared_with",
        )

    def get_fields(self):
        fields = super().get_fields()
        membership = getattr(self.context.get("request"), "membership", None)
        fields["action"].queryset = (
            scoped(TrainingAction, membership) if membership else TrainingAction.objects.none()
        )
        return fields

    def get_seats_left(self, obj) -> int:
        taken = getattr(obj, "seats_taken_n", None)  # annotated on lists (services.with_seats_taken)
        return obj.places - (services.seats_taken(obj) if taken is None else taken)


class ShareSerializer(serializers.Serializer):
    territories = serializers.ListField(child=serializers.UUIDField())


class TrainingSessionViewSet(
    _PlainWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _Base,
):
    model = TrainingSession
    serializer_class = TrainingSessionSerializer
    perms = {"read": rules.can_list_catalogue, "write": rules.can_manage}
    object_perms = {"write": rules.can_edit_own}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def object_visible(self, membership, obj):
        return True

    def get_queryset(self):
        return services.with_seats_taken(
            super().get_queryset().select_related("action__offer", "group").prefetch_related("shared_with")
        )

    @extend_schema(
        request=ShareSerializer,
        responses=TrainingSessionSerializer,
        summary="Ouvrir les places aux GE de territoires",
    )
    @action(detail=True, methods=["post"])
    def share(self, request, public_id=None, **kwargs):
        session = self.get_object()
        body = ShareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        territories = list(Territory.objects.filter(public_id__in=body.validated_data["territories"]))
        if len(territories) != len(set(body.validated_data["territories"])):
            raise django_errors_to_api(DjangoValidationError({"territories": "Territoire inconnu."}))
        self._run(services.share_session, session=session, territories=territories)
        return Response(self.get_serializer(session).data)


class EnrolmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    session = serializers.SlugRelatedField(slug_field="public_id", queryset=TrainingSession.objects.none())
    employee = _EmployeeField(slug_field="public_id")
    asked_by = _MemberField(slug_field="public_id", required=False, allow_null=True)
    net_cost = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = ("id", "session", "employee", "asked_by", "cost", "status", "certified_on", "net_cost")
        read_only_fields = ("status", "certified_on")
        extra_kwargs = {"cost": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        membership = getattr(self.context.get("request"), "membership", None)
        fields["session"].queryset = (
            scoped(TrainingSession, membership) if membership else TrainingSession.objects.none()
        )
        return fields

    def get_net_cost(self, obj) -> str:
        return f"{services.net_cost(obj):.2f}"


class SignSerializer(serializers.Serializer):
    day = serializers.DateField()
    half = serializers.ChoiceField(choices=HalfDay.choices)


class CertifySerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Base):
    model = Enrolment
    serializer_class = EnrolmentSerializer
    perms = {"read": rules.can_list_enrolments, "sign": rules.can_list_enrolments, "write": rules.can_manage}
    object_perms = {"sign": rules.can_sign_attendance, "write": rules.can_edit_own}
    http_method_names = ["get", "post", "head", "options"]

    def object_visible(self, membership, obj):
        return True

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("session", "employee", "asked_by")
            .prefetch_related("fundings")
        )

    def perform_create(self, serializer):
        serializer.instance = self._run(
            services.enrol, membership=self.membership, **serializer.validated_data
        )

    @extend_schema(
        request=SignSerializer,
        responses=EnrolmentSerializer,
        summary="Émarger une demi-journée (le stagiaire)",
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, public_id=None, **kwargs):
        enrolment = self.get_object()
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self._run(services.sign_attendance, enrolment=enrolment, user=request.user, **body.validated_data)
        return Response(self.get_serializer(enrolment).data)

    @extend_schema(
        request=CertifySerializer,
        responses=EnrolmentSerializer,
        summary="Délivrer l'attestation de fin de formation",
    )
    @action(detail=True, methods=["post"])
    def certify(self, request, public_id=None, **kwargs):
        enrolment = self.get_object()
        body = CertifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self._run(services.certify, enrolment=enrolment, on=body.validated_data.get("on"))
        enrolment.refresh_from_db()
        return Response(self.get_serializer(enrolment).data)


class _EnrolmentField(_GroupSlug):
    queryset_model = Enrolment


class OpcoSerializer(serializers.Serializer):
    opco = serializers.CharField(max_length=120, allow_blank=True)


class FundingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    enrolment = _EnrolmentField(slug_field="public_id")

    class Meta:
        model = Funding
        fields = (
            "id",
            "enrolment",
            "scheme",
            "funder",
            "file_number",
            "requested",
            "granted",
            "paid",
            "status",
            "regularisation",
            "submitted_on",
        )
        read_only_fields = ("granted", "paid", "status", "submitted_on")


class MoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=FundingStatus.choices)
    granted = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    on = serializers.DateField(required=False)


class FundingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Base):
    model = Funding
    serializer_class = FundingSerializer
    perms = {
        "read": rules.can_list_catalogue,
        "write": rules.can_manage,
        "set_opco": rules.can_set_opco,
    }
    object_perms = {"write": rules.can_edit_own}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.membership is None:
            return Funding.objects.none()
        return (
            Funding.objects.filter(enrolment__in=scoped(Enrolment, self.membership))
            .select_related("enrolment")
            .order_by("id")
        )

    def perform_create(self, serializer):
        serializer.instance = self._run(services.request_funding, **serializer.validated_data)

    @extend_schema(
        request=MoveSerializer, responses=FundingSerializer, summary="Changer l'état du financement"
    )
    @action(detail=True, methods=["post"])
    def move(self, request, public_id=None, **kwargs):
        funding = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        funding = self._run(
            services.move_funding,
            funding=funding,
            status=data["status"],
            granted=data.get("granted"),
            paid=data.get("paid"),
            on=data.get("on"),
        )
        return Response(self.get_serializer(funding).data)

    @extend_schema(request=None, responses=OpcoSerializer, summary="L'OPCO du GE (financeur par défaut)")
    @action(detail=False, methods=["get"])
    def opco(self, request, **kwargs):
        return Response({"opco": self.membership.group.opco})

    @extend_schema(request=OpcoSerializer, responses=OpcoSerializer, summary="Changer l'OPCO du GE")
    @opco.mapping.post
    def set_opco(self, request, **kwargs):
        body = OpcoSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        group = self._run(services.set_opco, group=self.membership.group, opco=body.validated_data["opco"])
        return Response({"opco": group.opco})


class CareerReviewSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    employee = _EmployeeField(slug_field="public_id")

    class Meta:
        model = CareerReview
        fields = ("id", "employee", "kind", "held_on", "record")


class DueReviewSerializer(serializers.Serializer):
    employee = serializers.UUIDField(source="employee.public_id")
    employee_name = serializers.CharField(source="employee.__str__")
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    due_on = serializers.DateField()
    late = serializers.BooleanField()


class RuleSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    # At most 50 years: beyond, a due date leaves the calendar (a 500 found by schemathesis).
    first_after_months = serializers.IntegerField(min_value=1, max_value=600)
    every_months = serializers.IntegerField(min_value=1, max_value=600, required=False, allow_null=True)
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CareerReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Base):
    model = CareerReview
    serializer_class = CareerReviewSerializer
    perms = {"read": rules.can_list_reviews, "due": rules.can_list_catalogue, "write": rules.can_manage}
    object_perms = {"write": rules.can_edit_own, "record": rules.can_read_review_record}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("employee")

    def perform_create(self, serializer):
        serializer.instance = self._run(services.record_review, **serializer.validated_data)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Compte rendu écrit de l'entretien (PDF)",
    )
    @action(detail=True, methods=["get"])
    def record(self, request, public_id=None, **kwargs):
        review = self.get_object()
        response = HttpResponse(documents.review_record_pdf(review), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{documents.review_record_filename(review)}"'
        return response

    @extend_schema(responses=DueReviewSerializer(many=True), summary="Entretiens dus et en retard")
    @action(detail=False, methods=["get"])
    def due(self, request, **kwargs):
        rows = services.due_reviews(self.membership.group)
        return Response(DueReviewSerializer(rows, many=True).data)

    @extend_schema(
        request=RuleSerializer,
        responses=DueReviewSerializer(many=True),
        summary="Changer la période d'un entretien",
    )
    @action(detail=False, methods=["post"])
    def rules(self, request, **kwargs):
        body = RuleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self._run(services.set_rule, group=self.membership.group, **body.validated_data)
        return Response(DueReviewSerializer(services.due_reviews(self.membership.group), many=True).data)


# --- Training plan per year --------------------------------------------------------------------


class BudgetRowSerializer(serializers.Serializer):
    funder = serializers.CharField()
    lines = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    funding = serializers.DecimalField(max_digits=12, decimal_places=2)
    own_share = serializers.DecimalField(max_digits=12, decimal_places=2)


class BudgetTotalSerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    funding = serializers.DecimalField(max_digits=12, decimal_places=2)
    own_share = serializers.DecimalField(max_digits=12, decimal_places=2)


class BudgetSerializer(serializers.Serializer):
    funders = BudgetRowSerializer(many=True)
    total = BudgetTotalSerializer()


class _PlanField(_GroupSlug):
    queryset_model = TrainingPlan


class TrainingPlanLineSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    plan = _PlanField(slug_field="public_id")
    employee = _EmployeeField(slug_field="public_id", required=False, allow_null=True)
    member = _MemberField(slug_field="public_id", required=False, allow_null=True)
    offer = _OfferField(slug_field="public_id", required=False, allow_null=True)
    skill = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = TrainingPlanLine
        fields = (
            "id",
            "plan",
            "source",
            "key",
            "label",
            "employee",
            "member",
            "skill",
            "offer",
            "hours",
            "cost",
            "funder",
            "funding",
        )
        read_only_fields = ("key",)
        extra_kwargs = {"source": {"required": False}}

    def get_fields(self):
        from mutualis.referential.selectors import skills_for

        fields = super().get_fields()
        membership = getattr(self.context.get("request"), "membership", None)
        fields["skill"].queryset = skills_for(membership.group if membership else None)
        return fields


class TrainingPlanSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    lines = serializers.SerializerMethodField()
    budget = serializers.SerializerMethodField()

    class Meta:
        model = TrainingPlan
        fields = ("id", "year", "note", "lines", "budget")

    @extend_schema_field(TrainingPlanLineSerializer(many=True))
    def get_lines(self, obj):
        return TrainingPlanLineSerializer(obj.lines.all(), many=True, context=self.context).data

    @extend_schema_field(BudgetSerializer)
    def get_budget(self, obj):
        return BudgetSerializer(services.plan_budget(obj)).data


class TrainingPlanViewSet(
    _PlainWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _Base,
):
    """The GE's training plan per year; `draw/` adds the needs of the reviews, of members' requests
    and of the skill gaps of positions; the budget per funder is computed from the lines."""

    model = TrainingPlan
    serializer_class = TrainingPlanSerializer
    perms = {"read": rules.can_list_plans, "write": rules.can_manage}
    object_perms = {"write": rules.can_edit_own}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        from django.db.models import Prefetch

        lines = TrainingPlanLine.objects.select_related(
            "plan", "employee", "member", "skill", "offer"
        ).order_by("source", "label", "id")
        return super().get_queryset().prefetch_related(Prefetch("lines", queryset=lines))

    def perform_create(self, serializer):
        serializer.instance = self._run(
            services.create_plan, group=self.membership.group, **serializer.validated_data
        )

    @extend_schema(
        request=None,
        responses=TrainingPlanSerializer,
        summary="Ajouter les besoins des entretiens, des demandes et des écarts de compétences",
    )
    @action(detail=True, methods=["post"])
    def draw(self, request, public_id=None, **kwargs):
        plan = self.get_object()
        self._run(services.draw_needs, plan=plan)
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)


class TrainingPlanLineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    _Base,
):
    model = TrainingPlanLine
    serializer_class = TrainingPlanLineSerializer
    perms = {"read": rules.can_list_plans, "write": rules.can_manage}
    object_perms = {"write": rules.can_edit_own}
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "employee", "member", "skill", "offer")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.setdefault("source", "other")
        serializer.instance = self._run(services.add_plan_line, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "plan" in data and data["plan"].pk != serializer.instance.plan_id:
            raise django_errors_to_api(DjangoValidationError({"plan": "Un besoin ne change pas de plan."}))
        data.pop("plan", None)
        self._run(services.update_plan_line, line=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.delete_plan_line(line=instance)


# --- Certified skills -----------------------------------------------------------------------------


class CertificationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    employee = serializers.UUIDField(source="employee.public_id", read_only=True)
    employee_name = serializers.CharField(source="employee.__str__", read_only=True)
    skill = serializers.CharField(source="skill.code", read_only=True)
    skill_label = serializers.CharField(source="skill.label", read_only=True)

    class Meta:
        model = EmployeeCertification
        fields = ("id", "employee", "employee_name", "skill", "skill_label", "certified_on", "expires_on")


class CertificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Skills certified by a training; `expiring/` lists those that expire within 60 days (not
    renewed), `?expiring_within=<days>` filters the list the same way for another horizon."""

    model = EmployeeCertification
    serializer_class = CertificationSerializer
    perms = {"read": rules.can_list_plans}
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset().select_related("employee", "skill")
        days = self.request.query_params.get("expiring_within") if self.request else None
        if days not in (None, "") and self.action == "list" and self.membership is not None:
            try:
                days = int(days)
                if not 0 <= days <= 3660:
                    raise ValueError
            except ValueError:
                raise django_errors_to_api(
                    DjangoValidationError({"expiring_within": "Indiquez un nombre de jours entre 0 et 3660."})
                ) from None
            ids = services.expiring_certifications(self.membership.group, days=days).values("pk")
            qs = qs.filter(pk__in=ids)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "expiring_within", int, description="Seulement celles qui expirent dans ce nombre de jours."
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        responses=CertificationSerializer(many=True),
        summary="Compétences certifiées qui expirent dans les 60 jours",
    )
    @action(detail=False, methods=["get"])
    def expiring(self, request, **kwargs):
        rows = services.expiring_certifications(self.membership.group)
        return Response(CertificationSerializer(rows, many=True).data)


# --- Seats and services sold ----------------------------------------------------------------------


class SeatSaleSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    session = serializers.SlugRelatedField(
        slug_field="public_id", queryset=TrainingSession.objects.none(), required=False, allow_null=True
    )
    buyer = _MemberField(slug_field="public_id")
    invoice = serializers.UUIDField(source="invoice.public_id", read_only=True, allow_null=True)
    invoice_number = serializers.CharField(source="invoice.number", read_only=True, allow_null=True)
    total_incl_tax = serializers.DecimalField(
        source="invoice.total_incl_tax", max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = SeatSale
        fields = (
            "id",
            "session",
            "buyer",
            "label",
            "seats",
            "unit_price",
            "vat_rate",
            "sold_on",
            "invoice",
            "invoice_number",
            "total_incl_tax",
        )
        read_only_fields = ("sold_on",)
        extra_kwargs = {"label": {"required": False}, "vat_rate": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        membership = getattr(self.context.get("request"), "membership", None)
        fields["session"].queryset = (
            TrainingSession.objects.filter(group=membership.group_id)
            if membership
            else TrainingSession.objects.none()
        )
        return fields


class SeatSaleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Base):
    """Seats of the GE's sessions or training services sold to a member or another GE (registered as a
    customer): each sale is a service invoice with VAT in the GE's one invoice series."""

    model = SeatSale
    serializer_class = SeatSaleSerializer
    perms = {"read": rules.can_list_plans, "write": rules.can_manage}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("session", "buyer", "invoice")

    def perform_create(self, serializer):
        serializer.instance = self._run(
            services.sell_seats,
            group=self.membership.group,
            user=self.request.user,
            **serializer.validated_data,
        )


# --- Documents before and after -------------------------------------------------------------------


class TrainingDocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    enrolment = _EnrolmentField(slug_field="public_id")
    funding = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Funding.objects.none(), required=False, allow_null=True
    )
    file = serializers.FileField(write_only=True)
    kind = serializers.ChoiceField(choices=DocumentKind.choices)

    class Meta:
        model = TrainingDocument
        fields = ("id", "enrolment", "funding", "kind", "name", "file")
        read_only_fields = ("name",)

    def get_fields(self):
        fields = super().get_fields()
        membership = getattr(self.context.get("request"), "membership", None)
        fields["funding"].queryset = (
            Funding.objects.filter(group=membership.group_id) if membership else Funding.objects.none()
        )
        return fields


class TrainingDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Base
):
    """Quote, programme, agreement (before) and certificate (after) of an enrolment, optionally tied to
    the funding request they support. Upload as multipart; `download/` returns the file."""

    model = TrainingDocument
    serializer_class = TrainingDocumentSerializer
    perms = {"read": rules.can_list_plans, "write": rules.can_manage}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("enrolment", "funding")

    def perform_create(self, serializer):
        serializer.instance = self._run(services.attach_document, **serializer.validated_data)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, summary="Télécharger la pièce"
    )
    @action(detail=True, methods=["get"])
    def download(self, request, public_id=None, **kwargs):
        from django.http import FileResponse
        from rest_framework.exceptions import NotFound

        document = self.get_object()
        try:
            handle = document.file.open("rb")
        except (OSError, ValueError):
            raise NotFound("Le fichier de cette pièce est introuvable.") from None
        return FileResponse(handle, as_attachment=True, filename=document.name or "piece")


# --- Training requests from members ---------------------------------------------------------------


class TrainingRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    member = _MemberField(slug_field="public_id", required=False, allow_null=True)
    employee = _EmployeeField(slug_field="public_id", required=False, allow_null=True)
    skill = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.none(), required=False, allow_null=True
    )

    class Meta:
        model = TrainingRequest
        fields = ("id", "member", "employee", "subject", "skill", "wished_by", "note", "status", "answer")
        read_only_fields = ("status", "answer")

    def get_fields(self):
        from mutualis.referential.selectors import skills_for

        fields = super().get_fields()
        membership = getattr(self.context.get("request"), "membership", None)
        fields["skill"].queryset = skills_for(membership.group if membership else None)
        return fields


class RequestDecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    answer = serializers.CharField(max_length=500, required=False, allow_blank=True)


class TrainingRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Base
):
    """Trainings a member asks for (a member contact for their member; staff on a member's behalf); the
    GE's director or planners accept (into the plan) or refuse them (`decide/`)."""

    model = TrainingRequest
    serializer_class = TrainingRequestSerializer
    perms = {
        "read": rules.can_list_requests,
        "create": rules.can_ask_training,
        "decide": rules.can_manage,
    }
    object_perms = {"decide": rules.can_decide_request}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("member", "employee", "skill")

    def perform_create(self, serializer):
        serializer.instance = self._run(
            services.ask_training, membership=self.membership, **serializer.validated_data
        )

    @extend_schema(
        request=RequestDecisionSerializer,
        responses=TrainingRequestSerializer,
        summary="Décider d'une demande",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, public_id=None, **kwargs):
        obj = self.get_object()
        body = RequestDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self._run(services.decide_request, request=obj, **body.validated_data)
        return Response(self.get_serializer(obj).data)


ROUTES = [
    ("training-bodies", TrainingBodyViewSet, "training-body"),
    ("training-offers", TrainingOfferViewSet, "training-offer"),
    ("training-sessions", TrainingSessionViewSet, "training-session"),
    ("enrolments", EnrolmentViewSet, "enrolment"),
    ("training-funding", FundingViewSet, "training-funding"),
    ("career-reviews", CareerReviewViewSet, "career-review"),
    ("training-plans", TrainingPlanViewSet, "training-plan"),
    ("training-plan-lines", TrainingPlanLineViewSet, "training-plan-line"),
    ("training-certifications", CertificationViewSet, "training-certification"),
    ("training-sales", SeatSaleViewSet, "training-sale"),
    ("training-documents", TrainingDocumentViewSet, "training-document"),
    ("training-requests", TrainingRequestViewSet, "training-request"),
]
