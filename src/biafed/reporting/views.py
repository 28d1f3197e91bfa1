"""Reports for coordinators: Table 1, the network report (page, PDF, CSV, JSON) and each
host facility's printable statement."""

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from biafed.common.web import require
from biafed.people.models import HostFacility
from biafed.reporting.caching import cached_report
from biafed.reporting.charts import indicator_chart, to_svg
from biafed.reporting.exports import chart_labels
from biafed.reporting.exports import render as render_export
from biafed.reporting.forms import PeriodForm
from biafed.reporting.selectors import publications_csv, table1, table1_csv

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def _with_charts(report: dict) -> list[dict]:
    previous_label, current_label = chart_labels(report)
    return [
        {
            **row,
            "svg": to_svg(
                indicator_chart(row, previous_label=previous_label, current_label=current_label)
            ),
        }
        for row in report["indicators"]
    ]


@login_required
def home(request):
    """Table 1: the network's collaborative projects with effort and consultation hours."""
    require(request.user, "reporting.view_reports")
    return render(request, "reporting/home.html", {"rows": table1()})


@login_required
def table1_export(request):
    require(request.user, "reporting.view_reports")
    response = HttpResponse(table1_csv(table1()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="table1.csv"'
    return response


def _download(report: dict, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(render_export(report, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def network_report(request):
    """The report for a period (this year by default), for the network or one facility;
    `?format=pdf|csv|json` downloads it, `?format=publications` its publications with
    their people's ORCID iDs as CSV."""
    require(request.user, "reporting.view_reports")
    form = PeriodForm(request.GET)
    fmt = request.GET.get("format", "")
    if not form.is_valid():
        return render(request, "reporting/network_report.html", {"form": form}, status=400)
    report = cached_report(period=form.period, site=form.cleaned_data.get("site"))
    if fmt == "publications":
        response = HttpResponse(
            publications_csv(report["publications"]), content_type=CONTENT_TYPES["csv"]
        )
        name = f"network-publications-{report['period']['from']}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if fmt in CONTENT_TYPES:
        return _download(report, fmt, f"network-report-{report['period']['from']}")
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "reporting/network_report.html",
        {"form": form, "report": report, "rows": _with_charts(report), "query": query.urlencode()},
    )


@login_required
def site_statement(request, facility_id: int):
    """A host facility's figures for a period, printable, for its manager."""
    facility = get_object_or_404(HostFacility, pk=facility_id)
    if not rules.has_perm("reporting.view_site_statement", request.user, facility):
        raise Http404
    form = PeriodForm(request.GET, with_site=False)
    if not form.is_valid():
        return render(
            request,
            "reporting/site_statement.html",
            {"form": form, "facility": facility},
            status=400,
        )
    report = cached_report(period=form.period, site=facility)
    if request.GET.get("format") == "pdf":
        return _download(report, "pdf", f"statement-{facility.pk}-{report['period']['from']}")
    return render(
        request,
        "reporting/site_statement.html",
        {"form": form, "facility": facility, "report": report, "rows": _with_charts(report)},
    )
