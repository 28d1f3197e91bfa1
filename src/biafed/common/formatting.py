"""Numbers shown to people: one rounding rule for hours, in the active language's separator."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

QUARTER = Decimal("0.25")


def format_hours(value) -> str:
    """Hours rounded sensibly: quarter hours exactly ("6.25", "16"), anything else to one
    decimal ("6.552" -> "6.6"), no trailing zeros, with the language's decimal separator."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if cents % QUARTER == 0:
        shown = cents
    else:
        shown = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    shown = shown.normalize() if shown != shown.to_integral_value() else shown.quantize(1)
    places = max(0, -shown.as_tuple().exponent)
    return number_format(shown, decimal_pos=places, use_l10n=True)
