"""The coordinator home's small charts: bookings per day, analyst load this year and the
satisfaction trend (`{% load reporting_charts %}{% coordinator_charts %}`)."""

from datetime import date, timedelta

from django.db.models import Avg, Count
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.opendesk.models import Booking, Feedback, PanelMember
from biafed.reporting.charts import Chart, bar_chart, line_chart
from biafed.reporting.indicators import moments


def bookings_per_day(*, today: date, days: int = 30) -> Chart:
    """Bookings submitted on each of the last `days` days."""
    first = today - timedelta(days=days - 1)
    counts = dict(
        Booking.objects.filter(submitted_at__range=moments(first, today))
        .annotate(on=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("on")
        .annotate(n=Count("pk"))
    )
    labels = [first + timedelta(days=i) for i in range(days)]
    return line_chart(
        _("Bookings per day"),
        [d.strftime("%d/%m") for d in labels],
        [(_("bookings"), [counts.get(d, 0) for d in labels])],
    )


def analyst_load(*, today: date, limit: int = 10) -> Chart:
    """Panel seats this year per analyst, the busiest first."""
    rows = list(
        PanelMember.objects.filter(booking__day__date__range=(date(today.year, 1, 1), today))
        .order_by()
        .values_list("analyst__full_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "analyst__full_name")[:limit]
    )
    return bar_chart(
        _("Analyst load this year"),
        [name.split(" ")[0] for name, _n in rows],
        [(_("panel seats"), [n for _name, n in rows])],
    )


def satisfaction_trend(*, today: date, months: int = 12) -> Chart:
    """Mean usefulness (1 to 5) of the feedback per month of session, the last 12 months."""
    first = date(today.year - 1, today.month, 1) if months == 12 else today.replace(day=1)
    means = {
        month.date() if hasattr(month, "date") else month: mean
        for month, mean in Feedback.objects.filter(booking__day__date__range=(first, today))
        .annotate(month=TruncMonth("booking__day__date"))
        .order_by()
        .values_list("month")
        .annotate(mean=Avg("usefulness"))
    }
    labels, month = [], first
    while month <= today:
        labels.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return line_chart(
        _("Satisfaction trend"),
        [m.strftime("%m/%y") for m in labels],
        [(_("usefulness (1-5)"), [means.get(m) for m in labels])],
    )
