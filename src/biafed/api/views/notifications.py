"""/api/v1/notifications/: the person's own notifications; marking them read."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from biafed.api.filters import BooleanFilter, StrictFilterSet
from biafed.api.views.base import ReadOnlyViewSet
from biafed.notifications.models import Notification
from biafed.notifications.services import mark_read


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "link", "created_at", "read_at"]


class NotificationFilter(StrictFilterSet):
    unread = BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


class ReadCount(serializers.Serializer):
    marked_read = serializers.IntegerField()


class NotificationViewSet(ReadOnlyViewSet):
    area = "notifications"
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]  # newest first, on the primary key (no sort of every row)

    def get_queryset(self):
        return Notification.objects.filter(recipient_id=self.request.user.pk)

    @extend_schema(request=None, responses=ReadCount)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification read."""
        notification = self.get_object()
        count = mark_read(reader=request.user, notification_ids=[notification.pk])
        return Response({"marked_read": count})
