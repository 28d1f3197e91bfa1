"""The coordinator home's small charts, drawn from the data with no style attribute."""

from datetime import date

import pytest
from django.template import Context, Template

from biafed.reporting.charts import to_svg
from biafed.reporting.home_charts import analyst_load, bookings_per_day, satisfaction_trend
from tests.reporting import network_world

pytestmark = pytest.mark.django_db


def texts(chart) -> list[str]:
    return [s.text for s in chart.shapes if s.kind == "text"]


def bars(chart) -> int:
    return len([s for s in chart.shapes if s.kind == "rect"]) - 1  # minus the legend's key


def test_analyst_load_shows_each_analysts_seats_this_year():
    network_world.build()

    chart = analyst_load(today=date(2025, 12, 31))

    assert "Ana" in texts(chart) and "Ben" in texts(chart)
    assert bars(chart) == 2
    heights = sorted(s.h for s in chart.shapes if s.kind == "rect" and s.w > 8)
    assert heights[0] == heights[1]  # Ana 2 seats; Ben 2 (a session held, a no-show)


def test_bookings_per_day_and_satisfaction_cover_their_span():
    network_world.build()

    per_day = bookings_per_day(today=date(2025, 3, 5), days=10)
    trend = satisfaction_trend(today=date(2025, 12, 31))

    lines = [s for s in per_day.shapes if s.kind == "line" and s.fill not in ("#444444", "#dddddd")]
    assert len(lines) == 9  # ten days, nine segments
    assert "03/25" in texts(trend)
    assert "style=" not in to_svg(trend)


def test_the_inclusion_tag_renders_three_svg_charts():
    html = Template("{% load reporting_charts %}{% coordinator_charts %}").render(Context())

    assert html.count("<svg") == 3
    assert "style=" not in html
