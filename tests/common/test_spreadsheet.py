"""CSV exports neutralise cells a spreadsheet would run as formulas."""

import csv
import io

from biafed.common.spreadsheet import neutralise, write_csv


def test_cells_starting_like_a_formula_are_prefixed():
    cells = ["=1+1", "+1", "-A1", "@SUM(A1)", "\tx", "\rx"]
    assert [neutralise(c) for c in cells] == ["'=1+1", "'+1", "'-A1", "'@SUM(A1)", "'\tx", "'\rx"]


def test_plain_text_and_numbers_stay_as_they_are():
    cells = ["Red blood cells", "-12.50", "7", "", None, 3, "a=b"]
    assert [neutralise(c) for c in cells] == ["Red blood cells", "-12.50", "7", "", "", "3", "a=b"]


def test_write_csv_neutralises_every_row():
    text = write_csv(["title"], [["=cmd()"], ["fine"]])
    assert list(csv.reader(io.StringIO(text))) == [["title"], ["'=cmd()"], ["fine"]]
