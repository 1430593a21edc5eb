from django.contrib import admin

from .models import EmployerGroup


@admin.register(EmployerGroup)
class EmployerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "siren", "vat_regime", "is_active"]
    search_fields = ["name", "siren"]
    prepopulated_fields = {"slug": ["name"]}
