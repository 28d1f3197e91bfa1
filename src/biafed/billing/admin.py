"""Read-only admin views: money changes only through the billing pages and services."""

from django.contrib import admin

from biafed.billing.models import (
    CreditNote,
    FacilityCredit,
    Invoice,
    LedgerEntry,
    NetworkRate,
    Quote,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NetworkRate)
class NetworkRateAdmin(ReadOnlyAdmin):
    list_display = [
        "valid_from",
        "hourly_price",
        "facility_credit",
        "consultation_credit",
        "set_by",
    ]


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "project", "subtotal", "total", "status"]
    search_fields = ["number", "project__title", "institution"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "project", "institution", "total", "status"]
    list_filter = ["status", "year"]
    search_fields = ["number", "project__title", "institution"]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "invoice", "reason"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "kind", "label", "amount", "currency"]
    list_filter = ["kind"]


@admin.register(FacilityCredit)
class FacilityCreditAdmin(ReadOnlyAdmin):
    list_display = ["facility", "up_to", "hours", "amount", "recorded_at"]
