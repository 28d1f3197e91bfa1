"""CSV exports: machine-readable (dot decimal point, ISO dates, UTF-8), one header row."""

from biafed.billing.money import money
from biafed.common.spreadsheet import write_csv

INVOICE_COLUMNS = [
    "number",
    "issued_on",
    "due_on",
    "status",
    "paid_on",
    "credit_note",
    "project",
    "institution",
    "address",
    "requester",
    "purchase_order",
    "hours",
    "currency",
    "subtotal",
    "vat_percent",
    "vat_amount",
    "total",
]

INVOICE_LINE_COLUMNS = [
    "invoice",
    "line",
    "description",
    "hours_logged",
    "hours_quoted",
    "hours_billed",
    "unit_price",
    "amount",
    "currency",
]

STATEMENT_COLUMNS = [
    "date",
    "analyst",
    "kind",
    "project_or_session",
    "hours",
    "credited",
    "credit_rate",
    "credit_amount",
    "currency",
]


def _plain(value) -> str:
    return "" if value is None else str(value)


def invoices_csv(invoices) -> str:
    """One row per invoice (cancelled ones included, with their credit note)."""
    return write_csv(
        INVOICE_COLUMNS,
        (
            [
                i.number,
                i.issued_on.isoformat(),
                i.due_on.isoformat(),
                i.status,
                i.paid_on.isoformat() if i.paid_on else "",
                i.credit_note.number if i.status == "cancelled" else "",
                i.project.title,
                i.institution,
                i.address.replace("\r", "").replace("\n", ", "),
                i.requester_name,
                i.purchase_order,
                _plain(i.hours),
                i.currency,
                _plain(money(i.subtotal)),
                _plain(i.vat_percent),
                _plain(money(i.vat_amount)),
                _plain(money(i.total)),
            ]
            for i in invoices
        ),
    )


def invoice_lines_csv(invoice) -> str:
    return write_csv(
        INVOICE_LINE_COLUMNS,
        (
            [
                invoice.number,
                line.order,
                line.description,
                _plain(line.logged_hours),
                _plain(line.quoted_hours),
                _plain(line.hours),
                _plain(line.unit_price),
                _plain(line.amount),
                invoice.currency,
            ]
            for line in invoice.lines.all()
        ),
    )


def statement_csv(statement) -> str:
    return write_csv(
        STATEMENT_COLUMNS,
        (
            [
                line.date.isoformat(),
                str(line.analyst),
                line.kind,
                line.what,
                _plain(line.hours),
                "yes" if line.credit else "no",
                _plain(line.credit.rate) if line.credit else "",
                _plain(line.credit.amount) if line.credit else "",
                statement.currency,
            ]
            for line in statement.lines
        ),
    )
