"""Django admin for platform admins: rates are editable; invoices, credit notes, runs and
number sequences are read-only here (issued documents change only through credit notes)."""

from django.contrib import admin

from .models import (
    BillingCoefficient,
    BillingRun,
    BillingSettings,
    CostParameters,
    CreditNote,
    FixedHourlyRate,
    Invoice,
    MembershipFee,
    MinimumWage,
    NumberSequence,
    Payment,
    PaymentReminder,
    ReferencePay,
    Subsidy,
    YearlyCost,
)


@admin.register(BillingCoefficient)
class BillingCoefficientAdmin(admin.ModelAdmin):
    list_display = ["group", "coefficient", "contract_kind", "rome_code", "valid_from"]
    list_filter = ["group", "contract_kind"]


@admin.register(FixedHourlyRate)
class FixedHourlyRateAdmin(admin.ModelAdmin):
    list_display = ["group", "member", "contract", "hourly_rate", "valid_from"]
    list_filter = ["group"]
    raw_id_fields = ["member", "contract"]


@admin.register(CostParameters)
class CostParametersAdmin(admin.ModelAdmin):
    list_display = [
        "group",
        "employer_contribution_rate",
        "paid_leave_rate",
        "equal_treatment_bonus_per_hour",
        "valid_from",
    ]
    list_filter = ["group"]


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "hourly_amount", "source"]


@admin.register(MembershipFee)
class MembershipFeeAdmin(admin.ModelAdmin):
    list_display = ["group", "member", "year", "amount"]
    list_filter = ["group", "year"]
    raw_id_fields = ["member"]


@admin.register(Subsidy)
class SubsidyAdmin(admin.ModelAdmin):
    list_display = ["group", "label", "month", "amount", "contract"]
    list_filter = ["group"]
    raw_id_fields = ["contract"]


@admin.register(YearlyCost)
class YearlyCostAdmin(admin.ModelAdmin):
    list_display = ["group", "contract", "year", "amount"]
    list_filter = ["group", "year"]
    raw_id_fields = ["contract"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "group", "member", "period", "kind", "status", "total_incl_tax"]
    list_filter = ["group", "status", "kind"]
    search_fields = ["number", "member__name"]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "group", "member", "invoice", "status", "total_incl_tax"]
    list_filter = ["group", "status"]
    search_fields = ["number", "member__name"]


@admin.register(BillingRun)
class BillingRunAdmin(ReadOnlyAdmin):
    list_display = ["group", "month", "mode", "status", "created_at"]
    list_filter = ["group", "status"]


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ["group", "series", "year", "last_number"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["group", "member", "invoice", "amount", "received_on", "method"]
    list_filter = ["group", "method"]


@admin.register(BillingSettings)
class BillingSettingsAdmin(admin.ModelAdmin):
    list_display = ["group", "vat_on_debits", "reminder_interval_days"]


@admin.register(ReferencePay)
class ReferencePayAdmin(admin.ModelAdmin):
    list_display = ["group", "member", "job_title", "rome_code", "hourly_pay", "valid_from"]
    list_filter = ["group"]
    raw_id_fields = ["member"]


@admin.register(PaymentReminder)
class PaymentReminderAdmin(ReadOnlyAdmin):
    list_display = ["group", "invoice", "sent_on", "email", "remaining", "days_late"]
    list_filter = ["group"]
