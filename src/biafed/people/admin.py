from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from biafed.common.errors import BusinessRuleError
from biafed.people.models import (
    AnalystExpertise,
    AnalystProfile,
    ExpertiseTerm,
    HostFacility,
    Language,
    User,
    UserRole,
)
from biafed.people.privacy import close_account, closure_blockers, export_personal_data


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
    actions = ["export_data", "close_accounts"]

    def has_delete_permission(self, request, obj=None) -> bool:
        """People are never deleted (their bookings, projects and invoices would go or
        block it): their accounts are closed, which erases or pseudonymises their data."""
        return False

    @admin.action(description=gettext_lazy("Export the person's data (zip of JSON files)"))
    def export_data(self, request, queryset):
        """For a request by e-mail: the same zip the person downloads from their profile."""
        if queryset.count() != 1:
            self.message_user(request, _("Choose one person at a time."), messages.WARNING)
            return None
        person = queryset.get()
        try:
            data = export_personal_data(actor=request.user, user=person)
        except PermissionDenied:
            self.message_user(
                request, _("Only administrators export someone's data."), messages.ERROR
            )
            return None
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="biafed-data-{person.pk}.zip"'
        return response

    @admin.action(description=gettext_lazy("Close the selected accounts (erase personal data)"))
    def close_accounts(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            people = [(person, closure_blockers(person)) for person in queryset]
            return TemplateResponse(
                request,
                "admin/people/user/close_accounts.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Close accounts"),
                    "people": people,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        closed = 0
        for person in queryset:
            try:
                close_account(actor=request.user, user=person)
            except BusinessRuleError as error:
                self.message_user(
                    request, f"{person}: {' '.join(error.messages)}", messages.WARNING
                )
            except PermissionDenied:
                self.message_user(request, _("Only administrators close accounts."), messages.ERROR)
                return None
            else:
                closed += 1
        self.message_user(
            request,
            ngettext("%(n)s account closed.", "%(n)s accounts closed.", closed) % {"n": closed},
            messages.SUCCESS,
        )
        return None


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
