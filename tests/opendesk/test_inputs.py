"""What coordinators and panels type is checked: links are web links (meeting link pattern,
shared links), an open-desk day is set up for a date ahead."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.opendesk.forms import DayForm, OutcomeForm
from biafed.opendesk.models import OpenDeskDay
from biafed.opendesk.services.days import create_day
from biafed.opendesk.services.sessions import record_outcome
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    confirmed_booking,
    start_session,
)

pytestmark = pytest.mark.django_db

SCRIPT_PATTERN = "javascript:alert(document.domain)//{day}-{slot}-{room}"


def day_fields(**changes) -> dict:
    now = timezone.now()
    return {
        "title": "Open desk",
        "date": timezone.localdate() + timedelta(days=21),
        "time_zone": "Europe/Paris",
        "first_slot_start": time(14, 0),
        "slot_count": 3,
        "rooms_per_slot": 3,
        "registration_opens_at": now,
        "registration_deadline": now + timedelta(days=14),
        "data_deadline": now + timedelta(days=18),
        "meeting_link_pattern": "https://meet.example.org/biafed-{day}-{slot}-{room}",
        **changes,
    }


def test_create_day_with_a_javascript_meeting_link_refused():
    with pytest.raises(BusinessRuleError) as excinfo:
        create_day(
            coordinator=CoordinatorFactory(), **day_fields(meeting_link_pattern=SCRIPT_PATTERN)
        )

    assert excinfo.value.messages == [
        "Video-meeting link pattern: Enter a web link starting with https:// (or http://)."
    ]
    assert not OpenDeskDay.objects.exists()


@pytest.mark.parametrize(
    "pattern",
    [SCRIPT_PATTERN, "data:text/html,<script>{day}</script>", "ftp://files.example.org/{room}"],
)
def test_day_form_refuses_a_meeting_link_that_is_not_http(pattern):
    form = DayForm(data={**day_fields(), "meeting_link_pattern": pattern})

    assert not form.is_valid()
    assert form.errors["meeting_link_pattern"] == [
        "Enter a web link starting with https:// (or http://)."
    ]


def test_day_form_keeps_refusing_unknown_braces():
    form = DayForm(data={**day_fields(), "meeting_link_pattern": "https://x.org/{user}"})

    assert form.errors["meeting_link_pattern"] == [
        "Only {day}, {slot} and {room} may appear between braces."
    ]


def test_a_javascript_pattern_stored_earlier_is_not_a_link_on_the_booking_page(client):
    booking = confirmed_booking()
    OpenDeskDay.objects.filter(pk=booking.day_id).update(meeting_link_pattern=SCRIPT_PATTERN)
    client.force_login(booking.requester)

    page = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()

    assert "javascript:" not in page
    assert booking.day.meeting_link(slot_index=0, room=1).startswith("https://")


def test_outcome_links_must_be_web_links():
    member = AnalystFactory()
    booking = start_session(confirmed_booking(panel=[member, AnalystFactory()]))
    form = OutcomeForm(
        data={"advice": "Try StarDist", "shared_links": "javascript:alert(1)", "follow_up": "none"}
    )

    assert form.errors["shared_links"] == [
        "“javascript:alert(1)” is not a web link (it should start with https://)."
    ]
    with pytest.raises(BusinessRuleError) as excinfo:
        record_outcome(
            author=member, booking=booking, advice="Try StarDist", shared_links="javascript:x()"
        )
    assert excinfo.value.messages == [
        "Macros, pipelines or notebooks shared: “javascript:x()” is not a web link "
        "(it should start with https://)."
    ]


@pytest.mark.parametrize("when", [date(2020, 5, 4), "today"])
def test_an_open_desk_day_is_created_for_a_date_after_today(when):
    day_date = timezone.localdate() if when == "today" else when

    with pytest.raises(BusinessRuleError) as excinfo:
        create_day(coordinator=CoordinatorFactory(), **day_fields(date=day_date))

    assert excinfo.value.messages == ["Date: choose a date after today."]
    assert not OpenDeskDay.objects.exists()
