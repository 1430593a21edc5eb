from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["group", "member", "employee"]


@admin.register(User)
class MutualisUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "member", "employee", "is_active"]
    list_filter = ["role", "is_active", "group"]
    search_fields = ["user__username", "user__email", "group__name"]
    autocomplete_fields = ["user", "group", "member", "employee"]
