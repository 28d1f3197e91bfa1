"""Lists of the API read a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import api_for
from tests.factories import AnalystFactory, CoordinatorFactory, confirmed_booking
from tests.projects.factories import active_project

pytestmark = pytest.mark.django_db


def queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "path", ["bookings/", "days/", "projects/", "analysts/", "expertise-terms/", "notifications/"]
)
def test_lists_do_not_query_per_row(path):
    coordinator = CoordinatorFactory()
    api = api_for(coordinator)
    confirmed_booking(panel=[AnalystFactory(), AnalystFactory()])
    active_project()
    api.get(path)  # the token's first use of the minute records it (one UPDATE)
    few = queries(api, path)
    for _ in range(3):
        confirmed_booking(panel=[AnalystFactory(), AnalystFactory()])
        active_project()
    assert queries(api, path) == few


def test_a_booking_detail_reads_a_fixed_number_of_queries():
    coordinator = CoordinatorFactory()
    api = api_for(coordinator)
    small = confirmed_booking(panel=[AnalystFactory(), AnalystFactory()])
    large = confirmed_booking(panel=[AnalystFactory(), AnalystFactory(), AnalystFactory()])
    api.get("days/")  # the token's first use of the minute records it (one UPDATE)
    assert queries(api, f"bookings/{small.pk}/") == queries(api, f"bookings/{large.pk}/")
