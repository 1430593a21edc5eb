from django.contrib import admin

from .models import CensusCampaign, CensusDeclaration, ConsolidationRun, Need, NeedSlot, NeedWindow, Position


class NeedSlotInline(admin.TabularInline):
    model = NeedSlot
    extra = 0


class NeedWindowInline(admin.TabularInline):
    model = NeedWindow
    extra = 0


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["job_title", "group", "member", "declaration", "kind", "status"]
    list_filter = ["group", "kind", "status"]
    search_fields = ["job_title", "rome_code", "member__name", "declaration__organisation_name"]
    raw_id_fields = ["member", "declaration", "site", "created_by"]
    inlines = [NeedSlotInline, NeedWindowInline]


@admin.register(CensusCampaign)
class CensusCampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "territory", "opens_on", "closes_on", "status"]
    list_filter = ["group", "status"]


@admin.register(CensusDeclaration)
class CensusDeclarationAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "siret", "campaign", "confirmed_at", "created_at"]
    list_filter = ["group"]
    search_fields = ["organisation_name", "siret"]
    readonly_fields = ["confirmation_token", "ip_address"]


@admin.register(ConsolidationRun)
class ConsolidationRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "status", "seed", "time_limit_seconds", "created_at"]
    list_filter = ["group", "status"]
    raw_id_fields = ["job", "campaign", "created_by"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "weekly_minutes", "status", "accepted_at"]
    list_filter = ["group", "status"]
    raw_id_fields = ["run", "employee", "accepted_by", "needs", "members"]
