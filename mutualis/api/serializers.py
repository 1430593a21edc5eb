"""API representations: `id` is the public UUID; related objects by public id (skills by code).

Serializers only adapt the input (types, related objects by public id, a SIRET typed with spaces);
every rule lives on the models and is checked by the domain services' `full_clean`, whose French
messages come back as field errors (mutualis.api.base.django_errors_to_api), as on the pages.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mutualis.employees.models import Contract, Employee, Skill
from mutualis.members.models import EInvoicingProfile, Member, Site

from .base import ScopedRelatedField

AUDIT_FIELDS = ("archived_at", "created_at", "updated_at")


def refuse_archived(chosen, already=()):
    """Newly chosen related objects must be active (objects already linked may stay)."""
    stale = [obj for obj in chosen if obj is not None and obj.archived_at and obj not in already]
    if stale:
        raise serializers.ValidationError(
            _("Objet archivé, à désarchiver d'abord : %(names)s.") % {"names": ", ".join(map(str, stale))}
        )


class MemberSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    einvoicing_profile = serializers.ChoiceField(
        choices=EInvoicingProfile.choices,
        read_only=True,
        help_text="B2B, B2C or B2G, from the member's nature and VAT status (issue 19).",
    )
    directory_address = serializers.CharField(read_only=True)

    class Meta:
        model = Member
        fields = (
            "id",
            "name",
            "kind",
            "siret",
            "naf_code",
            "headcount_band",
            "vat_status",
            "einvoicing_address",
            "einvoicing_profile",
            "directory_address",
            "joined_on",
            "left_on",
            "deposit",
            "email",
            "phone",
            "notes",
            *AUDIT_FIELDS,
        )
        read_only_fields = AUDIT_FIELDS
        # The SIRET's uniqueness in the GE is the model's constraint (the group is implicit here).
        validators = []

    def validate_siret(self, value):
        return re.sub(r"\s", "", value)


class SiteSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    member = ScopedRelatedField(Member, help_text=_("Identifiant de l'adhérent."))

    class Meta:
        model = Site
        fields = (
            "id",
            "member",
            "name",
            "address",
            "postcode",
            "city",
            "latitude",
            "longitude",
            *AUDIT_FIELDS,
        )
        read_only_fields = AUDIT_FIELDS

    def validate_member(self, value):
        if self.instance is not None and value != self.instance.member:
            raise serializers.ValidationError(_("Un site ne change pas d'adhérent."))
        if self.instance is None:
            refuse_archived([value])
        return value


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ("code", "label", "kind", "rome_code")


class EmployeeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    home_site = ScopedRelatedField(
        Site, required=False, allow_null=True, help_text=_("Identifiant du site de rattachement.")
    )
    skills = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Skill.objects.all(),
        many=True,
        required=False,
        help_text=_("Codes des compétences (référentiel /api/v1/skills/)."),
    )

    class Meta:
        model = Employee
        fields = (
            "id",
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "home_site",
            "skills",
            *AUDIT_FIELDS,
        )
        read_only_fields = AUDIT_FIELDS

    def validate_home_site(self, value):
        current = self.instance.home_site if self.instance is not None else None
        refuse_archived([value], already=[current])
        return value


class ContractSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    employee = ScopedRelatedField(Employee, help_text=_("Identifiant du salarié."))
    potential_members = ScopedRelatedField(
        Member,
        many=True,
        required=False,
        help_text=_("Adhérents utilisateurs potentiels (art. L1253-9)."),
    )
    places = ScopedRelatedField(
        Site, many=True, required=False, help_text=_("Lieux d'exécution (art. L1253-9).")
    )

    class Meta:
        model = Contract
        fields = (
            "id",
            "employee",
            "kind",
            "job_title",
            "qualification",
            "rome_code",
            "weekly_hours",
            "gross_hourly_wage",
            "start_date",
            "end_date",
            "part_time_exemption",
            "aid_rate_percent",
            "aid_weekly_hours_cap",
            "aid_yearly_amount",
            "aid_start_date",
            "aid_end_date",
            "aid_reference",
            "potential_members",
            "places",
            *AUDIT_FIELDS,
        )
        read_only_fields = AUDIT_FIELDS

    def validate_employee(self, value):
        if self.instance is not None and value != self.instance.employee:
            raise serializers.ValidationError(_("Un contrat ne change pas de salarié."))
        return value

    def validate_rome_code(self, value):
        code = (value or "").strip().upper()
        if code and not re.fullmatch(r"[A-N]\d{4}", code):
            raise serializers.ValidationError(
                _("Un code ROME s'écrit avec une lettre et 4 chiffres (exemple : K2204).")
            )
        return code

    def validate_potential_members(self, value):
        already = list(self.instance.potential_members.all()) if self.instance is not None else []
        refuse_archived(value, already)
        return value

    def validate_places(self, value):
        already = list(self.instance.places.all()) if self.instance is not None else []
        refuse_archived(value, already)
        return value


class MembershipSerializer(serializers.Serializer):
    """One of the caller's own memberships: the value to send in X-Mutualis-Organisation."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    role = serializers.CharField(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    group = serializers.CharField(source="group.name", read_only=True)
    member = serializers.UUIDField(source="member.public_id", read_only=True, allow_null=True, default=None)
    member_name = serializers.CharField(source="member.name", read_only=True, allow_null=True, default=None)
    employee = serializers.UUIDField(
        source="employee.public_id", read_only=True, allow_null=True, default=None
    )
    current = serializers.SerializerMethodField()

    def get_current(self, membership) -> bool:
        current = getattr(self.context["request"], "membership", None)
        return current is not None and current.pk == membership.pk
