"""Serializers of the insertion API: they adapt input; models and services hold the rules."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mutualis.insertion.enums import ActionStatus, GivenVia, LinkedContract, Part, Purpose, Theme
from mutualis.insertion.models import (
    Action,
    Axis,
    Beneficiary,
    ConsentGrant,
    Diagnostic,
    DiagnosticTemplate,
    FollowUp,
    JourneyEvent,
    Objective,
)


class BeneficiarySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    holder = serializers.CharField(source="holder_name", read_only=True)
    follow_up = serializers.UUIDField(source="follow_up.public_id", read_only=True)
    rights = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = Beneficiary
        fields = (
            "id",
            "holder",
            "follow_up",
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "employment_service_id",
            "education_level",
            "rights",
            "driving_licence",
            "has_vehicle",
            "mobility_radius_km",
            "situation_notes",
        )


class DiagnosticTemplateSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = DiagnosticTemplate
        fields = ("id", "code", "version", "title", "status", "schema", "published_at")
        read_only_fields = fields


class DiagnosticSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    template = serializers.SlugRelatedField(
        slug_field="public_id", queryset=DiagnosticTemplate.objects.all(), required=False
    )

    class Meta:
        model = Diagnostic
        fields = (
            "id",
            "version",
            "template",
            "status",
            "answers",
            "constraints",
            "needs",
            "summary",
            "co_built",
            "author_label",
            "created_at",
        )
        read_only_fields = ("version", "status", "constraints", "needs", "author_label", "created_at")


class ActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    objective = serializers.UUIDField(source="objective.public_id")
    status = serializers.ChoiceField(choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    class Meta:
        model = Action
        fields = ("id", "objective", "title", "status", "due_on", "done_on", "created_at")
        read_only_fields = ("done_on", "created_at")


class ObjectiveSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    axis = serializers.UUIDField(source="axis.public_id")
    linked_contract = serializers.ChoiceField(choices=LinkedContract.choices, default=LinkedContract.NONE)
    person_agreed_via = serializers.ChoiceField(
        choices=GivenVia.choices, required=False, allow_blank=True, write_only=True
    )

    class Meta:
        model = Objective
        fields = (
            "id",
            "axis",
            "title",
            "status",
            "linked_contract",
            "person_agreed_at",
            "person_agreed_via",
            "created_at",
        )
        read_only_fields = ("status", "person_agreed_at", "created_at")


class AxisSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    theme = serializers.ChoiceField(choices=Theme.choices)

    class Meta:
        model = Axis
        fields = ("id", "theme", "closed_at", "created_at")
        read_only_fields = ("closed_at", "created_at")


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = JourneyEvent
        fields = ("occurred_at", "kind", "part", "source", "summary", "actor_label", "ref_type", "ref_id")


class FollowUpSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    beneficiary = serializers.UUIDField(source="beneficiary.public_id", read_only=True)
    referent = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = (
            "id",
            "beneficiary",
            "status",
            "started_on",
            "referent",
            "hired_on",
            "post_hire_until",
            "closed_on",
            "exit_outcome",
            "outcome_due_on",
            "outcome_6m",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_referent(self, obj):
        member = obj.referent_member
        if member is None:
            return None
        user = member.membership.user
        return {"name": user.get_full_name() or user.get_username(), "structure": str(member.structure_name)}


class ConsentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    beneficiary = serializers.UUIDField(source="beneficiary.public_id")
    organisation = serializers.UUIDField(source="organisation.public_id", required=False, allow_null=True)
    group = serializers.UUIDField(source="group.public_id", required=False, allow_null=True)
    grantee = serializers.CharField(source="grantee_name", read_only=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    parts = serializers.ListField(child=serializers.ChoiceField(choices=Part.choices), allow_empty=False)
    given_via = serializers.ChoiceField(choices=GivenVia.choices)

    class Meta:
        model = ConsentGrant
        fields = (
            "id",
            "beneficiary",
            "organisation",
            "group",
            "grantee",
            "purpose",
            "parts",
            "given_via",
            "evidence",
            "given_on",
            "expires_on",
            "revoked_at",
            "recorded_by_label",
        )
        read_only_fields = ("revoked_at", "recorded_by_label")
        extra_kwargs = {"expires_on": {"required": False}, "given_on": {"required": False}}
