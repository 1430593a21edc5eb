from django.contrib import admin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "group", "kind", "original_name", "status", "valid_rows", "error_rows"]
    list_filter = ["kind", "status", "group"]
    readonly_fields = ["errors"]
