from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "group", "kind", "status", "progress", "attempts", "heartbeat_at", "owner"]
    list_filter = ["status", "kind", "group"]
