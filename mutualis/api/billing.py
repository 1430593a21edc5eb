"""API resources of billing: runs, invoices (with lines, totals, PDF and Factur-X), credit notes,
payments.

Same rules as the pages (mutualis/billing/perms.py): GE staff read everything; directors and planners
start and issue runs; directors and accountants record payments; a member contact reads its own
member's issued invoices, credit notes and payments. POST on billing-runs starts a run (a background
job) and answers its id; GET gives its status, progress and problems.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role
from mutualis.api.base import ScopedRelatedField, TenantViewSet
from mutualis.billing import documents, perms, services
from mutualis.billing.models import (
    BillingMode,
    BillingRun,
    CreditNote,
    CreditNoteLine,
    DocumentStatus,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentMethod,
)

READERS = STAFF_ROLES | {Role.MEMBER_CONTACT}
READ_ONLY = ["get", "head", "options"]


class LineSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=4)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    explanation = serializers.CharField(help_text=_("Le calcul du montant, en clair."))


DOCUMENT_FIELDS = (
    "id",
    "number",
    "status",
    "member",
    "member_name",
    "issue_date",
    "vat_rate",
    "vat_mention",
    "total_excl_tax",
    "vat_amount",
    "total_incl_tax",
    "lines",
)


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    member = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    lines = serializers.SerializerMethodField()

    @extend_schema_field(LineSerializer(many=True))
    def get_lines(self, document):
        return LineSerializer(document.lines.all(), many=True).data


class InvoiceSerializer(DocumentSerializer):
    run = serializers.SlugRelatedField(slug_field="public_id", read_only=True)

    class Meta:
        model = Invoice
        fields = (*DOCUMENT_FIELDS, "kind", "period", "due_date", "hours", "run")
        read_only_fields = fields


class CreditNoteSerializer(DocumentSerializer):
    invoice = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    invoice_number = serializers.CharField(source="invoice.number", read_only=True, default="")

    class Meta:
        model = CreditNote
        fields = (*DOCUMENT_FIELDS, "invoice", "invoice_number", "true_up_year", "reason", "cancels_invoice")
        read_only_fields = fields


class BillingRunSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    month = serializers.DateField(
        input_formats=["%Y-%m", "%Y-%m-%d"], help_text=_("Mois à facturer (AAAA-MM).")
    )
    mode = serializers.ChoiceField(choices=BillingMode.choices, default=BillingMode.ACTUAL)
    progress = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    invoices = serializers.SerializerMethodField()

    class Meta:
        model = BillingRun
        fields = (
            "id",
            "month",
            "mode",
            "status",
            "progress",
            "message",
            "problems",
            "invoices",
            "created_at",
        )
        read_only_fields = ("status", "problems", "created_at")

    def get_progress(self, run) -> int:
        return run.job.progress if run.job_id else 0

    def get_message(self, run) -> str:
        return run.job.message if run.job_id else ""

    def get_invoices(self, run) -> list[str]:
        return [str(public_id) for public_id in run.invoices.values_list("public_id", flat=True)]


class PaymentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    invoice = ScopedRelatedField(Invoice, help_text=_("Identifiant de la facture émise."))
    member = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    method = serializers.ChoiceField(choices=PaymentMethod.choices)

    class Meta:
        model = Payment
        fields = ("id", "invoice", "member", "amount", "received_on", "method", "reference", "created_at")
        read_only_fields = ("created_at",)


def _file(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


PDF_RESPONSE = {(200, "application/pdf"): OpenApiTypes.BINARY}


class BillingRunViewSet(TenantViewSet):
    model = BillingRun
    serializer_class = BillingRunSerializer
    read_roles = STAFF_ROLES
    write_roles = REGISTRY_WRITE_ROLES
    http_method_names = ["get", "post", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("job").order_by("-month", "-id")

    @extend_schema(summary="Lancer la facturation d'un mois (tâche de fond) ; répond son identifiant")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.start_run(
            group=request.membership.group,
            month=serializer.validated_data["month"],
            mode=serializer.validated_data["mode"],
            user=request.user,
        )
        return Response({"id": str(run.public_id)}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, summary="Émettre les brouillons de la facturation (numérotation définitive)")
    @action(detail=True, methods=["post"])
    def issue(self, request, public_id=None, **kwargs):
        run = self.get_object()
        try:
            issued = services.issue_run(run=run, user=request.user)
        except services.BillingRefused as exc:
            raise ApiValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response({"issued": [str(invoice.public_id) for invoice in issued]})


class InvoiceViewSet(TenantViewSet):
    model = Invoice
    serializer_class = InvoiceSerializer
    read_roles = READERS
    http_method_names = READ_ONLY

    def optimise(self, qs):
        lines = InvoiceLine.objects.order_by("position")
        return (
            qs.select_related("member", "run")
            .prefetch_related(Prefetch("lines", queryset=lines))
            .order_by("-period", "number", "id")
        )

    def get_object(self):
        invoice = super().get_object()
        if not perms.can_view_invoice(self.request.membership, invoice):
            raise Http404
        return invoice

    @extend_schema(responses=PDF_RESPONSE, summary="La facture en PDF")
    @action(detail=True, methods=["get"])
    def pdf(self, request, public_id=None, **kwargs):
        invoice = self.get_object()
        return _file(documents.render_pdf(invoice), f"facture-{invoice.number or 'brouillon'}.pdf")

    @extend_schema(responses=PDF_RESPONSE, summary="La facture Factur-X (PDF/A-3 et XML EN 16931)")
    @action(detail=True, methods=["get"])
    def facturx(self, request, public_id=None, **kwargs):
        invoice = self.get_object()
        if invoice.status == DocumentStatus.DRAFT:
            raise Http404
        return _file(documents.render_facturx(invoice), f"facture-{invoice.number}-facturx.pdf")


class CreditNoteViewSet(TenantViewSet):
    model = CreditNote
    serializer_class = CreditNoteSerializer
    read_roles = READERS
    http_method_names = READ_ONLY

    def optimise(self, qs):
        lines = CreditNoteLine.objects.order_by("position")
        return (
            qs.select_related("member", "invoice")
            .prefetch_related(Prefetch("lines", queryset=lines))
            .order_by("-issue_date", "number", "id")
        )

    @extend_schema(responses=PDF_RESPONSE, summary="L'avoir Factur-X (PDF/A-3 et XML EN 16931)")
    @action(detail=True, methods=["get"])
    def facturx(self, request, public_id=None, **kwargs):
        note = self.get_object()
        return _file(documents.render_facturx(note), f"avoir-{note.number}-facturx.pdf")


class PaymentViewSet(TenantViewSet):
    model = Payment
    serializer_class = PaymentSerializer
    read_roles = READERS
    write_roles = perms.FINANCE_ROLES
    http_method_names = ["get", "post", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("member", "invoice").order_by("-received_on", "-id")

    @extend_schema(summary="Enregistrer un paiement reçu sur une facture émise")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not perms.can_record_payment(request.membership, data["invoice"]):
            if data["invoice"].status != DocumentStatus.ISSUED:
                raise ApiValidationError(
                    {"invoice": [_("Un paiement ne s'enregistre que sur une facture émise.")]}
                )
            raise PermissionDenied()
        try:
            payment = services.record_payment(
                invoice=data["invoice"],
                amount=data["amount"],
                received_on=data["received_on"],
                method=data["method"],
                reference=data.get("reference", ""),
                user=request.user,
            )
        except services.BillingRefused as exc:
            raise ApiValidationError({"amount": [str(exc)]}) from exc
        return Response(self.get_serializer(payment).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("billing-runs", BillingRunViewSet, "billing-run"),
    ("invoices", InvoiceViewSet, "invoice"),
    ("credit-notes", CreditNoteViewSet, "credit-note"),
    ("payments", PaymentViewSet, "payment"),
]
