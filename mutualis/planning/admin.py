from django.contrib import admin

from .models import Absence, Assignment, AssignmentSlot, RuleOverride, ScheduleException, WorkingTimeRule


class AssignmentSlotInline(admin.TabularInline):
    model = AssignmentSlot
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["employee", "member", "site", "start_date", "end_date", "status"]
    list_filter = ["group", "status"]
    search_fields = ["employee__last_name", "member__name"]
    raw_id_fields = ["employee", "member", "site", "contract"]
    inlines = [AssignmentSlotInline]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["employee", "kind", "start", "end"]
    list_filter = ["group", "kind"]
    raw_id_fields = ["employee"]


@admin.register(ScheduleException)
class ScheduleExceptionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "kind", "date", "new_date", "start_time", "end_time"]
    list_filter = ["group", "kind"]
    raw_id_fields = ["assignment"]


@admin.register(WorkingTimeRule)
class WorkingTimeRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "group", "limit", "is_active"]
    list_filter = ["group", "code"]


@admin.register(RuleOverride)
class RuleOverrideAdmin(admin.ModelAdmin):
    list_display = ["created_at", "group", "employee", "rule_code", "actor_label"]
    list_filter = ["group", "rule_code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
