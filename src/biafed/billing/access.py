"""Who may open each page of billing: see biafed.common.access for the columns."""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

# fmt: off
ACCESS = {
    "billing:budget": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "billing:cancel_invoice": row("invoice", LOGIN, 403, 404, 403, 404, 404, 404, 200),
    "billing:credit_note_pdf": row("credit_note", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "billing:home": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "billing:invoice": row("invoice", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "billing:invoice_csv": row("invoice", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "billing:invoice_list": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "billing:invoice_pdf": row("invoice", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "billing:invoice_preview": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 404, 403, 404, 404, 404, ALLOWED)),
    "billing:issue_invoice": row("", LOGIN, 403, 404, 403, 404, 404, 404, 200),
    "billing:issue_quote": row("", LOGIN, 403, 404, 403, 404, 404, 404, 200,
        post=(LOGIN, 403, 404, 403, 404, 404, 404, ALLOWED)),
    "billing:ledger": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "billing:mark_paid": row("invoice", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 404, 403, 404, 404, 404, ALLOWED)),
    "billing:project": row("", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "billing:quote_pdf": row("quote", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "billing:rates": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "billing:record_credit": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "billing:record_expense": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "billing:record_subsidy": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "billing:reverse_credit": row("facility_credit", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "billing:reverse_entry": row("ledger_entry", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "billing:statement": row("", LOGIN, 404, 404, 404, 404, 404, 200, 200),
    "billing:statements": row("", LOGIN, 403, 403, 403, 403, 403, 200, 200),
}
# fmt: on
