"""`/api/v1/appointments/`: list, read, plan, move (PATCH), record the outcome (PATCH `status`),
and `POST …/{id}/cancel/`. Same rules as the pages (mutualis/appointments/perms.py)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mutualis.api.base import django_errors_to_api, set_membership
from mutualis.appointments import perms, selectors, services
from mutualis.appointments.models import Appointment, AppointmentStatus, Participant
from mutualis.core.access import Perms


class ParticipantSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    user = serializers.SlugRelatedField(slug_field="public_id", read_only=True)

    class Meta:
        model = Participant
        fields = ("id", "user", "name", "email", "phone", "sms_opt_in")
        read_only_fields = ("id", "user")


class AppointmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    organizer = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    participants = ParticipantSerializer(many=True, required=False)

    class Meta:
        model = Appointment
        fields = (
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "mode",
            "place",
            "organizer",
            "participants",
            "status",
            "notes",
            "subject_type",
            "subject_id",
            "ical_uid",
            "ical_sequence",
            "cancelled_at",
            "cancel_reason",
            "created_at",
            "updated_at",
        )
        read_only_fields = (
            "organizer",
            "subject_type",
            "subject_id",
            "ical_uid",
            "ical_sequence",
            "cancelled_at",
            "cancel_reason",
            "created_at",
            "updated_at",
        )


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=250)


def _object_edit(membership, appointment):
    return perms.can_edit_appointment(membership, appointment)


class AppointmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AppointmentSerializer
    permission_classes = [Perms]
    perms = {"read": perms.can_list_appointments, "write": perms.can_organise}
    object_perms = {"write": _object_edit}
    lookup_field = "public_id"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def object_visible(self, membership, obj):
        return perms.can_view_appointment(membership, obj)

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return Appointment.objects.none()
        return selectors.appointment_list(membership).order_by("starts_at", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        participants = [services.ParticipantSpec(**p) for p in data.pop("participants", [])]
        data.pop("status", None)
        try:
            serializer.instance = services.create_appointment(
                actor=self.request.user,
                group=self.request.membership.group,
                participants=participants,
                **data,
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "participants" in data:
            raise django_errors_to_api(
                DjangoValidationError({"participants": _("Les participants ne se modifient pas ici.")})
            )
        new_status = data.pop("status", None)
        try:
            appointment = serializer.instance
            if data:
                appointment = services.update_appointment(
                    actor=self.request.user, appointment=appointment, **data
                )
            if new_status and new_status != appointment.status:
                if new_status == AppointmentStatus.CANCELLED:
                    appointment = services.cancel_appointment(
                        actor=self.request.user, appointment=appointment
                    )
                else:
                    appointment = services.set_status(
                        actor=self.request.user, appointment=appointment, status=new_status
                    )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        serializer.instance = selectors.appointment_list(self.request.membership).get(pk=appointment.pk)

    @extend_schema(
        request=CancelSerializer, responses=AppointmentSerializer, summary="Annuler le rendez-vous"
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, public_id=None, **kwargs):
        appointment = self.get_object()
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            appointment = services.cancel_appointment(
                actor=request.user, appointment=appointment, reason=body.validated_data.get("reason", "")
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        appointment = self.get_queryset().get(pk=appointment.pk)
        return Response(self.get_serializer(appointment).data, status=status.HTTP_200_OK)


ROUTES = [("appointments", AppointmentViewSet, "appointment")]
