"""E-invoicing actions on invoices and credit notes (issue 19): the status journal and « send »."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

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
