"""/api/v1/reports/: Table 1 of the network's projects and the network report for a period
(both need reporting.view_reports)."""

import json

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from biafed.common.web import require
from biafed.reporting.caching import cached_report
from biafed.reporting.exports import render
from biafed.reporting.forms import PeriodForm
from biafed.reporting.selectors import table1


class Table1RowSerializer(serializers.Serializer):
    project_id = serializers.IntegerField()
    title = serializers.CharField()
    notes = serializers.CharField()
    effort_h = serializers.DecimalField(max_digits=9, decimal_places=2)
    consultation_h = serializers.DecimalField(max_digits=9, decimal_places=2)


class Table1View(APIView):
    area = "reports"

    @extend_schema(responses=Table1RowSerializer(many=True), operation_id="reports_table1")
    def get(self, request):
        """Per project that reached the work: title, conclusion, effort and consultation hours."""
        require(request.user, "reporting.view_reports")
        return Response(Table1RowSerializer(table1(), many=True).data)


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the field, not DRF's label
    category = serializers.CharField()
    value = serializers.JSONField()
    previous = serializers.JSONField()
    unit = serializers.CharField(allow_blank=True)


class NetworkReportSerializer(serializers.Serializer):
    period = serializers.DictField()
    indicators = IndicatorSerializer(many=True)
    by_site = serializers.ListField(child=serializers.DictField())


class NetworkReportView(APIView):
    area = "reports"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="first day (default 1 January)"
            ),
            OpenApiParameter(
                "end", OpenApiTypes.DATE, description="last day (default 31 December)"
            ),
            OpenApiParameter("site", OpenApiTypes.INT, description="one host facility's id"),
        ],
        responses=NetworkReportSerializer,
        operation_id="reports_network",
    )
    def get(self, request):
        """The network report for a period (this calendar year by default), for the network
        or one host facility: the same JSON as `biafed-manage network_report --format json`."""
        require(request.user, "reporting.view_reports")
        empty = [k for k in ("start", "end", "site") if request.query_params.get(k, None) == ""]
        if empty:  # the schema's types: an empty value is none of them
            raise ValidationError(
                {k: [_("Give a value, or leave the parameter out.")] for k in empty}
            )
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        report = cached_report(period=form.period, site=form.cleaned_data.get("site"))
        return Response(json.loads(render(report, "json")))
