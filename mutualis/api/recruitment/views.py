"""Recruitment API (issue 12): `/api/v1/job-offers/` (+ `publish`, `pause`, `close`, `matches`),
`/api/v1/candidates/`, `/api/v1/applications/` (+ `transition`, `hire`). Same rules as the pages
(mutualis/recruitment/perms.py). An illegal state change answers 409."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from mutualis.accounts.roles import Role
from mutualis.accounts.tenancy import scoped
from mutualis.api.base import ScopedRelatedField, django_errors_to_api, set_membership
from mutualis.core.access import Perms
from mutualis.employees.models import Employee, Skill
from mutualis.needs.models import Position
from mutualis.recruitment import perms as rules
from mutualis.recruitment import selectors, services
from mutualis.recruitment.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Candidate,
    CandidateSkill,
    CandidateSource,
    JobOffer,
    OfferSkill,
    OfferStatus,
    RefusalReason,
    Requirement,
)
from mutualis.referential.selectors import skills_for


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Ce changement d'état n'est pas permis.")
    default_code = "conflict"


def _api_errors(exc):
    if isinstance(exc, services.IllegalTransition):
        return Conflict(detail=django_errors_to_api(exc).detail)
    return django_errors_to_api(exc)


class SkillCodeField(serializers.SlugRelatedField):
    """A skill by its code, among the shipped skills and the GE's own."""

    default_error_messages = {"does_not_exist": _("Compétence inconnue : « {value} ».")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Skill.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        membership = getattr(request, "membership", None)
        return skills_for(membership.group if membership else None)


class OfferSkillSerializer(serializers.ModelSerializer):
    skill = SkillCodeField()
    label = serializers.CharField(source="skill.label", read_only=True)
    kind = serializers.CharField(source="skill.kind", read_only=True)

    class Meta:
        model = OfferSkill
        fields = ("skill", "label", "kind", "requirement", "weight", "level")


class WeekRangeSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text=_("Minutes depuis le lundi 00:00."))
    end = serializers.IntegerField(help_text=_("Minutes depuis le lundi 00:00, après le début."))


class JobOfferSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    position = ScopedRelatedField(Position, help_text=_("Poste accepté (identifiant public)."))
    schedule = WeekRangeSerializer(many=True, required=False)
    skills = OfferSkillSerializer(many=True, required=False)

    class Meta:
        model = JobOffer
        fields = (
            "id",
            "position",
            "title",
            "rome_code",
            "description",
            "weekly_minutes",
            "schedule",
            "show_member_names",
            "pay_min",
            "pay_max",
            "start_date",
            "status",
            "published_at",
            "last_activity_at",
            "skills",
        )
        read_only_fields = ("status", "published_at", "last_activity_at")
        validators = []  # the service checks one live offer per position, in French
        extra_kwargs = {
            "title": {"required": False},
            "weekly_minutes": {"required": False},
            "pay_min": {"required": False},
            "start_date": {"required": False},
        }


class MatchSerializer(serializers.Serializer):
    candidate = serializers.UUIDField(help_text=_("Identifiant public du candidat."))
    name = serializers.CharField()
    score = serializers.IntegerField(help_text=_("Adéquation globale, en %."))
    scores = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Par type de compétence, en %.")
    )
    missing = serializers.ListField(child=serializers.CharField(), help_text=_("Compétences manquantes."))
    missing_required = serializers.IntegerField()
    max_distance_km = serializers.FloatField(allow_null=True)
    applied = serializers.BooleanField()


class MatchesSerializer(serializers.Serializer):
    matches = MatchSerializer(many=True)
    excluded = serializers.DictField(child=serializers.IntegerField())


def _skill_specs(rows):
    return [
        services.SkillSpec(
            skill=row["skill"],
            requirement=row.get("requirement", Requirement.REQUIRED),
            weight=row.get("weight", 2),
            level=row.get("level", 2),
        )
        for row in rows
    ]


class _Base(viewsets.GenericViewSet):
    permission_classes = [Perms]
    lookup_field = "public_id"

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def _scoped(self, model):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return model.objects.none()
        return scoped(model, membership)


class JobOfferViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base
):
    serializer_class = JobOfferSerializer
    perms = {"read": rules.can_list_offers, "write": rules.can_recruit, "matches": rules.can_view_recruitment}
    object_perms = {"write": rules.can_edit_offer}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            self._scoped(JobOffer)
            .select_related("position")
            .prefetch_related("skills__skill")
            .order_by("-created_at", "-id")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        position = data.pop("position")
        if "schedule" in data:
            data["schedule"] = [dict(r) for r in data["schedule"]]
        if "skills" in data:
            data["skills"] = _skill_specs(data["skills"])
        try:
            serializer.instance = services.create_offer_from_position(
                actor=self.request.user, position=position, **data
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "position" in data and data.pop("position") != serializer.instance.position:
            raise django_errors_to_api(
                DjangoValidationError({"position": _("Le poste d'une offre ne change pas.")})
            )
        skills = _skill_specs(data.pop("skills")) if "skills" in data else None
        if "schedule" in data:
            data["schedule"] = [dict(r) for r in data["schedule"]]
        try:
            serializer.instance = services.update_offer(
                actor=self.request.user, offer=serializer.instance, skills=skills, **data
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc

    def _set_status(self, request, status_):
        offer = self.get_object()
        try:
            offer = services.set_offer_status(actor=request.user, offer=offer, status=status_)
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)

    @extend_schema(request=None, responses=JobOfferSerializer, summary="Publier l'offre")
    @action(detail=True, methods=["post"])
    def publish(self, request, public_id=None, **kwargs):
        return self._set_status(request, OfferStatus.PUBLISHED)

    @extend_schema(request=None, responses=JobOfferSerializer, summary="Suspendre l'offre")
    @action(detail=True, methods=["post"])
    def pause(self, request, public_id=None, **kwargs):
        return self._set_status(request, OfferStatus.PAUSED)

    @extend_schema(request=None, responses=JobOfferSerializer, summary="Clore l'offre")
    @action(detail=True, methods=["post"])
    def close(self, request, public_id=None, **kwargs):
        return self._set_status(request, OfferStatus.CLOSED)

    @extend_schema(responses=MatchesSerializer, summary="Candidats du vivier classés pour l'offre")
    @action(detail=True, methods=["get"])
    def matches(self, request, public_id=None, **kwargs):
        offer = self.get_object()
        rows, excluded = selectors.matches(offer, limit=100)
        return Response(
            {
                "matches": [
                    {
                        "candidate": str(row["candidate"].public_id),
                        "name": row["candidate"].full_name,
                        "score": row["percent"],
                        "scores": {k: v for k, v in row["scores"].items() if v is not None},
                        "missing": [m["label"] for m in row["missing"]],
                        "missing_required": row["match"].missing_required,
                        "max_distance_km": (
                            round(row["match"].max_distance_km, 1)
                            if row["match"].max_distance_km is not None
                            else None
                        ),
                        "applied": row["applied"],
                    }
                    for row in rows
                ],
                "excluded": excluded,
            }
        )


class CandidateSkillSerializer(serializers.ModelSerializer):
    skill = SkillCodeField()
    label = serializers.CharField(source="skill.label", read_only=True)
    kind = serializers.CharField(source="skill.kind", read_only=True)

    class Meta:
        model = CandidateSkill
        fields = ("skill", "label", "kind", "level")


class CandidateSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    skills = CandidateSkillSerializer(source="skill_levels", many=True, required=False)
    availability = WeekRangeSerializer(many=True, required=False)
    employee = ScopedRelatedField(
        Employee, required=False, allow_null=True, help_text=_("Salarié du GE qui cherche plus d'heures.")
    )

    class Meta:
        model = Candidate
        fields = (
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "city",
            "latitude",
            "longitude",
            "travel_km",
            "weekly_minutes_min",
            "weekly_minutes_max",
            "availability",
            "source",
            "employee",
            "sharing_consent",
            "pool_consent_until",
            "notes",
            "skills",
        )


class CandidateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base
):
    serializer_class = CandidateSerializer
    perms = {"read": rules.can_list_candidates, "write": rules.can_send_candidate}
    object_perms = {"write": rules.can_edit_candidate}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            self._scoped(Candidate)
            .select_related("employee")
            .prefetch_related("skill_levels__skill")
            .order_by("last_name", "first_name", "id")
        )

    def _fields(self, data):
        skills = data.pop("skill_levels", None)
        if skills is not None:
            skills = [(row["skill"], row.get("level", 2)) for row in skills]
        if "availability" in data:
            data["availability"] = [dict(r) for r in data["availability"]]
        if data.get("employee") is not None:
            data.setdefault("source", CandidateSource.EMPLOYEE)
        if self.request.membership.role == Role.PARTNER:
            data.pop("employee", None)
            data["source"] = CandidateSource.PARTNER
            if not data.get("sharing_consent", getattr(self, "_instance_consent", False)):
                raise django_errors_to_api(
                    DjangoValidationError(
                        {
                            "sharing_consent": _(
                                "Recueillez le consentement de la personne au partage avec le GE."
                            )
                        }
                    )
                )
        return data, skills

    def perform_create(self, serializer):
        data, skills = self._fields(dict(serializer.validated_data))
        if self.request.membership.role == Role.PARTNER:
            data["sent_by"] = self.request.user
        try:
            serializer.instance = services.save_candidate(
                actor=self.request.user,
                group=self.request.membership.group,
                skills=skills,
                **{k: v for k, v in data.items() if k != "sent_by"},
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc
        if data.get("sent_by"):
            Candidate.objects.filter(pk=serializer.instance.pk).update(sent_by=data["sent_by"])
            serializer.instance.sent_by = data["sent_by"]

    def perform_update(self, serializer):
        self._instance_consent = serializer.instance.sharing_consent
        data, skills = self._fields(dict(serializer.validated_data))
        try:
            serializer.instance = services.save_candidate(
                actor=self.request.user,
                group=self.request.membership.group,
                candidate=serializer.instance,
                skills=skills,
                **data,
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc


class TransitionLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationTransition
        fields = ("from_status", "to_status", "actor_label", "note", "at")


class ApplicationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    offer = ScopedRelatedField(JobOffer)
    candidate = ScopedRelatedField(Candidate)
    candidate_name = serializers.SerializerMethodField()
    employee = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    contract = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    transitions = TransitionLogSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = (
            "id",
            "offer",
            "candidate",
            "candidate_name",
            "status",
            "cover_letter",
            "refusal_reason",
            "message_to_candidate",
            "status_changed_at",
            "hiring_start_date",
            "employee",
            "contract",
            "created_at",
            "transitions",
        )
        read_only_fields = (
            "status",
            "refusal_reason",
            "message_to_candidate",
            "status_changed_at",
            "hiring_start_date",
            "created_at",
        )
        validators = []  # the service refuses the same candidate twice on one offer, in French

    def get_candidate_name(self, obj) -> str:
        request = self.context.get("request")
        membership = getattr(request, "membership", None)
        if rules.can_see_contact_details(membership, obj.candidate):
            return obj.candidate.full_name
        return obj.candidate.initials_name


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    refusal_reason = serializers.ChoiceField(choices=RefusalReason.choices, required=False, allow_blank=True)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=250)
    hiring_start_date = serializers.DateField(required=False, allow_null=True)
    gross_hourly_wage = serializers.DecimalField(
        max_digits=8, decimal_places=4, required=False, allow_null=True
    )


class HireSerializer(serializers.Serializer):
    hiring_start_date = serializers.DateField(required=False, allow_null=True)
    gross_hourly_wage = serializers.DecimalField(
        max_digits=8, decimal_places=4, required=False, allow_null=True
    )


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Base):
    serializer_class = ApplicationSerializer
    perms = {
        "read": rules.can_list_applications,
        "create": rules.can_send_candidate,
        "write": rules.can_recruit,
    }
    object_perms = {"write": rules.can_edit_application}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return (
            self._scoped(Application)
            .select_related("candidate", "offer", "employee", "contract")
            .prefetch_related("transitions")
            .order_by("-created_at", "-id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.create_application(
                actor=self.request.user,
                offer=data["offer"],
                candidate=data["candidate"],
                cover_letter=data.get("cover_letter", ""),
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc

    def _answer(self, application):
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    def _hire(self, request, application, data):
        try:
            return services.hire(
                membership=request.membership,
                application=application,
                start_date=data.get("hiring_start_date"),
                gross_hourly_wage=data.get("gross_hourly_wage"),
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc

    @extend_schema(
        request=TransitionSerializer,
        responses=ApplicationSerializer,
        summary="Changer le statut (« hired » demande hiring_start_date et embauche)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, public_id=None, **kwargs):
        application = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["status"] == ApplicationStatus.HIRED:
            return self._answer(self._hire(request, application, data))
        try:
            application = services.transition(
                actor=request.user,
                application=application,
                status=data["status"],
                refusal_reason=data.get("refusal_reason", ""),
                message=data.get("message", ""),
                note=data.get("note", ""),
            )
        except DjangoValidationError as exc:
            raise _api_errors(exc) from exc
        return self._answer(application)

    @extend_schema(
        request=HireSerializer,
        responses=ApplicationSerializer,
        summary="Embaucher : salarié, CDI et mises à disposition en une transaction",
    )
    @action(detail=True, methods=["post"])
    def hire(self, request, public_id=None, **kwargs):
        application = self.get_object()
        body = HireSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(self._hire(request, application, body.validated_data))


ROUTES = [
    ("job-offers", JobOfferViewSet, "job-offer"),
    ("candidates", CandidateViewSet, "candidate"),
    ("applications", ApplicationViewSet, "application"),
]
