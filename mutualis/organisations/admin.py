from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret", "city", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "siret", "city"]
