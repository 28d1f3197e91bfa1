"""Reports for coordinators: Table 1 in the site and as CSV."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from biafed.common.web import require
from biafed.reporting.selectors import table1, table1_csv


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
