"""Serializers of the local-offer API. Structures and services come out in the data·inclusion v1 shape
(`exchange.to_schema`: the schema's keys, `id` = `source--id`) with our own fields beside them."""

from rest_framework import serializers

from mutualis.insertion.enums import GivenVia
from mutualis.offer import exchange, schema
from mutualis.offer.enums import ImportFormat, RefusalReason
from mutualis.offer.models import ImportRun, Orientation, Service, Structure


def _choices_list(choices):
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), required=False)


class StructureSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="di_id", read_only=True)
    reseaux_porteurs = _choices_list(schema.RESEAU_PORTEUR_CHOICES)
    organisation = serializers.UUIDField(source="organisation.public_id", read_only=True)
    # `exchange.to_schema` writes an empty value as null (mutualis/api/schema.py documents it).
    nullable_in_response = frozenset(schema.STRUCTURE_FIELDS) - {"id"}

    class Meta:
        model = Structure
        fields = ["public_id", "organisation", *schema.STRUCTURE_FIELDS]
        read_only_fields = ["public_id", "source", "date_maj"]

    def to_representation(self, instance):
        return {
            "public_id": str(instance.public_id),
            "organisation": str(instance.organisation.public_id),
            **exchange.to_schema(instance),
        }


class ServiceSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="di_id", read_only=True)
    structure_id = serializers.CharField(source="structure.di_id", read_only=True)
    structure = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Structure.objects.all(), write_only=True, required=False
    )
    thematiques = _choices_list(schema.THEMATIQUE_CHOICES)
    publics = _choices_list(schema.PUBLIC_CHOICES)
    modes_accueil = _choices_list(schema.MODE_ACCUEIL_CHOICES)
    modes_mobilisation = _choices_list(schema.MODE_MOBILISATION_CHOICES)
    mobilisable_par = _choices_list(schema.MOBILISABLE_PAR_CHOICES)
    zone_eligibilite = serializers.ListField(child=serializers.CharField(max_length=9), required=False)
    quality_score = serializers.DecimalField(max_digits=3, decimal_places=2, read_only=True)

    nullable_in_response = frozenset(schema.SERVICE_FIELDS) - {"id"}

    OURS = [
        "status",
        "update_frequency",
        "places_total",
        "places_taken",
        "accepts_orientations",
        "quality_score",
    ]

    class Meta:
        model = Service
        fields = [
            "public_id",
            "structure",
            *schema.SERVICE_FIELDS,
            "status",
            "update_frequency",
            "places_total",
            "places_taken",
            "accepts_orientations",
            "quality_score",
        ]
        read_only_fields = ["public_id", "source", "date_maj"]

    def to_representation(self, instance):
        data = {"public_id": str(instance.public_id), **exchange.to_schema(instance)}
        for name in self.OURS:
            value = getattr(instance, name)
            data[name] = None if value is None else (str(value) if name == "quality_score" else value)
        return data


class SearchHitSerializer(serializers.Serializer):
    distance_km = serializers.FloatField(allow_null=True)
    service = ServiceSerializer()


class ImportSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, required=False)
    content = serializers.CharField(write_only=True, required=False, trim_whitespace=False)
    name = serializers.CharField(write_only=True, required=False, max_length=250)
    dry_run = serializers.BooleanField(write_only=True, default=True)
    format = serializers.ChoiceField(choices=ImportFormat.choices, required=False)

    class Meta:
        model = ImportRun
        fields = [
            "public_id",
            "original_name",
            "format",
            "status",
            "good_rows_only",
            "counts",
            "errors",
            "created_at",
            "file",
            "content",
            "name",
            "dry_run",
        ]
        read_only_fields = ["public_id", "original_name", "status", "counts", "errors", "created_at"]

    def validate(self, attrs):
        if not attrs.get("file") and not attrs.get("content"):
            raise serializers.ValidationError({"file": "Envoyez un fichier (file) ou son contenu (content)."})
        return attrs


class OrientationSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="public_id", queryset=Service.objects.all())
    beneficiary = serializers.UUIDField(source="beneficiary.public_id")
    consent = serializers.UUIDField(source="consent.public_id", read_only=True)
    consent_given_via = serializers.ChoiceField(
        choices=GivenVia.choices, write_only=True, required=False, allow_blank=True
    )
    sender_structure = serializers.CharField(source="sender_structure_name", read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Orientation
        fields = [
            "public_id",
            "service",
            "beneficiary",
            "consent",
            "consent_given_via",
            "sender_label",
            "sender_structure",
            "message",
            "status",
            "refusal_reason",
            "refusal_comment",
            "answered_by",
            "sent_at",
            "reminded_at",
            "answered_at",
            "expires_at",
        ]
        read_only_fields = [
            "public_id",
            "sender_label",
            "status",
            "refusal_reason",
            "refusal_comment",
            "answered_by",
            "sent_at",
            "reminded_at",
            "answered_at",
        ]


class RefuseSerializer(serializers.Serializer):
    refusal_reason = serializers.ChoiceField(choices=RefusalReason.choices)
    refusal_comment = serializers.CharField(required=False, allow_blank=True, default="")


class EmptySerializer(serializers.Serializer):
    pass
