"""The counts the reports read, against hand-counted fixtures."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from biafed.network import selectors
from biafed.network.models import HelpThread, MeetingKind, ResourceKind, SharedResource, TopicKind
from biafed.network.services import meetings as services
from biafed.network.services.help import answer, ask_for_help
from biafed.network.services.membership import record_joining, record_leaving
from biafed.network.services.resources import share_resource
from tests.factories import AnalystFactory, HostFacilityFactory

PARIS = ZoneInfo("Europe/Paris")


def _held(organiser, on, kinds):
    (meeting,) = services.schedule_meetings(
        organiser=organiser,
        kind=MeetingKind.MONTHLY,
        title=f"Meeting {on}",
        starts_at=on,
        duration=timedelta(hours=1),
    )
    topics = [
        services.propose_topic(member=organiser, meeting=meeting, kind=kind, title=kind)
        for kind in kinds
    ]
    services.set_agenda(organiser=organiser, meeting=meeting, kept=[t.pk for t in topics])
    services.record_minutes(organiser=organiser, meeting=meeting, minutes="ok", present=[])
    return meeting


def test_meetings_held_and_topics_by_kind_in_a_year(owner):
    _held(owner, datetime(2026, 1, 15, 14, tzinfo=PARIS), [TopicKind.PREVIEW, TopicKind.ARTICLE])
    _held(owner, datetime(2026, 2, 12, 14, tzinfo=PARIS), [TopicKind.PREVIEW, TopicKind.PEER_HELP])
    _held(owner, datetime(2025, 12, 11, 14, tzinfo=PARIS), [TopicKind.ARTICLE, TopicKind.ARTICLE])
    services.schedule_meetings(  # scheduled, not held: not counted
        organiser=owner,
        kind=MeetingKind.MONTHLY,
        title="Coming",
        starts_at=datetime(2026, 3, 12, 14, tzinfo=PARIS),
        duration=timedelta(hours=1),
    )
    year = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
    assert selectors.meetings_held(**year) == 2
    assert selectors.meetings_held(**year, kind=MeetingKind.HACKATHON) == 0
    assert selectors.topics_by_kind(**year) == {
        "preview": 2,
        "peer_help": 1,
        "article": 1,
        "organisation": 0,
    }


def test_help_threads_count_those_answered_by_a_peer(owner, member):
    asked = [ask_for_help(analyst=owner, title=f"Q{n}", question="?") for n in range(3)]
    answer(member=member, thread=asked[0], body="Here")
    answer(member=owner, thread=asked[1], body="Bump")  # the asker only: not answered
    HelpThread.objects.filter(pk=asked[2].pk).update(
        created_at=timezone.now() - timedelta(days=800)
    )
    today = timezone.localdate()
    period = {"start": today - timedelta(days=30), "end": today}
    assert selectors.help_threads_opened(**period) == 2
    assert selectors.help_threads_answered(**period) == 1


def test_resources_shared_by_kind(owner):
    for kind in (ResourceKind.CODE, ResourceKind.CODE, ResourceKind.COMPUTE):
        share_resource(member=owner, fields={"kind": kind, "name": "x"})
    SharedResource.objects.filter(kind=ResourceKind.COMPUTE).update(
        created_at=timezone.now() - timedelta(days=800)
    )
    today = timezone.localdate()
    assert selectors.resources_shared(start=today, end=today) == {
        "code": 2,
        "dataset": 0,
        "compute": 0,
    }


def test_network_size_follows_joinings_and_leavings(coordinator):
    first, second = AnalystFactory(), AnalystFactory()
    site = HostFacilityFactory()
    record_joining(coordinator=coordinator, on=date(2021, 6, 1), analyst=first)
    record_joining(coordinator=coordinator, on=date(2021, 6, 1), facility=site)
    record_joining(coordinator=coordinator, on=date(2022, 3, 1), analyst=second)
    record_leaving(coordinator=coordinator, on=date(2023, 9, 1), analyst=first)
    sizes = {
        row["on"]: (row["analysts"], row["facilities"]) for row in selectors.network_size_by_year()
    }
    assert sizes[date(2021, 12, 31)] == (1, 1)
    assert sizes[date(2022, 12, 31)] == (2, 1)
    assert sizes[date(2023, 12, 31)] == (1, 1)


def test_the_public_map_shows_facilities_by_city_without_analysts(client, db):
    lyon = {
        "city": "Lyon",
        "country": "France",
        "latitude": Decimal("45.75"),
        "longitude": Decimal("4.85"),
    }
    one = HostFacilityFactory(name="Imaging A", **lyon)
    two = HostFacilityFactory(name="Imaging B", **lyon)
    HostFacilityFactory(name="Nowhere", latitude=None, longitude=None)
    AnalystFactory(profile__facility=one)
    data = client.get(reverse("network:places")).json()
    assert data["tile_url"] == ""
    assert data["places"] == [
        {
            "city": "Lyon",
            "country": "France",
            "lat": 45.75,
            "lng": 4.85,
            "facilities": [
                {"id": one.pk, "name": "Imaging A"},
                {"id": two.pk, "name": "Imaging B"},
            ],
        }
    ]
    assert selectors.map_places(with_analysts=True)[0]["analysts"] == 1
