"""PDF quotes, invoices, credit notes, invoice lists and statements (reportlab, pure Python).

Texts are written in the active language; amounts come from the stored exact decimals.
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from biafed.billing.money import format_hours, format_money

FONT, BOLD = "BiafedSans", "BiafedSans-Bold"
_FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"


def _fonts() -> None:
    """Bitstream Vera ships with reportlab and covers accented Latin names and €."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(_FONT_DIR / "VeraBd.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["Normal"], fontName=FONT, fontSize=9, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10),
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=8
        ),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
    }


def _p(text, style) -> Paragraph:
    """A paragraph of plain text: escaped, line breaks kept."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _build(story, *, title: str, subject: str) -> bytes:
    buffer = io.BytesIO()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(18 * mm, 10 * mm, f"{settings.BILLING_ISSUER_NAME} · {title}")
        canvas.drawRightString(192 * mm, 10 * mm, _("page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        subject=subject,
        author=settings.BILLING_ISSUER_NAME,
        creator="biafed",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _table(rows, widths, *, numeric_from: int, total_rows: int = 0) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
    ]
    if total_rows:
        style += [
            ("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.6, colors.black),
            ("FONT", (0, -1), (-1, -1), BOLD, 9),
        ]
    table.setStyle(TableStyle(style))
    return table


def _issuer(s) -> list:
    lines = [settings.BILLING_ISSUER_NAME, settings.BILLING_ISSUER_ADDRESS]
    if settings.BILLING_ISSUER_TAX_ID:
        lines.append(
            _("VAT / registration number: %(id)s") % {"id": settings.BILLING_ISSUER_TAX_ID}
        )
    return [_p("\n".join(line for line in lines if line), s["small"]), Spacer(1, 6 * mm)]


def _head(
    s, *, title: str, facts: list[tuple[str, str]], institution: str, address: str, extra: str = ""
):
    left = [_p(_("To"), s["heading"]), _p(institution, s["body"])]
    if address:
        left.append(_p(address, s["body"]))
    if extra:
        left.append(_p(extra, s["small"]))
    right = Table(
        [[_p(label, s["small"]), _p(value, s["body"])] for label, value in facts],
        colWidths=[32 * mm, 50 * mm],
    )
    right.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    header = Table([[left, right]], colWidths=[92 * mm, 82 * mm])
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return [_p(title, s["title"]), header, Spacer(1, 6 * mm)]


def _money_lines(s, lines, document) -> Table:
    currency = document.currency
    rows = [[_("Description"), _("Hours"), _("Price per hour"), _("Amount")]]
    rows += [
        [
            _p(line.description, s["body"]),
            format_hours(line.hours),
            format_money(line.unit_price, currency),
            format_money(line.amount, currency),
        ]
        for line in lines
    ]
    rows += [
        [
            _("Total excluding VAT"),
            format_hours(document.hours),
            "",
            format_money(document.subtotal, currency),
        ],
        [
            _("VAT %(percent)s %%") % {"percent": document.vat_percent},
            "",
            "",
            format_money(document.vat_amount, currency),
        ],
        [_("Total including VAT"), "", "", format_money(document.total, currency)],
    ]
    return _table(rows, [86 * mm, 22 * mm, 32 * mm, 34 * mm], numeric_from=1, total_rows=3)


def quote_pdf(quote) -> bytes:
    s = _styles()
    project = quote.project
    title = _("Quote %(number)s") % {"number": quote.number}
    story = _issuer(s) + _head(
        s,
        title=title,
        facts=[
            (_("Number"), quote.number),
            (_("Date"), _date(quote.issued_on)),
            (_("Valid until"), _date(quote.valid_until)),
            (_("Project"), project.title),
            (_("Requester"), str(project.requester)),
        ],
        institution=quote.institution,
        address=quote.address,
    )
    story += [
        _p(
            _(
                "Collaborative project in bioimage analysis. One price per hour across the "
                "network, whichever host facility's analyst does the work. Work is billed per "
                "phase from the hours logged; hours beyond a phase's quoted hours are agreed first."
            ),
            s["body"],
        ),
        Spacer(1, 4 * mm),
        _money_lines(s, quote.lines.all(), quote),
    ]
    if quote.vat_note:
        story += [Spacer(1, 3 * mm), _p(quote.vat_note, s["small"])]
    return _build(story, title=title, subject=project.title)


def invoice_pdf(invoice) -> bytes:
    s = _styles()
    title = _("Invoice %(number)s") % {"number": invoice.number}
    facts = [
        (_("Number"), invoice.number),
        (_("Date"), _date(invoice.issued_on)),
        (_("Due on"), _date(invoice.due_on)),
        (_("Project"), invoice.project.title),
        (_("Requester"), f"{invoice.requester_name} <{invoice.requester_email}>"),
    ]
    if invoice.purchase_order:
        facts.append((_("Your reference"), invoice.purchase_order))
    if invoice.quote_id:
        facts.append((_("Quote"), invoice.quote.number))
    story = _issuer(s) + _head(
        s, title=title, facts=facts, institution=invoice.institution, address=invoice.address
    )
    if invoice.status == "cancelled":
        note = invoice.credit_note
        story += [
            _p(
                _("Cancelled by credit note %(number)s of %(date)s.")
                % {"number": note.number, "date": _date(note.issued_on)},
                s["heading"],
            ),
            Spacer(1, 3 * mm),
        ]
    story.append(_money_lines(s, invoice.lines.all(), invoice))
    if invoice.vat_note:
        story += [Spacer(1, 3 * mm), _p(invoice.vat_note, s["small"])]
    story += [
        Spacer(1, 5 * mm),
        _p(
            _("Payment due by %(date)s. Please quote %(number)s with your payment.")
            % {"date": _date(invoice.due_on), "number": invoice.number},
            s["body"],
        ),
    ]
    return _build(story, title=title, subject=invoice.project.title)


def credit_note_pdf(note) -> bytes:
    s = _styles()
    invoice = note.invoice
    title = _("Credit note %(number)s") % {"number": note.number}
    story = _issuer(s) + _head(
        s,
        title=title,
        facts=[
            (_("Number"), note.number),
            (_("Date"), _date(note.issued_on)),
            (_("Cancels invoice"), invoice.number),
            (_("Invoice date"), _date(invoice.issued_on)),
            (_("Project"), invoice.project.title),
        ],
        institution=invoice.institution,
        address=invoice.address,
    )
    rows = [[_("Description"), _("Amount")]]
    rows += [
        [_p(line.description, s["body"]), format_money(-line.amount, invoice.currency)]
        for line in invoice.lines.all()
    ]
    rows += [
        [_("Total excluding VAT"), format_money(-invoice.subtotal, invoice.currency)],
        [
            _("VAT %(percent)s %%") % {"percent": invoice.vat_percent},
            format_money(-invoice.vat_amount, invoice.currency),
        ],
        [_("Total credited"), format_money(-invoice.total, invoice.currency)],
    ]
    story += [
        _p(_("Reason: %(reason)s") % {"reason": note.reason}, s["body"]),
        Spacer(1, 4 * mm),
        _table(rows, [130 * mm, 44 * mm], numeric_from=1, total_rows=3),
    ]
    return _build(story, title=title, subject=invoice.project.title)


def invoice_list_pdf(invoices, *, title: str) -> bytes:
    s = _styles()
    rows = [
        [
            _("Number"),
            _("Date"),
            _("Institution"),
            _("Project"),
            _("Status"),
            _("Excl. VAT"),
            _("Total"),
        ]
    ]
    for invoice in invoices:
        rows.append(
            [
                invoice.number,
                _date(invoice.issued_on),
                _p(invoice.institution, s["small"]),
                _p(invoice.project.title, s["small"]),
                invoice.get_status_display(),
                format_money(invoice.subtotal, invoice.currency),
                format_money(invoice.total, invoice.currency),
            ]
        )
    story = _issuer(s) + [
        _p(title, s["title"]),
        _table(
            rows,
            [24 * mm, 20 * mm, 36 * mm, 38 * mm, 18 * mm, 20 * mm, 20 * mm],
            numeric_from=5,
        ),
    ]
    return _build(story, title=title, subject=title)


def statement_pdf(statement) -> bytes:
    s = _styles()
    facility = statement.facility
    period = _("from %(start)s to %(end)s") % {
        "start": _date(statement.start) or "…",
        "end": _date(statement.end) or "…",
    }
    title = _("Statement of %(facility)s") % {"facility": facility.name}
    currency = statement.currency
    summary = [
        [_("Hours given"), _("Hours")],
        [_("Project work"), format_hours(statement.project_hours)],
        [_("Mentoring"), format_hours(statement.mentoring_hours)],
        [_("Open-desk consultations"), format_hours(statement.consultation_hours)],
        [_("Total"), format_hours(statement.total_hours)],
    ]
    analysts = [[_("Analyst"), _("Projects"), _("Mentoring"), _("Consultations"), _("Total")]]
    analysts += [
        [
            _p(str(row.analyst), s["body"]),
            format_hours(row.project),
            format_hours(row.mentoring),
            format_hours(row.consultation),
            format_hours(row.total),
        ]
        for row in statement.by_analyst
    ]
    received = [[_("Date"), _("Credit"), _("Amount")]]
    received += [
        [_date(entry.booked_on), _p(entry.label, s["small"]), format_money(-entry.amount, currency)]
        for entry in statement.credits
    ]
    received.append([_("Received in the period"), "", format_money(statement.received, currency)])
    detail = [
        [_("Date"), _("Analyst"), _("Kind"), _("Project or session"), _("Hours"), _("Credited")]
    ]
    detail += [
        [
            line.date.isoformat(),
            _p(str(line.analyst), s["small"]),
            _p(line.kind_label, s["small"]),
            _p(line.what, s["small"]),
            format_hours(line.hours),
            format_money(line.credit.amount, currency) if line.credit else "–",
        ]
        for line in statement.lines
    ]
    story = _issuer(s) + [
        _p(title, s["title"]),
        _p(f"{facility.institution}, {facility.city} — {period}", s["body"]),
        Spacer(1, 5 * mm),
        _table(summary, [120 * mm, 54 * mm], numeric_from=1, total_rows=1),
        _p(_("Hours per analyst"), s["heading"]),
        _table(analysts, [70 * mm, 26 * mm, 26 * mm, 26 * mm, 26 * mm], numeric_from=1),
        _p(_("What the facility received"), s["heading"]),
        _table(received, [26 * mm, 112 * mm, 36 * mm], numeric_from=2, total_rows=1),
        _p(_("Hours in detail"), s["heading"]),
        _table(detail, [22 * mm, 34 * mm, 28 * mm, 48 * mm, 16 * mm, 24 * mm], numeric_from=4),
    ]
    return _build(story, title=title, subject=period)
