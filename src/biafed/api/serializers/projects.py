"""Collaborative projects with their phases, effort and deliverables."""

from decimal import Decimal

from rest_framework import serializers

from biafed.projects.models import (
    Deliverable,
    EffortActivity,
    EffortEntry,
    Phase,
    Project,
)


class ProjectSerializer(serializers.ModelSerializer):
    # Declared here: small-integer model ranges depend on the database (see opendesk.py).
    planned_duration_weeks = serializers.IntegerField(read_only=True, allow_null=True)
    lead_name = serializers.CharField(source="lead.full_name", read_only=True, default=None)
    mentor_name = serializers.CharField(source="mentor.full_name", read_only=True, default=None)

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "status",
            "channel",
            "requester_id",
            "lead_id",
            "lead_name",
            "mentor_id",
            "mentor_name",
            "estimated_hours",
            "planned_duration_weeks",
            "submitted_at",
            "started_at",
            "closed_at",
            "created_at",
        ]


class PhaseSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(read_only=True)

    class Meta:
        model = Phase
        fields = [
            "id",
            "order",
            "kind",
            "title",
            "goals",
            "budget_hours",
            "status",
            "started_at",
            "ended_at",
        ]


class ProjectDetailSerializer(ProjectSerializer):
    phases = PhaseSerializer(many=True, read_only=True)
    topics: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "summary",
            "biological_question",
            "expected_outputs",
            "deadline",
            "topics",
            "phases",
        ]


class EffortSerializer(serializers.ModelSerializer):
    analyst_name = serializers.CharField(source="analyst.full_name", read_only=True)

    class Meta:
        model = EffortEntry
        fields = ["id", "phase", "analyst", "analyst_name", "date", "hours", "activity", "note"]


class EffortCreateSerializer(serializers.Serializer):
    date = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=Decimal("0.25"), max_value=Decimal(24)
    )
    activity = serializers.ChoiceField(choices=EffortActivity.choices)
    phase = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class DeliverableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deliverable
        fields = ["id", "phase", "kind", "title", "description", "url", "version", "doi"]
