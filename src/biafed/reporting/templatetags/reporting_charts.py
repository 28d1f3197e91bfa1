"""`{% coordinator_charts %}`: the coordinator home's three small charts, as inline SVG."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from biafed.reporting.charts import to_svg
from biafed.reporting.home_charts import analyst_load, bookings_per_day, satisfaction_trend

register = template.Library()


@register.inclusion_tag("reporting/_coordinator_charts.html")
def coordinator_charts() -> dict:
    today = timezone.localdate()
    charts = (
        bookings_per_day(today=today),
        analyst_load(today=today),
        satisfaction_trend(today=today),
    )
    return {"charts": [mark_safe(to_svg(chart)) for chart in charts]}  # noqa: S308 — built and escaped by charts.to_svg
