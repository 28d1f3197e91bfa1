"""Open-desk representations: days with their sessions, bookings, panels, outcomes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from biafed.common.fields import TEXT_LIMIT
from biafed.opendesk.models import (
    Booking,
    Dimensionality,
    OpenDeskDay,
    PanelMember,
    SessionOutcome,
    Slot,
)
from biafed.people.models import ExpertiseFamily, ExpertiseTerm, Language


class SlotSerializer(serializers.ModelSerializer):
    # Small whole numbers are declared here: their model ranges depend on the database,
    # and the committed schema must be the same on SQLite and PostgreSQL.
    index = serializers.IntegerField(read_only=True)
    places_left = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = ["id", "index", "starts_at", "ends_at", "places_left"]

    def get_places_left(self, slot) -> int | None:
        return self.context.get("places_left", {}).get(slot.pk)


class DaySerializer(serializers.ModelSerializer):
    class Meta:
        model = OpenDeskDay
        fields = [
            "id",
            "title",
            "date",
            "time_zone",
            "status",
            "slot_count",
            "rooms_per_slot",
            "registration_opens_at",
            "registration_deadline",
            "data_deadline",
        ]


class DayDetailSerializer(DaySerializer):
    slots = SlotSerializer(many=True, read_only=True)

    class Meta(DaySerializer.Meta):
        fields = [*DaySerializer.Meta.fields, "slots"]


class PanelMemberSerializer(serializers.ModelSerializer):
    analyst_id = serializers.IntegerField(read_only=True)
    analyst_name = serializers.CharField(source="analyst.full_name", read_only=True)

    class Meta:
        model = PanelMember
        fields = ["analyst_id", "analyst_name"]


class OutcomeSerializer(serializers.ModelSerializer):
    tools_suggested: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = SessionOutcome
        fields = ["advice", "tools_suggested", "shared_links", "follow_up", "created_at"]


class BookingSerializer(serializers.ModelSerializer):
    room = serializers.IntegerField(read_only=True, allow_null=True)
    topics: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "day",
            "status",
            "slot",
            "room",
            "title",
            "topics",
            "submitted_at",
            "created_at",
        ]


class BookingDetailSerializer(BookingSerializer):
    channel_count = serializers.IntegerField(read_only=True, allow_null=True)
    panel = PanelMemberSerializer(many=True, read_only=True)
    outcome = serializers.SerializerMethodField()
    modality: serializers.SlugRelatedField = serializers.SlugRelatedField(
        read_only=True, slug_field="name", allow_null=True
    )
    preferred_language: serializers.SlugRelatedField = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True
    )

    class Meta(BookingSerializer.Meta):
        fields = [
            *BookingSerializer.Meta.fields,
            "biological_question",
            "objects_of_interest",
            "measurements",
            "modality",
            "dimensionality",
            "channel_count",
            "file_format",
            "image_count_and_size",
            "tried_so_far",
            "preferred_language",
            "consent_to_share",
            "panel",
            "outcome",
        ]

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_outcome(self, booking):
        outcome = getattr(booking, "outcome", None)
        return OutcomeSerializer(outcome).data if outcome else None


class BookingCreateSerializer(serializers.Serializer):
    """A new draft for a day, with the guided form's answers (all may come later)."""

    day = serializers.PrimaryKeyRelatedField(queryset=OpenDeskDay.objects.all())
    title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    biological_question = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_LIMIT
    )
    objects_of_interest = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_LIMIT
    )
    measurements = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    modality = serializers.PrimaryKeyRelatedField(
        queryset=ExpertiseTerm.objects.filter(family=ExpertiseFamily.MODALITY, is_active=True),
        required=False,
        allow_null=True,
    )
    dimensionality = serializers.ChoiceField(
        choices=Dimensionality.choices, required=False, allow_blank=True
    )
    channel_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=1000
    )
    file_format = serializers.CharField(max_length=120, required=False, allow_blank=True)
    image_count_and_size = serializers.CharField(max_length=200, required=False, allow_blank=True)
    tried_so_far = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    preferred_language: serializers.SlugRelatedField = serializers.SlugRelatedField(
        queryset=Language.objects.all(), slug_field="code", required=False, allow_null=True
    )
    consent_to_share = serializers.BooleanField(required=False)
    topics = serializers.PrimaryKeyRelatedField(
        queryset=ExpertiseTerm.objects.filter(is_active=True), many=True, required=False
    )


class SubmitSerializer(serializers.Serializer):
    slot = serializers.PrimaryKeyRelatedField(queryset=Slot.objects.all())
