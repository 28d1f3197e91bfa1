"""/api/v1/days/ and /api/v1/bookings/: what the open-desk pages show, by the same rules."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from biafed.api.filters import IdFilter, StrictFilterSet
from biafed.api.serializers.opendesk import (
    BookingCreateSerializer,
    BookingDetailSerializer,
    BookingSerializer,
    DayDetailSerializer,
    DaySerializer,
    SubmitSerializer,
)
from biafed.api.views.base import ReadOnlyViewSet
from biafed.common.web import require
from biafed.opendesk.models import Booking, BookingStatus, DayStatus, OpenDeskDay, PanelMember
from biafed.opendesk.rules import visible_bookings
from biafed.opendesk.services import bookings as booking_services
from biafed.projects.rules import may


class DayFilter(StrictFilterSet):
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    status = filters.ChoiceFilter(choices=DayStatus.choices)

    class Meta:
        model = OpenDeskDay
        fields = ["status", "date"]


class DayViewSet(ReadOnlyViewSet):
    """Open-desk days (drafts only for coordinators), each with its sessions and free places."""

    area = "opendesk"
    serializer_class = DaySerializer
    detail_serializer_class = DayDetailSerializer
    filterset_class = DayFilter
    ordering_fields = ["date", "id"]
    ordering = ["date", "id"]

    def get_queryset(self):
        days = OpenDeskDay.objects.all()
        if not may(self.request.user, "opendesk.manage_days"):
            days = days.exclude(status=DayStatus.DRAFT)
        if self.action == "retrieve":
            days = days.prefetch_related("slots")
        return days

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve" and "pk" in self.kwargs:
            day = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            context["places_left"] = booking_services.places_left(day)
        return context


class BookingFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=BookingStatus.choices)
    day = IdFilter(field_name="day")
    slot = IdFilter(field_name="slot")

    class Meta:
        model = Booking
        fields = ["day", "status", "slot"]


class BookingViewSet(ReadOnlyViewSet):
    """Bookings the person may see: their own, those of the panels they sit on, and every
    booking for coordinators. A requester creates a draft and submits it."""

    area = "opendesk"
    serializer_class = BookingSerializer
    detail_serializer_class = BookingDetailSerializer
    filterset_class = BookingFilter
    ordering_fields = ["created_at", "submitted_at", "id"]
    ordering = ["-id"]  # newest first, on the primary key (no sort of every row)

    def get_queryset(self):
        bookings = visible_bookings(self.request.user).prefetch_related("topics")
        if self.action == "retrieve":
            bookings = bookings.select_related(
                "modality", "preferred_language", "outcome"
            ).prefetch_related(
                Prefetch("panel", queryset=PanelMember.objects.select_related("analyst")),
                "outcome__tools_suggested",
            )
        return bookings

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingDetailSerializer})
    def create(self, request):
        """Start (or continue) the person's draft for a day, with the answers given."""
        require(request.user, "opendesk.book")
        incoming = BookingCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        day = data.pop("day")
        topics = data.pop("topics", None)
        booking = booking_services.start_booking(requester=request.user, day=day)
        booking_services.save_answers(
            actor=request.user, booking=booking, answers=data, topics=topics
        )
        booking = self.get_queryset().get(pk=booking.pk)
        return Response(BookingDetailSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SubmitSerializer, responses={200: BookingDetailSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft for one of its day's sessions (the service checks the answers,
        the deadline and the free places)."""
        booking = self.get_object()
        require(request.user, "opendesk.edit_booking", booking)
        incoming = SubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        booking_services.submit_booking(
            requester=request.user, booking=booking, slot=incoming.validated_data["slot"]
        )
        booking = self.get_queryset().select_related("outcome").get(pk=booking.pk)
        return Response(BookingDetailSerializer(booking).data)
