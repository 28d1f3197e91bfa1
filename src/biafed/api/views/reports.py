"""/api/v1/reports/table1/: Table 1 of the network's projects (reporting.view_reports)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from biafed.common.web import require
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
