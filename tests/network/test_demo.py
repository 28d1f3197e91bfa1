from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from biafed.network import selectors
from biafed.network.models import (
    HelpThread,
    Meeting,
    MeetingStatus,
    SharedResource,
    Topic,
    TopicKind,
    Visibility,
)


def test_the_demo_network_has_two_years_of_life(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Network life:" in out.getvalue()
    today = timezone.localdate()
    two_years = {"start": today - timedelta(days=730), "end": today}
    last_year = {"start": date(today.year - 1, 1, 1), "end": date(today.year - 1, 12, 31)}
    # 12 monthly meetings, a hackathon and a gathering each year, 2 to 5 topics a meeting.
    assert selectors.meetings_held(**last_year) == 14
    assert sum(selectors.topics_by_kind(**last_year).values()) >= 24
    assert all(selectors.topics_by_kind(**last_year).values())
    for meeting in Meeting.objects.filter(kind="monthly", status=MeetingStatus.HELD):
        assert 2 <= meeting.topics.filter(position__gt=0).count() <= 5, meeting
    assert Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now()
    ).exists()
    # Members joined over the years; an analyst and a host facility left last year or this.
    assert selectors.network_size_on(today) == {"analysts": 19, "facilities": 11}
    assert selectors.network_size_on(today - timedelta(days=365 * 2)) == {
        "analysts": 18,
        "facilities": 12,
    }
    # Peer help all along the two years, some of it brought to a meeting.
    assert selectors.help_threads_opened(**two_years) == HelpThread.objects.count() >= 6
    assert selectors.help_threads_answered(**last_year) >= 2
    assert Topic.objects.filter(help_thread__isnull=False, kind=TopicKind.PEER_HELP).count() >= 3
    assert SharedResource.objects.filter(visibility=Visibility.NETWORK).count() >= 3
    assert set(selectors.resources_shared(**two_years).values()) != {0}
    assert len(selectors.map_places(with_analysts=False)) >= 8
