"""Three fixed people, as Healthchecks does: the owner of network content (an analyst),
another member (analyst) and an outsider (a requester, who is not a member)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from biafed.network.models import MeetingKind
from biafed.network.services.meetings import schedule_meetings
from tests.factories import AnalystFactory, CoordinatorFactory, RequesterFactory


@pytest.fixture
def owner(db):
    return AnalystFactory(full_name="Olga Owner")


@pytest.fixture
def member(db):
    return AnalystFactory(full_name="Marc Member")


@pytest.fixture
def outsider(db):
    return RequesterFactory(full_name="Rita Requester")


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def meeting(owner):
    (meeting,) = schedule_meetings(
        organiser=owner,
        kind=MeetingKind.MONTHLY,
        title="December meeting",
        starts_at=timezone.now() + timedelta(days=7),
        duration=timedelta(hours=1, minutes=30),
        place="https://visio.example.org/fbias",
    )
    return meeting
