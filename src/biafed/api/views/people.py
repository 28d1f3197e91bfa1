"""/api/v1/expertise-terms/ (read-only) and /api/v1/analysts/ (people.view_directory)."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters

from biafed.api.filters import BooleanFilter, IdFilter, StrictFilterSet
from biafed.api.serializers.people import AnalystSerializer, ExpertiseTermSerializer
from biafed.api.views.base import ReadOnlyViewSet
from biafed.common.web import require
from biafed.people.models import (
    AnalystExpertise,
    AnalystProfile,
    ExpertiseFamily,
    ExpertiseTerm,
)


class TermFilter(StrictFilterSet):
    family = filters.ChoiceFilter(choices=ExpertiseFamily.choices)
    name = filters.CharFilter(lookup_expr="icontains", max_length=100)
    is_active = BooleanFilter()

    class Meta:
        model = ExpertiseTerm
        fields = ["family", "is_active", "name"]


class ExpertiseTermViewSet(ReadOnlyViewSet):
    """The shared expertise vocabulary (the catalogue's terms)."""

    area = "people"
    serializer_class = ExpertiseTermSerializer
    filterset_class = TermFilter
    ordering_fields = ["family", "name", "id"]
    ordering = ["family", "name", "id"]
    queryset = ExpertiseTerm.objects.all()


class AnalystFilter(StrictFilterSet):
    term = IdFilter(field_name="expertise__term", distinct=True)
    language = filters.CharFilter(field_name="languages__code", max_length=8, distinct=True)
    host_facility = IdFilter(field_name="host_facility")

    class Meta:
        model = AnalystProfile
        fields = ["term", "language", "host_facility"]


class AnalystViewSet(ReadOnlyViewSet):
    """The analysts' directory, as the Analysts page shows it to analysts and coordinators."""

    area = "people"
    serializer_class = AnalystSerializer
    filterset_class = AnalystFilter
    ordering_fields = ["user__full_name", "id"]
    ordering = ["user__full_name", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks
            return AnalystProfile.objects.none()
        require(self.request.user, "people.view_directory")
        return (
            AnalystProfile.objects.filter(user__is_active=True)
            .select_related("user", "host_facility")
            .prefetch_related(
                "languages",
                Prefetch("expertise", queryset=AnalystExpertise.objects.select_related("term")),
            )
        )
