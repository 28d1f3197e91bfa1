"""Exact money arithmetic: Decimal only, rounded half up to the cent.

Every amount biafed stores or prints goes through these helpers, so there is one
rounding rule: each line is rounded to the cent, VAT is computed on the rounded
subtotal and rounded to the cent, the total is the sum of the two.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.formats import number_format

from biafed.common.formatting import format_hours  # noqa: F401  (hours as every page shows them)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _exact(value) -> Decimal:
    """A Decimal from a Decimal, an int or a string; floats are refused (they are not exact)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money needs an exact number, not {type(value).__name__} {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | str):
        return Decimal(value)
    raise TypeError(f"money needs an exact number, not {type(value).__name__}")


def money(value) -> Decimal:
    """Round to the cent, half up: 0.005 -> 0.01, 2.675 -> 2.68, -0.005 -> -0.01."""
    return _exact(value).quantize(CENT, rounding=ROUND_HALF_UP)


def hours(value) -> Decimal:
    """Hours kept with two decimals (a quarter of an hour is 0.25)."""
    return _exact(value).quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(quantity, unit_price) -> Decimal:
    """hours × price per hour, rounded to the cent."""
    return money(_exact(quantity) * _exact(unit_price))


def vat_amount(subtotal, vat_percent) -> Decimal:
    """VAT on an already rounded subtotal, rounded to the cent."""
    return money(_exact(subtotal) * _exact(vat_percent) / Decimal(100))


def totals(line_amounts, vat_percent) -> tuple[Decimal, Decimal, Decimal]:
    """(subtotal, VAT, total) of rounded line amounts."""
    subtotal = money(sum((_exact(a) for a in line_amounts), ZERO))
    vat = vat_amount(subtotal, vat_percent)
    return subtotal, vat, subtotal + vat


def default_currency() -> str:
    return settings.BILLING_CURRENCY


def default_vat_percent() -> Decimal:
    return settings.BILLING_VAT_PERCENT


def format_money(amount, currency: str = "") -> str:
    """'1,234.50 EUR' in the active language's number format."""
    if amount is None:
        return ""
    text = number_format(money(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{text}\u00a0{currency or default_currency()}"
