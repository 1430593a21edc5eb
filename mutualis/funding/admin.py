from django.contrib import admin

from .models import FundingApplication, FundingCall


@admin.register(FundingCall)
class FundingCallAdmin(admin.ModelAdmin):
    """New versions of a call's rules: « Enregistrer en tant que nouveau » with the next version number.
    A version that applications refer to is read-only (only its opening can change)."""

    list_display = ["short_name", "version", "name", "deadline", "is_active"]
    list_filter = ["code", "is_active"]
    save_as = True

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.applications.exists():
            return [f.name for f in obj._meta.fields if f.name not in ("is_active", "id")]
        return ["public_id"]


@admin.register(FundingApplication)
class FundingApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "group", "organisation", "status", "created_at"]
    list_filter = ["status", "call"]
    readonly_fields = [f.name for f in FundingApplication._meta.fields]

    def has_add_permission(self, request):
        return False
