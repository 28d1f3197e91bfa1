"""Amounts are exact decimals rounded half up to the cent; floats never enter."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

import biafed.billing
from biafed.billing.money import hours, line_amount, money, totals, vat_amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),  # a float would give 2.67
        ("-0.005", "-0.01"),
        ("1.115", "1.12"),
        (7, "7.00"),
    ],
)
def test_money_rounds_half_up_to_the_cent(value, expected):
    assert money(value) == Decimal(expected)


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        money(0.1)
    with pytest.raises(TypeError):
        line_amount(Decimal("2"), 60.0)


def test_line_amount_rounds_each_line():
    assert line_amount(Decimal("12.50"), Decimal("61.37")) == Decimal("767.13")  # 767.125
    assert line_amount(Decimal("0.25"), Decimal("0.10")) == Decimal("0.03")  # 0.025


def test_totals_vat_on_rounded_subtotal():
    subtotal, vat, total = totals([Decimal("767.13"), Decimal("0.03")], Decimal("20.00"))
    assert (subtotal, vat, total) == (Decimal("767.16"), Decimal("153.43"), Decimal("920.59"))
    assert vat_amount(Decimal("10.05"), Decimal("5.5")) == Decimal("0.55")  # 0.55275


def test_sums_of_many_cents_stay_exact():
    subtotal, _vat, _total = totals([Decimal("0.10")] * 1000, Decimal("0"))
    assert subtotal == Decimal("100.00")
    assert hours("1.005") == Decimal("1.01")


def test_no_float_in_billing_code():
    """No float() call anywhere in the billing app, no float literal outside PDF layout."""
    offenders = []
    for path in Path(biafed.billing.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "float":
                offenders.append(f"{path.name}:{node.lineno}")
            layout = path.name == "pdf.py"  # font sizes and margins in points
            if not layout and isinstance(node, ast.Constant) and type(node.value) is float:
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
