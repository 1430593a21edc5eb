"""Serializers of `/api/v1/funding/…`. Nested lists (budget lines, sources, axes, consortium) are
checked by the domain services, which name the line in their messages (« Ligne 3, catégorie… »);
the serializers only read the types."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mutualis.funding.enums import ExpenseCategory, SourceKind
from mutualis.funding.models import (
    Evidence,
    Expense,
    FundingApplication,
    FundingCall,
    IndicatorReport,
)

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class FundingCallSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = FundingCall
        fields = (
            "id",
            "code",
            "version",
            "short_name",
            "name",
            "funder",
            "description",
            "eligible_applicants",
            "published_on",
            "deadline",
            "cap_amount",
            "cap_pct",
            "cap_scope",
            "min_self_pct",
            "partners_count_as_self",
            "overhead_max_pct",
            "overhead_categories",
            "eligible_categories",
            "ineligible_categories",
            "justification_categories",
            "required_axes",
            "max_indicators_per_axis",
            "max_months",
            "payment_schedule",
            "headings",
            "notes",
            "source_quotes",
            "is_active",
        )
        read_only_fields = fields


class FundingBudgetLineSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    position = serializers.IntegerField(read_only=True)
    action = serializers.CharField(required=False, allow_blank=True, max_length=250)
    category = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Une des catégories : %(values)s.") % {"values": ", ".join(ExpenseCategory.values)},
    )
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    nature = serializers.CharField(required=False, allow_blank=True, max_length=250)
    unit_cost = serializers.DecimalField(required=False, **AMOUNT)
    quantity = serializers.DecimalField(required=False, max_digits=10, decimal_places=2)
    amount = serializers.DecimalField(read_only=True, **AMOUNT)
    justification = serializers.CharField(required=False, allow_blank=True)


class FundingSourceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    position = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Une des natures : %(values)s.") % {"values": ", ".join(SourceKind.values)},
    )
    funder = serializers.CharField(required=False, allow_blank=True, max_length=200)
    amount = serializers.DecimalField(required=False, **AMOUNT)


class FundingIndicatorSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    label = serializers.CharField(required=False, allow_blank=True, max_length=250)
    kind = serializers.CharField(required=False, allow_blank=True, help_text="means | results")
    unit = serializers.CharField(required=False, allow_blank=True, max_length=40)
    baseline = serializers.DecimalField(required=False, allow_null=True, **AMOUNT)
    target = serializers.DecimalField(required=False, allow_null=True, **AMOUNT)


class FundingAxisSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    position = serializers.IntegerField(read_only=True)
    code = serializers.CharField(required=False, allow_blank=True, max_length=40)
    title = serializers.CharField(required=False, allow_blank=True, max_length=250)
    objectives = serializers.CharField(required=False, allow_blank=True)
    actions = serializers.CharField(required=False, allow_blank=True)
    public = serializers.CharField(required=False, allow_blank=True)
    public_count = serializers.IntegerField(required=False, allow_null=True)
    public_share_pct = serializers.DecimalField(
        required=False, allow_null=True, max_digits=5, decimal_places=2
    )
    impacts = serializers.CharField(required=False, allow_blank=True)
    methods = serializers.CharField(required=False, allow_blank=True)
    calendar = serializers.CharField(required=False, allow_blank=True)
    indicators = FundingIndicatorSerializer(many=True, required=False)


class FundingConsortiumMemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = serializers.CharField(required=False, allow_blank=True, max_length=120)
    role = serializers.CharField(required=False, allow_blank=True, help_text="lead | member")
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    contact_email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    commitment = serializers.CharField(required=False, allow_blank=True)
    has_letter = serializers.SerializerMethodField()

    def get_has_letter(self, obj) -> bool:
        return bool(obj.letter)


class FundingTotalsSerializer(serializers.Serializer):
    total_cost = serializers.DecimalField(**AMOUNT)
    total_sources = serializers.DecimalField(**AMOUNT)
    state = serializers.DecimalField(**AMOUNT)
    state_pct = serializers.DecimalField(max_digits=7, decimal_places=2)
    self_funding = serializers.DecimalField(**AMOUNT)
    partners = serializers.DecimalField(**AMOUNT)
    other = serializers.DecimalField(**AMOUNT)
    overheads = serializers.DecimalField(**AMOUNT)
    overheads_pct = serializers.DecimalField(max_digits=7, decimal_places=2)


class FundingFindingSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[("error", _("erreur")), ("warning", _("avertissement"))])
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    message = serializers.CharField()
    line = serializers.IntegerField(allow_null=True)
    axis = serializers.CharField(allow_null=True)
    field = serializers.CharField(allow_null=True)


class FundingCheckSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text=_("Vrai quand aucune règle de l'appel n'est enfreinte."))
    errors = FundingFindingSerializer(many=True)
    warnings = FundingFindingSerializer(many=True)
    totals = FundingTotalsSerializer()


class FundingApplicationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    call = serializers.SlugRelatedField(
        slug_field="public_id", queryset=FundingCall.objects.filter(is_active=True)
    )
    call_name = serializers.CharField(source="call.__str__", read_only=True)
    applicant = serializers.CharField(source="applicant.name", read_only=True)
    consortium = FundingConsortiumMemberSerializer(many=True, required=False)
    axes = FundingAxisSerializer(many=True, required=False)
    budget_lines = FundingBudgetLineSerializer(many=True, required=False)
    sources = FundingSourceSerializer(many=True, required=False)
    totals = serializers.SerializerMethodField()

    class Meta:
        model = FundingApplication
        fields = (
            "id",
            "call",
            "call_name",
            "applicant",
            "title",
            "summary",
            "territory",
            "start_date",
            "duration_months",
            "status",
            "submitted_at",
            "granted_amount",
            "decided_on",
            "consortium",
            "axes",
            "budget_lines",
            "sources",
            "totals",
            "created_at",
            "updated_at",
        )
        read_only_fields = (
            "status",
            "submitted_at",
            "granted_amount",
            "decided_on",
            "created_at",
            "updated_at",
        )

    def get_totals(self, obj) -> FundingTotalsSerializer:
        from mutualis.funding import rules

        totals = rules.totals(rules.Rules.from_call(obj.call), rules.Draft.from_application(obj))
        return FundingTotalsSerializer(totals.as_dict()).data

    def update(self, instance, validated_data):  # the viewset writes through the services
        raise NotImplementedError

    def create(self, validated_data):
        raise NotImplementedError


class FundingDecisionSerializer(serializers.Serializer):
    granted = serializers.BooleanField()
    granted_amount = serializers.DecimalField(required=False, allow_null=True, **AMOUNT)
    decided_on = serializers.DateField(required=False, allow_null=True)


class FundingExpenseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    budget_line = serializers.UUIDField(source="budget_line.public_id")
    # No min_value here: the model's validator gives the French message (« ne peut pas être négatif »).
    amount = serializers.DecimalField(**AMOUNT)

    class Meta:
        model = Expense
        fields = ("id", "budget_line", "spent_on", "label", "supplier", "amount", "created_at")
        read_only_fields = ("created_at",)


class FundingEvidenceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    budget_line = serializers.UUIDField(source="budget_line.public_id", required=False, allow_null=True)
    expense = serializers.UUIDField(source="expense.public_id", required=False, allow_null=True)
    file = serializers.FileField(write_only=True)

    class Meta:
        model = Evidence
        fields = ("id", "title", "budget_line", "expense", "file", "original_name", "uploaded_at")
        read_only_fields = ("original_name", "uploaded_at")


class FundingIndicatorReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    indicator = serializers.UUIDField(source="indicator.public_id")
    value = serializers.DecimalField(**AMOUNT)

    class Meta:
        model = IndicatorReport
        fields = ("id", "indicator", "period_end", "value", "comment", "created_at")
        read_only_fields = ("created_at",)
