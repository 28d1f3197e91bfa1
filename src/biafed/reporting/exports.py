"""A report as JSON, CSV and PDF: the same bytes for the same data (sorted keys, no
timestamp; reportlab's invariant mode leaves the creation date and document id out)."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import reportlab
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from biafed.reporting.charts import indicator_chart, to_drawing
from biafed.reporting.registry import part_label

CSV_COLUMNS = ("key", "part", "label", "category", "unit", "value", "previous")
FONT, BOLD = "BiafedSans", "BiafedSans-Bold"
_FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _parts(row: dict):
    """(part, value, previous) per line: one line for a number, one per part of a breakdown."""
    value, previous = row["value"], row["previous"]
    if isinstance(value, dict):
        for part, v in value.items():
            yield part, v, (previous or {}).get(part)
    else:
        yield "", value, previous


def to_csv(report: dict) -> str:
    """One line per indicator (per part of a breakdown), then one per host facility and
    indicator, the facility's id and name in `part`-like leading columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("site_id", "site", *CSV_COLUMNS))
    site = report["period"]["site"] or {}
    for row in report["indicators"]:
        for part, value, previous in _parts(row):
            writer.writerow(
                (
                    site.get("id", ""),
                    site.get("name", ""),
                    row["key"],
                    part,
                    row["label"],
                    row["category"],
                    row["unit"],
                    "" if value is None else value,
                    "" if previous is None else previous,
                )
            )
    labels = {row["key"]: row for row in report["indicators"]}
    for entry in report["by_site"]:
        for key, value in entry["values"].items():
            row = {**labels[key], "value": value, "previous": None}
            for part, v, _prev in _parts(row):
                writer.writerow(
                    (
                        entry["site"]["id"],
                        entry["site"]["name"],
                        key,
                        part,
                        row["label"],
                        row["category"],
                        row["unit"],
                        "" if v is None else v,
                        "",
                    )
                )
    return out.getvalue()


def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(_FONT_DIR / "VeraBd.ttf")))


def display(value) -> str:
    """A value for the reader, in their language: numbers with the language's decimal mark,
    a breakdown as "part: n, …" with the parts' labels, a dash when there is nothing."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(
            pgettext("report breakdown", "%(part)s: %(count)s")
            % {"part": part_label(k), "count": display(v)}
            for k, v in value.items()
        )
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_format(value, use_l10n=True)
    return str(value)


def period_labels(report: dict) -> tuple[str, str]:
    p = report["period"]
    return (
        _("%(start)s to %(end)s") % {"start": p["previous_from"], "end": p["previous_to"]},
        _("%(start)s to %(end)s") % {"start": p["from"], "end": p["to"]},
    )


def chart_labels(report: dict) -> tuple[str, str]:
    """The charts' legend: "2024" and "2025" for whole calendar years (a short legend fits
    the chart), else the dates."""
    p = report["period"]
    spans = ((p["previous_from"], p["previous_to"]), (p["from"], p["to"]))
    if all(start[4:] == "-01-01" and end[4:] == "-12-31" for start, end in spans):
        return tuple(  # type: ignore[return-value]
            start[:4] if start[:4] == end[:4] else f"{start[:4]}–{end[:4]}" for start, end in spans
        )
    return period_labels(report)


def to_pdf(report: dict) -> bytes:
    _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["Normal"], fontName=FONT, fontSize=9, leading=12)
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=11, spaceBefore=8)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=10)
    previous_label, current_label = chart_labels(report)
    site = report["period"]["site"]
    story = [
        Paragraph(_("Network report") if site is None else site["name"], title),
        Paragraph(period_labels(report)[1], body),
        Spacer(1, 4 * mm),
    ]
    category = None
    for row in report["indicators"]:
        if row["category"] != category:
            category = row["category"]
            story.append(Paragraph(category, heading))
        chart = indicator_chart(row, previous_label=previous_label, current_label=current_label)
        story.append(
            KeepTogether(
                [
                    Paragraph(f"<b>{row['label']}</b>: {display(row['value'])}", body),
                    Paragraph(_("Previous period: %s") % display(row["previous"]), small),
                    Paragraph(row["definition"], small),
                    to_drawing(chart, scale=0.9),
                ]
            )
        )
    if report["by_site"]:
        story.append(Paragraph(_("Each host facility's contribution"), heading))
        keys = [
            k
            for k in report["by_site"][0]["values"]
            if not isinstance(report["by_site"][0]["values"][k], dict)
        ]
        labels = {row["key"]: row["label"] for row in report["indicators"]}
        data = [[_("Host facility"), *[Paragraph(labels[k], small) for k in keys]]]
        for entry in report["by_site"]:
            data.append(
                [
                    Paragraph(entry["site"]["name"], small),
                    *[display(entry["values"][k]) for k in keys],
                ]
            )
        table = Table(data, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 7),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Network report"),
        author="biafed",
        invariant=True,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    document.build(story)
    return buffer.getvalue()


def render(report: dict, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(report).encode()
    if fmt == "csv":
        return to_csv(report).encode()
    if fmt == "pdf":
        return to_pdf(report)
    raise ValueError(fmt)
