"""`/api/v1/funding/calls/` (read) and `/api/v1/funding/applications/`: create, read, update a draft
(nested lists replace the previous ones), `GET …/{id}/check/` (every rule breached, with totals),
`GET …/{id}/export/?format=docx|pdf|xlsx`, `POST …/{id}/submit/`, `POST …/{id}/decision/`, and after
the grant `…/{id}/expenses/`, `…/{id}/evidence/` (multipart) and `…/{id}/indicator-reports/`.
Same rules as the pages (mutualis/funding/perms.py)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from mutualis.api.base import django_errors_to_api, set_membership
from mutualis.core.access import Perms
from mutualis.funding import documents, perms, rules, selectors, services
from mutualis.funding.models import FundingApplication

from .serializers import (
    FundingApplicationSerializer,
    FundingCallSerializer,
    FundingCheckSerializer,
    FundingDecisionSerializer,
    FundingEvidenceSerializer,
    FundingExpenseSerializer,
    FundingIndicatorReportSerializer,
)

NESTED = ("consortium", "axes", "budget_lines", "sources")


class _DocumentRenderer(BaseRenderer):
    """Passes a built document through; lets `?format=docx|pdf|xlsx` select the export."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DocxRenderer(_DocumentRenderer):
    media_type = documents.DOCX_TYPE
    format = "docx"


class PdfRenderer(_DocumentRenderer):
    media_type = documents.PDF_TYPE
    format = "pdf"


class XlsxRenderer(_DocumentRenderer):
    media_type = documents.XLSX_TYPE
    format = "xlsx"


class _Scoped:
    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)


class FundingCallViewSet(_Scoped, viewsets.ReadOnlyModelViewSet):
    serializer_class = FundingCallSerializer
    permission_classes = [Perms]
    perms = {"read": perms.can_list_calls}
    lookup_field = "public_id"

    def get_queryset(self):
        return selectors.call_list()


def _object_edit(membership, application):
    return perms.can_edit_application(membership, application)


def _nested(data):
    return {name: [dict(item) for item in data.pop(name)] for name in NESTED if name in data}


def _clean_nested(nested):
    """Serializer output to plain values (nested indicators too)."""
    out = {}
    for name, rows in nested.items():
        out[name] = []
        for row in rows:
            row = {k: v for k, v in row.items() if v is not None or k in ("baseline", "target")}
            if "indicators" in row:
                row["indicators"] = [dict(i) for i in row["indicators"]]
            out[name].append(row)
    return out


class FundingApplicationViewSet(
    _Scoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FundingApplicationSerializer
    permission_classes = [Perms]
    perms = {
        "read": perms.can_list_applications,
        "write": perms.can_write_applications,
        "expenses": perms.can_list_applications,
        "evidence": perms.can_list_applications,
        "indicator_reports": perms.can_list_applications,
    }
    object_perms = {
        "update": _object_edit,
        "partial_update": _object_edit,
        "submit": _object_edit,
        "decision": _object_edit,
    }
    lookup_field = "public_id"
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def object_visible(self, membership, obj):
        return perms.can_view_application(membership, obj)

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return FundingApplication.objects.none()
        return selectors.application_full(membership).order_by("-created_at", "id")

    def _fresh(self, application):
        return self.get_queryset().get(pk=application.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        nested = _clean_nested(_nested(data))
        membership = self.request.membership
        try:
            application = services.create_application(
                actor=self.request.user,
                group=membership.group,
                organisation=membership.organisation if membership.group_id is None else None,
                **data,
                **nested,
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        serializer.instance = self._fresh(application)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("call", None)
        nested = _clean_nested(_nested(data))
        try:
            application = services.update_application(
                actor=self.request.user, application=serializer.instance, **data, **nested
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        serializer.instance = self._fresh(application)

    def handle_exception(self, exc):
        # An export that fails (404, 403…) answers a JSON error, not a DOCX/PDF/XLSX that says "detail".
        response = super().handle_exception(exc)
        if self.action == "export":
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def _spending_allowed(self, application):
        if not perms.can_record_spending_on(self.request.membership, application):
            raise PermissionDenied()

    @extend_schema(
        responses=FundingCheckSerializer, summary="Contrôler la demande au regard des règles de l'appel"
    )
    @action(detail=True, methods=["get"])
    def check(self, request, public_id=None, **kwargs):
        application = self.get_object()
        findings, totals = services.check_application(application)
        body = {
            "ok": not any(f.level == rules.ERROR for f in findings),
            "errors": [f.as_dict() for f in findings if f.level == rules.ERROR],
            "warnings": [f.as_dict() for f in findings if f.level == rules.WARNING],
            "totals": totals.as_dict(),
        }
        return Response(FundingCheckSerializer(body).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=["docx", "pdf", "xlsx"], required=True),
        ],
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
        },
        summary="Exporter le dossier (DOCX, PDF) ou le budget (XLSX)",
    )
    @action(
        detail=True, methods=["get"], renderer_classes=[DocxRenderer, PdfRenderer, XlsxRenderer, JSONRenderer]
    )
    def export(self, request, public_id=None, **kwargs):
        application = self.get_object()
        fmt = request.accepted_renderer.format
        if fmt not in documents.EXPORTS:
            return Response(
                {"format": ["Format attendu : docx, pdf ou xlsx (paramètre ?format=)."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        content, content_type, name = documents.export(application, fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(request=None, responses=FundingApplicationSerializer, summary="Déposer la demande")
    @action(detail=True, methods=["post"])
    def submit(self, request, public_id=None, **kwargs):
        application = self.get_object()
        try:
            services.submit_application(actor=request.user, application=application)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(self.get_serializer(self._fresh(application)).data)

    @extend_schema(
        request=FundingDecisionSerializer,
        responses=FundingApplicationSerializer,
        summary="Enregistrer la décision",
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, public_id=None, **kwargs):
        application = self.get_object()
        body = FundingDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.record_decision(
                actor=request.user,
                application=application,
                granted=body.validated_data["granted"],
                amount=body.validated_data.get("granted_amount"),
                decided_on=body.validated_data.get("decided_on"),
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(self.get_serializer(self._fresh(application)).data)

    @extend_schema(
        methods=["get"], responses=FundingExpenseSerializer(many=True), summary="Dépenses réalisées"
    )
    @extend_schema(
        methods=["post"],
        request=FundingExpenseSerializer,
        responses={201: FundingExpenseSerializer},
        summary="Enregistrer une dépense",
    )
    @action(detail=True, methods=["get", "post"])
    def expenses(self, request, public_id=None, **kwargs):
        application = self.get_object()
        if request.method == "GET":
            rows = application.expenses.select_related("budget_line").order_by("spent_on", "id")
            return Response(FundingExpenseSerializer(rows, many=True).data)
        self._spending_allowed(application)
        body = FundingExpenseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        line = get_object_or_404(
            application.budget_lines.all(), public_id=data.pop("budget_line")["public_id"]
        )
        try:
            expense = services.record_expense(
                actor=request.user, application=application, budget_line=line, **data
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(FundingExpenseSerializer(expense).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"], responses=FundingEvidenceSerializer(many=True), summary="Pièces justificatives"
    )
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": FundingEvidenceSerializer},
        responses={201: FundingEvidenceSerializer},
        summary="Déposer une pièce justificative",
    )
    @action(detail=True, methods=["get", "post"])
    def evidence(self, request, public_id=None, **kwargs):
        application = self.get_object()
        if request.method == "GET":
            rows = application.evidence.select_related("budget_line", "expense").order_by("uploaded_at", "id")
            return Response(FundingEvidenceSerializer(rows, many=True).data)
        self._spending_allowed(application)
        body = FundingEvidenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        line = expense = None
        if (data.get("budget_line") or {}).get("public_id"):
            line = get_object_or_404(
                application.budget_lines.all(), public_id=data["budget_line"]["public_id"]
            )
        if (data.get("expense") or {}).get("public_id"):
            expense = get_object_or_404(application.expenses.all(), public_id=data["expense"]["public_id"])
        try:
            evidence = services.add_evidence(
                actor=request.user,
                application=application,
                file=data["file"],
                title=data.get("title", ""),
                budget_line=line,
                expense=expense,
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(FundingEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"],
        responses=FundingIndicatorReportSerializer(many=True),
        summary="Mesures des indicateurs",
    )
    @extend_schema(
        methods=["post"],
        request=FundingIndicatorReportSerializer,
        responses={201: FundingIndicatorReportSerializer},
        summary="Enregistrer une mesure d'indicateur",
    )
    @action(detail=True, methods=["get", "post"], url_path="indicator-reports")
    def indicator_reports(self, request, public_id=None, **kwargs):
        from mutualis.funding.models import Indicator, IndicatorReport

        application = self.get_object()
        if request.method == "GET":
            rows = IndicatorReport.objects.filter(indicator__axis__application=application).select_related(
                "indicator"
            )
            return Response(
                FundingIndicatorReportSerializer(rows.order_by("period_end", "id"), many=True).data
            )
        if not perms.can_edit_application(request.membership, application):
            raise PermissionDenied()
        body = FundingIndicatorReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        indicator = get_object_or_404(
            Indicator.objects.filter(axis__application=application),
            public_id=data.pop("indicator")["public_id"],
        )
        try:
            report = services.report_indicator(actor=request.user, indicator=indicator, **data)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return Response(FundingIndicatorReportSerializer(report).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("funding/calls", FundingCallViewSet, "funding-call"),
    ("funding/applications", FundingApplicationViewSet, "funding-application"),
]
