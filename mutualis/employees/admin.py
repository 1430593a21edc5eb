from django.contrib import admin

from .models import Contract, Employee, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "kind", "rome_code"]
    list_filter = ["kind"]
    search_fields = ["code", "label", "rome_code"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "group", "city", "archived_at"]
    list_filter = ["group"]
    search_fields = ["last_name", "first_name", "email"]
    autocomplete_fields = ["skills"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["employee", "kind", "job_title", "weekly_hours", "start_date", "end_date"]
    list_filter = ["group", "kind"]
    search_fields = ["employee__last_name", "job_title"]
    filter_horizontal = ["potential_members", "places"]
