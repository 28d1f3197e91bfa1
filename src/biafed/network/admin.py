"""Admin lists for looking things up; changes go through the network pages and services."""

from django.contrib import admin

from biafed.network.models import HelpThread, Meeting, Membership, SharedResource


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "joined_on", "left_on")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "starts_at", "status")
    list_filter = ("kind", "status")


@admin.register(HelpThread)
class HelpThreadAdmin(ReadOnlyAdmin):
    list_display = ("title", "asked_by", "created_at", "solved_at")


@admin.register(SharedResource)
class SharedResourceAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "owner", "visibility", "status")
    list_filter = ("kind", "visibility", "status")
