from django import template

from biafed.billing.money import format_hours, format_money
from biafed.billing.selectors import project_billing

register = template.Library()


@register.filter
def money(amount, currency=""):
    """{{ invoice.total|money:invoice.currency }} -> '1,234.50 EUR'."""
    return format_money(amount, currency)


@register.filter
def hours(value):
    return format_hours(value)


@register.filter
def signed_hours(value):
    if value is None:
        return ""
    text = format_hours(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.simple_tag(takes_context=True)
def project_money(context, project):
    """The billing summary of `project` for the signed-in person, or None if not theirs to see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        project is None
        or user is None
        or not user.has_perm("billing.view_project_billing", project)
    ):
        return None

    return project_billing(project)


@register.filter
def negate(amount):
    """Outgoing ledger amounts shown as what the other side received."""
    return None if amount is None else -amount
