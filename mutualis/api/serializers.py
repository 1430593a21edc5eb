"""API representations: `id` is the public UUID; related objects by public id (skills by code).

Field rules of the pages' forms are checked here too, with the same French messages, so that the
API and the pages accept the same data; the domain services then run the models' `full_clean`.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mutualis.employees.models import AIDED_KINDS, Contract, Employee, Skill
from mutualis.members.models import Member, Site

from .base import ScopedRelatedField

AUDIT_FIELDS = ("archived_at", "created_at", "updated_at")
AID_FIELDS = (
    "aid_rate_percent",
    "aid_weekly_hours_cap",
    "aid_yearly_amount",
    "aid_start_date",
    "aid_end_date",
    "aid_reference",
)


def merged(serializer, attrs, name):
    """A field's value after this request: the submitted one, else the stored one (PATCH)."""
    if name in attrs:
        return attrs[name]
    if serializer.instance is not None:
        return getattr(serializer.instance, name)
    return None


def check_postcode(value):
    value = (value or "").strip()
    if value and not re.fullmatch(r"\d{5}", value):
        raise serializers.ValidationError(_("Le code postal compte 5 chiffres."))
    return value


def refuse_archived(chosen, already=()):
    """Newly chosen related objects must be active (objects already linked may stay)."""
    stale = [obj for obj in chosen if obj is not None and obj.archived_at and obj not in already]
    if stale:
        raise serializers.ValidationError(
            _("Objet archivé, à désarchiver d'abord : %(names)s.") % {"names": ", ".join(map(str, stale))}
        )


class MemberSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

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
            "joined_on",
            "left_on",
            "deposit",
            "email",
            "phone",
            "notes",
            *AUDIT_FIELDS,
        )
        read_only_fields = AUDIT_FIELDS
        # Uniqueness of the SIRET within the GE is checked in validate_siret (the group is implicit).
        validators = []

    def validate_siret(self, value):
        siret = re.sub(r"\s", "", value)
        request = self.context["request"]
        clash = Member.objects.filter(group_id=request.membership.group_id, siret=siret)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        clash = clash.first()
        if clash is not None:
            raise serializers.ValidationError(
                _("Un adhérent de ce groupement a déjà ce SIRET : %(name)s.") % {"name": clash.name}
            )
        return siret

    def validate(self, attrs):
        joined, left = merged(self, attrs, "joined_on"), merged(self, attrs, "left_on")
        if joined and left and left < joined:
            raise serializers.ValidationError({"left_on": _("La date de sortie précède la date d'adhésion.")})
        return attrs


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

    def validate_postcode(self, value):
        return check_postcode(value)

    def validate_member(self, value):
        if self.instance is not None and value != self.instance.member:
            raise serializers.ValidationError(_("Un site ne change pas d'adhérent."))
        if self.instance is None:
            refuse_archived([value])
        return value

    def validate(self, attrs):
        lat, lon = merged(self, attrs, "latitude"), merged(self, attrs, "longitude")
        if (lat is None) != (lon is None):
            missing = "latitude" if lat is None else "longitude"
            raise serializers.ValidationError(
                {missing: _("Saisissez la latitude et la longitude ensemble, ou aucune des deux.")}
            )
        return attrs


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

    def validate_postcode(self, value):
        return check_postcode(value)

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

    def validate(self, attrs):
        errors = {}
        kind = merged(self, attrs, "kind")
        if kind and kind not in AIDED_KINDS:
            for name in AID_FIELDS:
                if merged(self, attrs, name) not in (None, ""):
                    errors[name] = _(
                        "Ce paramètre d'aide ne vaut que pour un contrat aidé (PEC, adulte-relais, "
                        "conseiller numérique…)."
                    )
        members = attrs.get("potential_members")
        places = attrs.get("places")
        if members is None and self.instance is not None:
            members = list(self.instance.potential_members.all())
        if places is None and self.instance is not None and "potential_members" in attrs:
            places = list(self.instance.places.all())
        if members is not None and places:
            member_ids = {m.pk for m in members}
            strays = [s for s in places if s.member_id not in member_ids]
            if strays:
                errors["places"] = _(
                    "Ces lieux appartiennent à un adhérent absent de la liste des utilisateurs potentiels : "
                    "%(sites)s."
                ) % {"sites": ", ".join(f"{s.name} ({s.member.name})" for s in strays)}
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


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
