"""E-invoicing actions on invoices and credit notes (issue 19): the status journal and « send »."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from mutualis.api.base import django_errors_to_api, set_membership
from mutualis.core.access import Perms
from mutualis.einvoicing import perms, selectors, services
from mutualis.einvoicing.models import StatusEvent


class StatusEventSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_code_display", read_only=True)

    class Meta:
        model = StatusEvent
        fields = ["code", "label", "occurred_at", "reason", "amount", "vat_rate", "applied"]


class EInvoicingStatusSerializer(serializers.Serializer):
    processing_rule = serializers.CharField()
    explanation = serializers.CharField()
    deposit_state = serializers.CharField(allow_null=True)
    message = serializers.CharField(allow_blank=True)
    current_code = serializers.IntegerField(allow_null=True)
    statuses = StatusEventSerializer(many=True)


def _status_payload(document):
    panel = selectors.panel(document)
    deposit = panel["deposit"]
    return {
        "processing_rule": panel["rule"],
        "explanation": panel["explanation"],
        "deposit_state": deposit.state if deposit else None,
        "message": deposit.message if deposit else "",
        "current_code": deposit.current_code if deposit else None,
        "statuses": StatusEventSerializer(panel["events"], many=True).data,
    }


class EInvoicingActions:
    """Mixed into the invoice and credit-note viewsets: `GET statuses/`, `POST send/`."""

    @extend_schema(
        request=None, responses=EInvoicingStatusSerializer, summary="Facturation électronique : statuts"
    )
    @action(detail=True, methods=["get"])
    def statuses(self, request, public_id=None, **kwargs):
        document = self.get_object()
        return Response(_status_payload(document))

    @extend_schema(
        request=None,
        responses={202: EInvoicingStatusSerializer},
        summary="Déposer le document sur la plateforme agréée (tâche de fond, sans double envoi)",
    )
    @action(detail=True, methods=["post"])
    def send(self, request, public_id=None, **kwargs):
        document = self.get_object()
        if not perms.can_send(request.membership):
            raise PermissionDenied(_("Votre rôle ne permet pas de transmettre un document à la plateforme."))
        try:
            services.request_send(document)
        except services.EInvoicingRefused as exc:
            raise ApiValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response(_status_payload(document), status=status.HTTP_202_ACCEPTED)


# --- /api/v1/einvoicing-settings/ : the GE's approved platform ---------------------------------


@extend_schema_serializer(many=False)  # `list` answers the GE's one settings object, not an array
class PlatformSettingsSerializer(serializers.Serializer):
    """The GE's PA settings. Secrets are write-only: answers only say whether they are set."""

    base_url = serializers.URLField(required=False, allow_blank=True, max_length=200)
    token_url = serializers.URLField(required=False, allow_blank=True, max_length=200)
    client_id = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organization_id = serializers.CharField(required=False, allow_blank=True, max_length=64)
    client_secret = serializers.CharField(
        required=False, allow_blank=True, write_only=True, trim_whitespace=False, max_length=500
    )
    clear_client_secret = serializers.BooleanField(required=False, write_only=True, default=False)
    webhook_secret = serializers.CharField(
        required=False, allow_blank=True, write_only=True, trim_whitespace=False, max_length=500
    )
    clear_webhook_secret = serializers.BooleanField(required=False, write_only=True, default=False)
    client_secret_set = serializers.BooleanField(source="has_client_secret", read_only=True)
    webhook_secret_set = serializers.BooleanField(source="has_webhook_secret", read_only=True)
    webhook_path = serializers.SerializerMethodField()

    def get_webhook_path(self, platform) -> str:
        return reverse("einvoicing:webhook", args=[platform.group.public_id])


ConnectionTest = inline_serializer(
    "EInvoicingConnectionTest", fields={"ok": serializers.BooleanField(), "message": serializers.CharField()}
)


class PlatformSettingsViewSet(viewsets.ViewSet):
    """`GET` reads the GE's platform settings (director, accountant); `POST` records them (director;
    only the fields given change; an empty secret keeps the stored one); `POST test-connection/`."""

    permission_classes = [Perms]
    perms = {
        "list": perms.can_view_platform_settings,
        "create": perms.can_edit_platform_settings,
        "test_connection": perms.can_view_platform_settings,
    }

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    @extend_schema(responses=PlatformSettingsSerializer, summary="Réglages de la plateforme agréée")
    def list(self, request, **kwargs):
        platform = services.platform_settings(request.membership.group)
        return Response(PlatformSettingsSerializer(platform).data)

    @extend_schema(
        request=PlatformSettingsSerializer,
        responses={200: PlatformSettingsSerializer},
        summary="Enregistrer les réglages de la plateforme agréée",
    )
    def create(self, request, **kwargs):
        serializer = PlatformSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            platform = services.save_platform_settings(
                request.membership.group, data=serializer.validated_data, actor=request.user
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(PlatformSettingsSerializer(platform).data)

    @extend_schema(request=None, responses=ConnectionTest, summary="Tester la connexion à la plateforme")
    @action(detail=False, methods=["post"], url_path="test-connection")
    def test_connection(self, request, **kwargs):
        ok, message = services.check_connection(request.membership.group)
        return Response({"ok": ok, "message": message})


# --- /api/v1/einvoicing-dashboard/ : what waits, was refused, was rejected ----------------------


class AttentionSerializer(serializers.Serializer):
    document = serializers.CharField()
    kind = serializers.CharField()
    number = serializers.CharField()
    member = serializers.CharField()
    state = serializers.CharField()
    current_code = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()


@extend_schema_serializer(many=False)  # `list` answers one object of three lists
class EInvoicingDashboardSerializer(serializers.Serializer):
    waiting = AttentionSerializer(many=True)
    refused = AttentionSerializer(many=True)
    rejected = AttentionSerializer(many=True)


def _attention_row(deposit):
    document = deposit.document
    return {
        "document": str(document.public_id),
        "kind": "credit_note" if deposit.credit_note_id else "invoice",
        "number": document.number,
        "member": document.member.name,
        "state": deposit.state,
        "current_code": deposit.current_code,
        "reason": deposit.last_reason or deposit.message,
        "updated_at": deposit.updated_at,
    }


class DashboardViewSet(viewsets.ViewSet):
    """The billing dashboard's e-invoicing part: documents waiting, refused (210), rejected (213)."""

    permission_classes = [Perms]
    perms = {"list": perms.can_view_dashboard}

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        responses=EInvoicingDashboardSerializer, summary="Facturation électronique : documents à traiter"
    )
    def list(self, request, **kwargs):
        lists = services.attention_needed(request.membership.group)
        return Response({key: [_attention_row(d) for d in rows] for key, rows in lists.items()})


ROUTES = [
    ("einvoicing-settings", PlatformSettingsViewSet, "einvoicing-settings"),
    ("einvoicing-dashboard", DashboardViewSet, "einvoicing-dashboard"),
]
