"""API of the planning and timesheets: assignments, absences, timesheets (submit, validate, dispute)
and their entries (correct actual hours).

Same rules as the pages: directors and planners write the planning; accountants read; a member
contact reads its member's assignments and timesheets and validates or disputes them; an employee
reads their own and corrects their actual hours. Nothing is deleted here.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response

from mutualis.accounts.tenancy import scoped
from mutualis.core.access import Perms
from mutualis.employees import perms as employee_perms
from mutualis.employees.models import Contract, Employee
from mutualis.members.models import Member, Site
from mutualis.planning import perms as planning_perms
from mutualis.planning import services as planning_services
from mutualis.planning.enums import AbsenceKind, WeekParity, rule_label
from mutualis.planning.models import Absence, Assignment
from mutualis.timesheets import perms as timesheet_perms
from mutualis.timesheets import selectors as timesheet_selectors
from mutualis.timesheets import services as timesheet_services
from mutualis.timesheets.models import TimeEntry, Timesheet

from .base import ScopedRelatedField, TenantViewSet, django_errors_to_api


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class HidesContractFromContacts:
    """Member contacts do not read employment contracts: the contract's id is left out for them."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        membership = getattr(self.context.get("request"), "membership", None)
        if not employee_perms.can_read_employees(membership):  # who reads contracts
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


ViolationSerializer = inline_serializer(
    "PlanningViolation",
    fields={
        "rule": serializers.CharField(),
        "label": serializers.CharField(),
        "message": serializers.CharField(),
        "days": serializers.ListField(child=serializers.DateField()),
    },
    many=True,
)
VIOLATION_PARAMETERS = [
    OpenApiParameter("start", str, description="AAAA-MM-JJ (par défaut : aujourd'hui)"),
    OpenApiParameter("end", str, description="AAAA-MM-JJ (par défaut : 4 semaines après le début)"),
]


def _violation_window(params):
    import datetime as dt

    from django.utils import timezone

    try:
        start = dt.date.fromisoformat(params["start"]) if params.get("start") else timezone.localdate()
        end = dt.date.fromisoformat(params["end"]) if params.get("end") else start + dt.timedelta(weeks=4)
    except ValueError as error:
        raise serializers.ValidationError({"start": [_("Dates attendues au format AAAA-MM-JJ.")]}) from error
    if end < start or (end - start).days > 366:
        raise serializers.ValidationError({"end": [_("La fin doit suivre le début, à un an au plus.")]})
    return start, end


def _violation_rows(violations):
    return [
        {
            "rule": v.rule_code,
            "label": str(rule_label(v.rule_code)),
            "message": v.message_fr,
            "days": [d.isoformat() for d in v.days],
        }
        for v in violations
    ]


class AssignmentViewSet(TenantViewSet):
    model = Assignment
    serializer_class = AssignmentSerializer
    permission_classes = [Perms]
    perms = {"write": planning_perms.can_edit_planning}
    readers = staticmethod(planning_perms.can_read_assignments)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("employee", "member", "site", "contract").prefetch_related("slots")

    def _staff_only(self):
        if not planning_perms.can_view_planning(self.request.membership):
            raise ApiPermissionDenied(
                _("Seul le personnel du groupement consulte les règles du temps de travail.")
            )

    @extend_schema(
        parameters=VIOLATION_PARAMETERS,
        responses=ViolationSerializer,
        summary="Règles du temps de travail non respectées par le salarié de cette mise à disposition",
    )
    @action(detail=True, methods=["get"])
    def violations(self, request, public_id=None, **kwargs):
        """The working-time rules the placement's employee breaks over the dates (all members), with
        the part-time floor: a contract under 24 h a week without a written exemption says so."""
        self._staff_only()
        assignment = self.get_object()
        start, end = _violation_window(request.query_params)
        from mutualis.planning import selectors as planning_selectors

        return Response(_violation_rows(planning_selectors.check_employee(assignment.employee, start, end)))

    @extend_schema(
        parameters=[OpenApiParameter("employee", str, required=True), *VIOLATION_PARAMETERS],
        responses=ViolationSerializer,
        summary="Règles du temps de travail non respectées par un salarié",
    )
    @action(detail=False, methods=["get"], url_path="employee-violations")
    def employee_violations(self, request, **kwargs):
        self._staff_only()
        employee = (
            scoped(Employee, request.membership)
            .filter(public_id=request.query_params.get("employee") or None)
            .first()
            if _is_uuid(request.query_params.get("employee"))
            else None
        )
        if employee is None:
            raise NotFound(_("Salarié introuvable."))
        start, end = _violation_window(request.query_params)
        from mutualis.planning import selectors as planning_selectors

        return Response(_violation_rows(planning_selectors.check_employee(employee, start, end)))

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
    permission_classes = [Perms]
    perms = {"write": planning_perms.can_edit_planning}
    readers = staticmethod(planning_perms.can_read_absences)
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


class MonthSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text=_("Le mois, au format AAAA-MM."))


class CloseMonthSerializer(MonthSerializer):
    force = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Clôturer aussi les relevés non validés par leur adhérent."),
    )
    anomalies_reviewed = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Confirme que les heures inhabituelles du mois (voir `anomalies`) ont été revues."),
    )


MonthResultSerializer = inline_serializer(
    "TimesheetMonthResult",
    fields={
        "month": serializers.CharField(),
        "created": serializers.IntegerField(required=False),
        "updated": serializers.IntegerField(required=False),
        "kept": serializers.IntegerField(required=False),
        "closed": serializers.IntegerField(required=False),
    },
)


class AnomalySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    timesheet = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    employee = serializers.CharField(source="timesheet.employee.full_name", read_only=True)
    member = serializers.CharField(source="timesheet.member.name", read_only=True)

    class Meta:
        model = TimeEntry
        fields = (
            "id",
            "timesheet",
            "employee",
            "member",
            "date",
            "planned_minutes",
            "actual_minutes",
            "anomalies",
            "comment",
        )
        read_only_fields = fields


class TimesheetViewSet(TenantViewSet):
    """Timesheets (read); `submit` (employee), `validate` and `dispute` (member contact); for the
    month (directors and planners): `generate`, `anomalies` (unusual hours to review), `close`.

    Filter a month with `?month=YYYY-MM`.
    """

    model = Timesheet
    serializer_class = TimesheetSerializer
    permission_classes = [Perms]
    perms = {"write": timesheet_perms.can_act_on_timesheets}
    readers = staticmethod(timesheet_perms.can_read_timesheets)
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

    @extend_schema(exclude=True)  # POST is only for the actions: a timesheet is opened by the month
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

    def _month_of(self, serializer_class, data):
        if not timesheet_perms.can_manage_month(self.request.membership):
            raise ApiPermissionDenied(_("Seuls la direction et la planification gèrent les relevés du mois."))
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        try:
            month = timesheet_services.parse_month(serializer.validated_data["month"])
        except ValueError as error:
            raise serializers.ValidationError({"month": [_("Mois attendu au format AAAA-MM.")]}) from error
        return month, serializer.validated_data

    @extend_schema(
        request=MonthSerializer, responses=MonthResultSerializer, summary="Générer les relevés du mois"
    )
    @action(detail=False, methods=["post"])
    def generate(self, request, **kwargs):
        month, _data = self._month_of(MonthSerializer, request.data)
        result = timesheet_services.generate_month(
            group=request.current_group, month=month, actor=request.user
        )
        return Response(
            {
                "month": f"{month:%Y-%m}",
                "created": result.created,
                "updated": result.updated,
                "kept": result.kept,
            }
        )

    @extend_schema(
        parameters=[OpenApiParameter("month", str, required=True, description="AAAA-MM")],
        responses=AnomalySerializer(many=True),
        summary="Heures inhabituelles à revoir avant la clôture",
    )
    @action(detail=False, methods=["get"])
    def anomalies(self, request, **kwargs):
        month, _data = self._month_of(MonthSerializer, {"month": request.query_params.get("month", "")})
        rows = timesheet_services.month_anomalies(request.current_group, month)
        return Response(AnomalySerializer(rows, many=True).data)

    @extend_schema(request=CloseMonthSerializer, responses=MonthResultSerializer, summary="Clôturer le mois")
    @action(detail=False, methods=["post"])
    def close(self, request, **kwargs):
        month, data = self._month_of(CloseMonthSerializer, request.data)
        try:
            closed = timesheet_services.close_month(
                membership=request.membership,
                month=month,
                force=data["force"],
                anomalies_reviewed=data["anomalies_reviewed"],
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response({"month": f"{month:%Y-%m}", "closed": closed})

    @extend_schema(request=None, responses=TimesheetSerializer, summary="Envoyer le relevé à l'adhérent")
    @action(detail=True, methods=["post"])
    def submit(self, request, public_id=None, **kwargs):
        return self._answer(self._run(timesheet_services.submit))

    @extend_schema(request=CommentSerializer, responses=TimesheetSerializer, summary="Valider le relevé")
    @action(detail=True, methods=["post"])
    def validate(self, request, public_id=None, **kwargs):
        comment = str(request.data.get("comment", "") or "")
        return self._answer(self._run(timesheet_services.validate, comment=comment))

    @extend_schema(request=DisputeSerializer, responses=TimesheetSerializer, summary="Contester une journée")
    @action(detail=True, methods=["post"])
    def dispute(self, request, public_id=None, **kwargs):
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
            "anomalies",
            "needs_review",
            "reviewed_at",
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
    permission_classes = [Perms]
    perms = {"write": timesheet_perms.can_correct_entries}
    readers = staticmethod(timesheet_perms.can_read_timesheets)
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
