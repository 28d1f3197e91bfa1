from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from biafed.network import selectors
from biafed.network.models import Meeting, MeetingStatus, SharedResource, Visibility


def test_the_demo_network_has_two_years_of_life(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Network life:" in out.getvalue()
    today = timezone.localdate()
    last_year = {"start": date(today.year - 1, 1, 1), "end": date(today.year - 1, 12, 31)}
    # 12 monthly meetings, a hackathon and a gathering each year.
    assert selectors.meetings_held(**last_year) == 14
    assert sum(selectors.topics_by_kind(**last_year).values()) >= 24
    assert Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now()
    ).exists()
    assert selectors.network_size_on(today) == {"analysts": 20, "facilities": 12}
    assert selectors.network_size_on(date(2021, 7, 1))["analysts"] == 11
    assert SharedResource.objects.filter(visibility=Visibility.NETWORK).count() == 3
    assert selectors.help_threads_answered(start=today - timedelta(days=1), end=today) == 2
    assert len(selectors.map_places(with_analysts=False)) >= 8
