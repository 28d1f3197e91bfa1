from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from biafed.people.models import (
    AnalystExpertise,
    AnalystProfile,
    ExpertiseTerm,
    HostFacility,
    Language,
    User,
    UserRole,
)


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "institution", "is_active"]
    search_fields = ["email", "full_name", "institution"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "institution", "preferred_language")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    list_filter = ["is_active", "roles__role"]
    inlines = [UserRoleInline]


class ExpertiseInline(admin.TabularInline):
    model = AnalystExpertise
    extra = 0
    autocomplete_fields = ["term"]


@admin.register(AnalystProfile)
class AnalystProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "host_facility", "career_stage", "rules_accepted_at"]
    list_filter = ["host_facility", "career_stage"]
    search_fields = ["user__full_name", "user__email"]
    inlines = [ExpertiseInline]


@admin.register(HostFacility)
class HostFacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "city", "country", "umbrella_network"]
    search_fields = ["name", "institution", "city"]
    filter_horizontal = ["managers"]


@admin.register(ExpertiseTerm)
class ExpertiseTermAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "synonyms", "is_active"]
    list_filter = ["family", "is_active"]
    search_fields = ["name", "synonyms"]


admin.site.register(Language)
