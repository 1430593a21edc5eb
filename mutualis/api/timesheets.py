"""API of the planning and timesheets: assignments, absences, timesheets (submit, validate, dispute)
and their entries (correct actual hours).

Same rules as the pages: directors and planners write the planning; accountants read; a member
contact reads its member's assignments and timesheets and validates or disputes them; an employee
reads their own and corrects their actual hours. Nothing is deleted here.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role
from mutualis.employees.models import Contract, Employee
from mutualis.members.models import Member, Site
from mutualis.planning import services as planning_services
from mutualis.planning.enums import AbsenceKind, WeekParity, rule_label
from mutualis.planning.models import Absence, Assignment
from mutualis.timesheets import selectors as timesheet_selectors
from mutualis.timesheets import services as timesheet_services
from mutualis.timesheets.models import TimeEntry, Timesheet

from .base import ScopedRelatedField, TenantViewSet, django_errors_to_api


class HidesContractFromContacts:
    """Member contacts do not read employment contracts: the contract's id is left out for them."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        membership = getattr(self.context.get("request"), "membership", None)
        if membership is None or membership.role not in STAFF_ROLES | {Role.EMPLOYEE}:
            data.pop("contract", None)
        return data


# --- assignments ----------------------------------------------------------------------------------


class SlotSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text=_("0 = lundi … 6 = dimanche."))
    start_time = serializers.TimeField()
    end_time = serializers.TimeField(help_text=_("Une fin avant le début finit le lendemain."))
    week_parity = serializers.ChoiceField(choices=WeekParity.choices, default="", allow_blank=True)


class AssignmentSerializer(HidesContractFromContacts, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    employee = ScopedRelatedField(Employee)
    member = ScopedRelatedField(Member)
    site = ScopedRelatedField(Site)
    contract = ScopedRelatedField(Contract, required=False, allow_null=True)
    slots = SlotSerializer(many=True)
    override_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=_("Direction seulement : enregistrer malgré une infraction, avec la raison."),
    )

    class Meta:
        model = Assignment
        fields = (
            "id",
            "employee",
            "member",
            "site",
            "contract",
            "start_date",
            "end_date",
            "hourly_rate",
            "billing_coefficient",
            "priority",
            "status",
            "notes",
            "slots",
            "override_reason",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")


class AssignmentViewSet(TenantViewSet):
    model = Assignment
    serializer_class = AssignmentSerializer
    read_roles = STAFF_ROLES | {Role.MEMBER_CONTACT, Role.EMPLOYEE}
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("employee", "member", "site", "contract").prefetch_related("slots")

    def _save(self, data, assignment=None):
        slots = data.pop("slots", None)
        if slots is None and assignment is not None:
            slots = [
                {
                    "weekday": s.weekday,
                    "start_time": s.start_time,
                    "end_time": s.end_time,
                    "week_parity": s.week_parity,
                }
                for s in assignment.slots.all()
            ]
        current = {}
        if assignment is not None:
            for name in (
                "employee",
                "member",
                "site",
                "contract",
                "start_date",
                "end_date",
                "hourly_rate",
                "billing_coefficient",
                "priority",
                "status",
                "notes",
            ):
                current[name] = getattr(assignment, name)
        current.update(data)
        try:
            result = planning_services.save_assignment(
                membership=self.request.membership,
                slots=[planning_services.SlotSpec(**s) for s in slots or []],
                assignment=assignment,
                **current,
            )
        except planning_services.PlanningConflict as conflict:
            raise serializers.ValidationError(
                {
                    "violations": [
                        {"rule": v.rule_code, "label": str(rule_label(v.rule_code)), "message": v.message_fr}
                        for v in conflict.violations
                    ]
                }
            ) from conflict
        return result.obj

    def create_object(self, data):
        return self._save(data)

    def update_object(self, obj, data):
        return self._save(data, assignment=obj)


# --- absences -------------------------------------------------------------------------------------


class AbsenceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    employee = ScopedRelatedField(Employee)
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)

    class Meta:
        model = Absence
        fields = ("id", "employee", "kind", "start", "end", "comment", "created_at")
        read_only_fields = ("created_at",)


class AbsenceViewSet(TenantViewSet):
    model = Absence
    serializer_class = AbsenceSerializer
    # Member contacts never read absence rows (sickness is health data).
    read_roles = STAFF_ROLES | {Role.EMPLOYEE}
    http_method_names = ["get", "post", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("employee")

    def create_object(self, data):
        return planning_services.record_absence(membership=self.request.membership, **data)


# --- timesheets -----------------------------------------------------------------------------------


class TimesheetSerializer(HidesContractFromContacts, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    employee = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    member = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    contract = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    planned_minutes = serializers.IntegerField(source="planned_total", read_only=True)
    actual_minutes = serializers.IntegerField(source="actual_total", read_only=True)

    class Meta:
        model = Timesheet
        fields = (
            "id",
            "employee",
            "member",
            "contract",
            "month",
            "status",
            "planned_minutes",
            "actual_minutes",
            "submitted_at",
            "validated_at",
            "closed_at",
        )
        read_only_fields = fields


CommentSerializer = inline_serializer(
    "TimesheetValidation", fields={"comment": serializers.CharField(required=False, allow_blank=True)}
)


class DisputeSerializer(serializers.Serializer):
    day = serializers.DateField(help_text=_("Le jour contesté, dans le mois du relevé."))
    comment = serializers.CharField(help_text=_("Ce qui ne va pas ce jour-là."))


class TimesheetViewSet(TenantViewSet):
    """Timesheets (read); `submit` (employee), `validate` and `dispute` (member contact).

    Filter a month with `?month=YYYY-MM`.
    """

    model = Timesheet
    serializer_class = TimesheetSerializer
    read_roles = STAFF_ROLES | {Role.MEMBER_CONTACT, Role.EMPLOYEE}
    write_roles = REGISTRY_WRITE_ROLES | {Role.MEMBER_CONTACT, Role.EMPLOYEE}
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = None

    def optimise(self, qs):
        month = self.request.query_params.get("month")
        if month:
            try:
                qs = qs.filter(month=timesheet_services.parse_month(month))
            except ValueError as error:
                raise serializers.ValidationError(
                    {"month": [_("Mois attendu au format AAAA-MM.")]}
                ) from error
        return (
            timesheet_selectors.with_totals(qs)
            .select_related("employee", "member", "contract")
            .order_by("-month", "pk")
        )

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")

    def _answer(self, timesheet):
        fresh = self.get_queryset().get(pk=timesheet.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_200_OK)

    def _run(self, function, **kwargs):
        try:
            return function(membership=self.request.membership, timesheet=self.get_object(), **kwargs)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    @extend_schema(request=None, responses=TimesheetSerializer, summary="Envoyer le relevé à l'adhérent")
    @action(detail=True, methods=["post"])
    def submit(self, request, public_id=None):
        return self._answer(self._run(timesheet_services.submit))

    @extend_schema(request=CommentSerializer, responses=TimesheetSerializer, summary="Valider le relevé")
    @action(detail=True, methods=["post"])
    def validate(self, request, public_id=None):
        comment = str(request.data.get("comment", "") or "")
        return self._answer(self._run(timesheet_services.validate, comment=comment))

    @extend_schema(request=DisputeSerializer, responses=TimesheetSerializer, summary="Contester une journée")
    @action(detail=True, methods=["post"])
    def dispute(self, request, public_id=None):
        serializer = DisputeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(self._run(timesheet_services.dispute, **serializer.validated_data))


class TimeEntrySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    timesheet = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    site = serializers.SlugRelatedField(slug_field="public_id", read_only=True)

    class Meta:
        model = TimeEntry
        fields = (
            "id",
            "timesheet",
            "date",
            "site",
            "planned_start",
            "planned_end",
            "planned_minutes",
            "actual_start",
            "actual_end",
            "actual_minutes",
            "comment",
            "corrected_at",
            "violations",
        )
        read_only_fields = fields


class CorrectionSerializer(serializers.Serializer):
    actual_start = serializers.TimeField(
        required=False, allow_null=True, help_text=_("Heure d'arrivée réelle.")
    )
    actual_end = serializers.TimeField(
        required=False,
        allow_null=True,
        help_text=_("Heure de départ réelle (avant l'arrivée : le lendemain)."),
    )
    not_worked = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class TimeEntryViewSet(TenantViewSet):
    """Entries of timesheets (planned and actual); PATCH corrects the actual hours of one entry."""

    model = TimeEntry
    serializer_class = TimeEntrySerializer
    read_roles = STAFF_ROLES | {Role.MEMBER_CONTACT, Role.EMPLOYEE}
    write_roles = REGISTRY_WRITE_ROLES | {Role.EMPLOYEE}
    http_method_names = ["get", "patch", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("timesheet", "site").order_by("date", "planned_start", "pk")

    @extend_schema(
        request=CorrectionSerializer, responses=TimeEntrySerializer, summary="Corriger les heures réelles"
    )
    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = timesheet_services.correct_entry(
                membership=request.membership,
                entry=entry,
                actual_start=data.get("actual_start"),
                actual_end=data.get("actual_end"),
                not_worked=data.get("not_worked", False),
                comment=data.get("comment", ""),
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(TimeEntrySerializer(result.entry, context=self.get_serializer_context()).data)


ROUTES = [
    ("assignments", AssignmentViewSet, "assignment"),
    ("absences", AbsenceViewSet, "absence"),
    ("timesheets", TimesheetViewSet, "timesheet"),
    ("time-entries", TimeEntryViewSet, "time-entry"),
]
