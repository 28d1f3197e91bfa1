"""/api/v1/projects/: the projects a person may see (projects.view_project), their phases,
effort and deliverables; the lead or mentor logs effort."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from biafed.api.filters import IdFilter, StrictFilterSet
from biafed.api.serializers.projects import (
    DeliverableSerializer,
    EffortCreateSerializer,
    EffortSerializer,
    PhaseSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
)
from biafed.api.views.base import ReadOnlyViewSet
from biafed.common.web import require
from biafed.projects.models import Phase, Project, ProjectStatus
from biafed.projects.rules import visible_projects
from biafed.projects.services import work


class ProjectFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=ProjectStatus.choices)
    lead = IdFilter(field_name="lead")
    mentor = IdFilter(field_name="mentor")

    class Meta:
        model = Project
        fields = ["status", "lead", "mentor"]


class ProjectViewSet(ReadOnlyViewSet):
    area = "projects"
    serializer_class = ProjectSerializer
    detail_serializer_class = ProjectDetailSerializer
    filterset_class = ProjectFilter
    ordering_fields = ["created_at", "submitted_at", "started_at", "id"]
    ordering = ["-id"]  # newest first, on the primary key (no sort of every row)

    def get_queryset(self):
        projects = visible_projects(self.request.user).select_related("lead", "mentor")
        if self.action == "retrieve":
            projects = projects.prefetch_related(
                "topics", Prefetch("phases", queryset=Phase.objects.order_by("order"))
            )
        return projects

    @extend_schema(responses=PhaseSerializer(many=True))
    @action(detail=True, pagination_class=None, filterset_class=None)
    def phases(self, request, pk=None):
        project = self.get_object()
        return Response(PhaseSerializer(project.phases.order_by("order"), many=True).data)

    @extend_schema(responses=DeliverableSerializer(many=True))
    @action(detail=True, pagination_class=None, filterset_class=None)
    def deliverables(self, request, pk=None):
        project = self.get_object()
        rows = project.deliverables.order_by("added_at", "id")
        return Response(DeliverableSerializer(rows, many=True).data)

    @extend_schema(methods=["GET"], responses=EffortSerializer(many=True), filters=False)
    @extend_schema(
        methods=["POST"], request=EffortCreateSerializer, responses={201: EffortSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def effort(self, request, pk=None):
        project = self.get_object()
        if request.method == "GET":
            rows = project.effort.select_related("analyst").order_by("-date", "-id")
            return Response(EffortSerializer(rows, many=True).data)
        require(request.user, "projects.log_effort", project)
        incoming = EffortCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        phase = None
        if data.get("phase"):
            phase = project.phases.filter(pk=data["phase"]).first()
            if phase is None:
                raise ValidationError({"phase": [_("This project has no such phase.")]})
        entry = work.log_effort(
            analyst=request.user,
            project=project,
            day=data["date"],
            hours=data["hours"],
            activity_kind=data["activity"],
            phase=phase,
            note=data.get("note", ""),
        )
        return Response(EffortSerializer(entry).data, status=status.HTTP_201_CREATED)
