from django.contrib import admin

from biafed.opendesk.models import Booking, OpenDeskDay


@admin.register(OpenDeskDay)
class OpenDeskDayAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "status", "slot_count", "rooms_per_slot"]
    list_filter = ["status"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: changes go through the open-desk pages so the rules apply."""

    list_display = ["title", "day", "requester", "status", "slot", "room"]
    list_filter = ["status", "day"]
    search_fields = ["title", "requester__email"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
