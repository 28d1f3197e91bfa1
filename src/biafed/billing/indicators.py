"""Billing's indicators in the reports (reporting's registry, docs/reports.md)."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from biafed.billing.models import Invoice, InvoiceStatus
from biafed.reporting.registry import register_indicator


def amount_invoiced(*, start, end, site) -> Decimal:
    """Invoices issued in the period and not cancelled, excluding VAT. A host facility's
    share is that of the projects its analysts lead."""
    issued = Invoice.objects.filter(issued_on__range=(start, end)).exclude(
        status=InvoiceStatus.CANCELLED
    )
    if site is not None:
        issued = issued.filter(project__lead__analyst_profile__host_facility=site)
    return (issued.aggregate(total=Sum("subtotal"))["total"] or Decimal(0)).quantize(
        Decimal("0.01")
    )


def register() -> None:
    register_indicator(
        key="billing.amount_invoiced",
        label=_("Amounts invoiced"),
        category=_("Projects"),
        unit="amount",
        definition=_(
            "Invoices issued in the period, not cancelled, excluding VAT, in the network's "
            "currency."
        ),
        compute=amount_invoiced,
    )
