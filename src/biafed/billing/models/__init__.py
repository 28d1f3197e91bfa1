from biafed.billing.models.budget import BudgetLine
from biafed.billing.models.documents import (
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Quote,
    QuoteLine,
    QuoteStatus,
)
from biafed.billing.models.ledger import (
    INCOME_KINDS,
    OUTGOING_KINDS,
    CreditLine,
    EntryKind,
    ExpenseCategory,
    FacilityCredit,
    HourKind,
    LedgerEntry,
)
from biafed.billing.models.numbering import DocumentKind, NumberSeries, format_number
from biafed.billing.models.rates import NetworkRate

__all__ = [
    "BudgetLine",
    "INCOME_KINDS",
    "OUTGOING_KINDS",
    "CreditLine",
    "CreditNote",
    "DocumentKind",
    "EntryKind",
    "ExpenseCategory",
    "FacilityCredit",
    "HourKind",
    "Invoice",
    "InvoiceLine",
    "InvoiceStatus",
    "LedgerEntry",
    "NetworkRate",
    "NumberSeries",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "format_number",
]
