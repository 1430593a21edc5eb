"""API resources of billing: runs, invoices (with lines, totals, PDF and Factur-X), credit notes,
payments.

Same rules as the pages (mutualis/billing/perms.py): GE staff read everything; directors and planners
start and issue runs; directors and accountants record payments; a member contact reads its own
member's issued invoices, credit notes and payments. POST on billing-runs starts a run (a background
job) and answers its id; GET gives its status, progress and problems.
"""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from mutualis.api.base import ScopedRelatedField, TenantViewSet, set_membership
from mutualis.api.einvoicing import EInvoicingActions
from mutualis.billing import compute, documents, selectors, services, ubl
from mutualis.billing import jobs as billing_jobs
from mutualis.billing import perms as billing_perms
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
    RunStatus,
)
from mutualis.core.access import Perms
from mutualis.core.dates import validate_plausible_date
from mutualis.einvoicing import perms as einvoicing_perms
from mutualis.members.models import Member

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
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=_("Mois à facturer (AAAA-MM)."),
        validators=[validate_plausible_date],
    )
    mode = serializers.ChoiceField(choices=BillingMode.choices, default=BillingMode.ACTUAL)
    progress = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    invoices = serializers.SerializerMethodField()
    causes = serializers.SerializerMethodField()
    drafts = serializers.SerializerMethodField()

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
            "causes",
            "drafts",
            "invoices",
            "created_at",
        )
        read_only_fields = ("status", "problems", "created_at")

    @extend_schema_field(
        inline_serializer(
            "BillingRunCause",
            fields={
                "code": serializers.CharField(),
                "sentence": serializers.CharField(),
                "details": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        )
    )
    def get_causes(self, run):
        """Why a blocked run is blocked: one sentence per cause, with its lines."""
        return selectors.run_causes(run) if run.status == RunStatus.BLOCKED else []

    @extend_schema_field(
        inline_serializer(
            "BillingRunDrafts",
            fields={
                "count": serializers.IntegerField(),
                "total_excl_tax": serializers.DecimalField(max_digits=12, decimal_places=2),
                "total_incl_tax": serializers.DecimalField(max_digits=12, decimal_places=2),
            },
        )
    )
    def get_drafts(self, run):
        """What issuing would number: draft invoices, their totals."""
        if hasattr(run, "draft_count"):  # annotated by the list (BillingRunViewSet.optimise)
            count, excl, incl = (
                run.draft_count,
                run.draft_excl or Decimal("0"),
                run.draft_incl or Decimal("0"),
            )
        else:
            count, excl, incl = services.run_totals(run)
        return {"count": count, "total_excl_tax": str(excl), "total_incl_tax": str(incl)}

    def get_progress(self, run) -> int:
        return run.job.progress if run.job_id else 0

    def get_message(self, run) -> str:
        return run.job.message if run.job_id else ""

    def get_invoices(self, run) -> list[str]:
        return [str(invoice.public_id) for invoice in run.invoices.all()]  # prefetched by the list


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
UBL_RESPONSE = {(200, "application/xml"): OpenApiTypes.BINARY}


def _xml_file(data, filename):
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class BillingRunViewSet(TenantViewSet):
    model = BillingRun
    serializer_class = BillingRunSerializer
    permission_classes = [Perms]
    readers = staticmethod(billing_perms.can_view_billing)
    perms = {"write": billing_perms.can_run_billing}
    http_method_names = ["get", "post", "delete", "head", "options"]

    def optimise(self, qs):
        drafts = Q(invoices__status=DocumentStatus.DRAFT)
        return (
            qs.select_related("job")
            .annotate(
                draft_count=Count("invoices", filter=drafts),
                draft_excl=Sum("invoices__total_excl_tax", filter=drafts),
                draft_incl=Sum("invoices__total_incl_tax", filter=drafts),
            )
            .prefetch_related(Prefetch("invoices", queryset=Invoice.objects.only("public_id", "run_id")))
            .order_by("-month", "-id")
        )

    def get_object(self):
        # A run whose worker died is failed as soon as someone looks at it.
        return billing_jobs.reap_if_lost(super().get_object())

    @extend_schema(request=None, responses=BillingRunSerializer, summary="Relancer une facturation bloquée")
    @action(detail=True, methods=["post"])
    def retry(self, request, public_id=None, **kwargs):
        run = self.get_object()
        try:
            run = services.retry_run(run=run, user=request.user)
        except services.BillingRefused as exc:
            raise ApiValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response(self.get_serializer(run).data)

    @extend_schema(summary="Supprimer une facturation sans facture (bloquée ou en échec)")
    def destroy(self, request, *args, **kwargs):
        run = self.get_object()
        try:
            services.delete_run(run=run, user=request.user)
        except services.BillingRefused as exc:
            raise ApiValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Lancer la facturation d'un mois (tâche de fond) ; répond la facturation créée")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.start_run(
            group=request.membership.group,
            month=serializer.validated_data["month"],
            mode=serializer.validated_data["mode"],
            user=request.user,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "BillingRunIssued", {"issued": serializers.ListField(child=serializers.UUIDField())}
        ),
        summary="Émettre les brouillons de la facturation (numérotation définitive)",
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, public_id=None, **kwargs):
        run = self.get_object()
        try:
            issued = services.issue_run(run=run, user=request.user)
        except services.BillingRefused as exc:
            raise ApiValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response({"issued": [str(invoice.public_id) for invoice in issued]})


class InvoiceViewSet(EInvoicingActions, TenantViewSet):
    model = Invoice
    serializer_class = InvoiceSerializer
    permission_classes = [Perms]
    readers = staticmethod(billing_perms.can_list_invoices)
    # POST only for the e-invoicing `send` action: invoices themselves are created by billing runs.
    perms = {"write": einvoicing_perms.can_send}
    object_perms = {"read": billing_perms.can_view_invoice}  # a contact never sees drafts (404)
    http_method_names = [*READ_ONLY, "post"]

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")

    def optimise(self, qs):
        lines = InvoiceLine.objects.order_by("position")
        return (
            qs.select_related("member", "run")
            .prefetch_related(Prefetch("lines", queryset=lines))
            .order_by("-period", "number", "id")
        )

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

    @extend_schema(responses=UBL_RESPONSE, summary="La facture en UBL 2.1 (EN 16931)")
    @action(detail=True, methods=["get"])
    def ubl(self, request, public_id=None, **kwargs):
        invoice = self.get_object()
        if invoice.status == DocumentStatus.DRAFT:
            raise Http404
        return _xml_file(ubl.ubl_xml(invoice), f"facture-{invoice.number}-ubl.xml")


class CreditNoteLineInput(serializers.Serializer):
    label = serializers.CharField(max_length=250)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))


class CreditNoteInput(serializers.Serializer):
    invoice = ScopedRelatedField(Invoice, help_text=_("Identifiant de la facture émise à corriger."))
    reason = serializers.CharField(max_length=250, help_text=_("Motif de l'avoir."))
    lines = CreditNoteLineInput(
        many=True,
        required=False,
        help_text=_(
            "Lignes d'un avoir partiel (libellé, montant HT) ; sans lignes, l'avoir annule la facture."
        ),
    )


class CreditNoteViewSet(EInvoicingActions, TenantViewSet):
    model = CreditNote
    serializer_class = CreditNoteSerializer
    permission_classes = [Perms]
    readers = staticmethod(billing_perms.can_list_invoices)
    perms = {"write": billing_perms.can_run_billing}
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        request=CreditNoteInput,
        responses=CreditNoteSerializer,
        summary="Émettre un avoir (total, ou partiel avec des lignes) sur une facture émise",
    )
    def create(self, request, *args, **kwargs):
        serializer = CreditNoteInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not billing_perms.can_issue_credit_note(request.membership, data["invoice"]):
            raise ApiValidationError({"invoice": [_("Un avoir ne s'émet que sur une facture émise.")]})
        lines = [(row["label"], row["amount"]) for row in data.get("lines", [])] or None
        try:
            note = services.issue_credit_note(
                invoice=data["invoice"], reason=data["reason"], lines=lines, user=request.user
            )
        except services.BillingRefused as exc:
            raise ApiValidationError({"non_field_errors": [str(exc)]}) from exc
        fresh = self.get_queryset().get(pk=note.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

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

    @extend_schema(responses=UBL_RESPONSE, summary="L'avoir en UBL 2.1 (EN 16931)")
    @action(detail=True, methods=["get"])
    def ubl(self, request, public_id=None, **kwargs):
        note = self.get_object()
        return _xml_file(ubl.ubl_xml(note), f"avoir-{note.number}-ubl.xml")


class PaymentViewSet(TenantViewSet):
    model = Payment
    serializer_class = PaymentSerializer
    permission_classes = [Perms]
    readers = staticmethod(billing_perms.can_list_invoices)
    perms = {"write": billing_perms.can_record_payment}
    http_method_names = ["get", "post", "head", "options"]

    def optimise(self, qs):
        return qs.select_related("member", "invoice").order_by("-received_on", "-id")

    @extend_schema(summary="Enregistrer un paiement reçu sur une facture émise")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not billing_perms.can_record_payment(request.membership, data["invoice"]):
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


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text=_("L'année régularisée."))


TrueUpAnswer = inline_serializer(
    "TrueUpPreview",
    fields={
        "year": serializers.IntegerField(),
        "lines": serializers.ListField(child=serializers.DictField()),
    },
)


class TrueUpViewSet(viewsets.ViewSet):
    """The yearly true-up of an at-cost GE: `GET ?year=` previews, `POST apply/` issues the documents."""

    permission_classes = [Perms]
    perms = {"read": billing_perms.can_view_billing, "apply": billing_perms.can_apply_true_up}

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def _year(self, data):
        serializer = YearSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["year"]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True)],
        responses=TrueUpAnswer,
        summary="Aperçu de la régularisation annuelle",
    )
    def list(self, request, **kwargs):
        year = self._year({"year": request.query_params.get("year")})
        try:
            result, labels = services.preview_true_up(group=request.membership.group, year=year)
        except compute.BillingError as exc:
            raise ApiValidationError({"year": [str(p) for p in exc.problems]}) from exc
        names = dict(Member.objects.for_group(request.membership.group).values_list("pk", "public_id"))
        lines = [
            {
                "member": str(names.get(member_id, "")),
                "contract": labels.get(line.contract_id, ""),
                "hours": str(line.hours),
                "actual_share": str(line.actual_share),
                "billed": str(line.billed),
                "difference": str(line.difference),
            }
            for member_id, rows in result.items()
            for line in rows
        ]
        return Response({"year": year, "lines": lines})

    @extend_schema(
        request=YearSerializer, responses=TrueUpAnswer, summary="Appliquer la régularisation annuelle"
    )
    @action(detail=False, methods=["post"])
    def apply(self, request, **kwargs):
        year = self._year(request.data)
        try:
            issued, notes = services.apply_true_up(
                group=request.membership.group, year=year, user=request.user
            )
        except (services.BillingRefused, compute.BillingError) as exc:
            raise ApiValidationError({"year": [str(exc)]}) from exc
        lines = [{"invoice": str(doc.public_id), "number": doc.number} for doc in issued]
        lines += [{"credit_note": str(doc.public_id), "number": doc.number} for doc in notes]
        return Response({"year": year, "lines": lines})


ROUTES = [
    ("billing-runs", BillingRunViewSet, "billing-run"),
    ("true-up", TrueUpViewSet, "true-up"),
    ("invoices", InvoiceViewSet, "invoice"),
    ("credit-notes", CreditNoteViewSet, "credit-note"),
    ("payments", PaymentViewSet, "payment"),
]
