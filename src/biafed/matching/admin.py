from django.contrib import admin

from biafed.matching.models import AllocationPin, AllocationRun, DeclaredConflict


@admin.register(DeclaredConflict)
class DeclaredConflictAdmin(admin.ModelAdmin):
    """Conflicts of interest the allocation engine respects (beyond the same institution)."""

    list_display = ["analyst", "requester", "reason", "created_at"]
    search_fields = ["analyst__email", "analyst__full_name", "requester__email"]
    raw_id_fields = ["analyst", "requester"]


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    """Read-only: runs are started and applied from the allocation page."""

    list_display = ["day", "status", "solver_status", "gap_pct", "created_at", "applied_at"]
    list_filter = ["status", "solver_status"]
    exclude = ["instance", "proposal", "versions", "places"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AllocationPin)
class AllocationPinAdmin(admin.ModelAdmin):
    list_display = ["booking", "analyst", "slot", "created_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
