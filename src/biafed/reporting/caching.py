"""Computed reports kept in Django's cache (Redis at scale), keyed by period, host facility,
language and the data version, so that new data gives a new key at once.

The data version is the latest entry of the activity log (every service records the change
it makes: a booking submitted, effort logged, an invoice issued, a meeting held…) and of
the admin's log (edits made in the Django admin). Changes made around both (a data
migration, a script writing rows directly) show once the entry expires, after
`REPORT_CACHE_S` at most."""

from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import get_language

from biafed.common.models import ActivityEntry
from biafed.reporting.report import Period, build_report

REPORT_CACHE_S = 600
"""The longest a report computed before a change the logs do not see stays in the cache."""


def data_version() -> str:
    """Two index lookups: the last activity-log and admin-log entries."""
    activity = ActivityEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    admin = LogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    return f"{activity}.{admin}"


def report_key(*, period: Period, site=None) -> str:
    site_part = site.pk if site is not None else "all"
    return (
        f"reporting:report:v1:{period.start}:{period.end}:{site_part}:{get_language()}:"
        f"{data_version()}"
    )


def cached_report(*, period: Period, site=None) -> dict:
    """The report for the period (and facility), computed once per data version."""
    key = report_key(period=period, site=site)
    report = cache.get(key)
    if report is None:
        report = build_report(period=period, site=site)
        cache.set(key, report, REPORT_CACHE_S)
    return report
