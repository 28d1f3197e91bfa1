"""A report: every registered indicator for a period, the period before, and per host
facility. The same dictionary feeds the page, the JSON, the CSV and the PDF."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from biafed.people.models import HostFacility
from biafed.reporting.registry import indicators
from biafed.reporting.selectors import publications_with_people


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    def previous(self) -> "Period":
        """The period of the same length just before; a calendar year gives the year before."""
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            years = self.end.year - self.start.year + 1
            return Period(
                self.start.replace(year=self.start.year - years),
                self.end.replace(year=self.end.year - years),
            )
        length = self.end - self.start + timedelta(days=1)
        return Period(self.start - length, self.start - timedelta(days=1))


def plain(value):
    """Numbers as JSON writes them: integers stay integers, decimals become floats."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _site(site) -> dict | None:
    return None if site is None else {"id": site.pk, "name": site.name}


def build_report(*, period: Period, site=None, by_site: bool = True) -> dict:
    """`{"period", "indicators", "by_site"}`: see docs/reports.md."""
    before = period.previous()
    rows = []
    for indicator in indicators():
        if site is not None and not indicator.per_site:
            continue
        rows.append(
            {
                "key": indicator.key,
                "label": str(indicator.label),
                "category": str(indicator.category),
                "value": plain(indicator.compute(start=period.start, end=period.end, site=site)),
                "previous": plain(indicator.compute(start=before.start, end=before.end, site=site)),
                "unit": indicator.unit,
                "definition": str(indicator.definition),
            }
        )
    sites = []
    if by_site and site is None:
        facilities = list(HostFacility.objects.order_by("name", "pk"))
        columns = {
            i.key: i.values_by_site(start=period.start, end=period.end, sites=facilities)
            for i in indicators()
            if i.per_site
        }
        for facility in facilities:
            values = {key: plain(column[facility.pk]) for key, column in columns.items()}
            sites.append({"site": _site(facility), "values": values})
    return {
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "previous_from": before.start.isoformat(),
            "previous_to": before.end.isoformat(),
            "site": _site(site),
        },
        "indicators": rows,
        "by_site": sites,
        # With their people's ORCID iDs (docs/reports.md, "Publications").
        "publications": publications_with_people(start=period.start, end=period.end, site=site),
    }
