from django.contrib import admin

from .models import Member, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    exclude = ["group"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "kind", "siret", "joined_on", "left_on", "archived_at"]
    list_filter = ["group", "kind", "vat_status"]
    search_fields = ["name", "siret"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "city", "latitude", "longitude"]
    list_filter = ["group"]
    search_fields = ["name", "city", "member__name"]
