"""What every API view shares: its area (for token scopes), ETags on details, problem
details on errors (settings.REST_FRAMEWORK)."""

from rest_framework import serializers, viewsets

from biafed.api.etags import ETagMixin


class ReadOnlyViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    area: str = ""
    detail_serializer_class: type[serializers.BaseSerializer] | None = None
    lookup_value_regex = "[0-9]{1,9}"  # a longer id is no row: the catch-all answers 404

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()
