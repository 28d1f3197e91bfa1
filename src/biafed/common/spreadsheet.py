"""CSV for spreadsheets: every export goes through `write_csv`, which neutralises cells a
spreadsheet would run as a formula (CSV injection)."""

import csv
import io
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell beginning with one of these as a formula (or a command)."""

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def neutralise(value) -> str:
    """The cell as text, prefixed with ' when a spreadsheet would run it as a formula.
    Plain numbers (-12.50) stay numbers."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(header: Iterable, rows: Iterable[Iterable], *, lineterminator: str = "\r\n") -> str:
    """One header row, then the rows, each cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()
