"""In a real browser: an organiser schedules a monthly meeting, members propose topics,
the agenda goes out with its .ics, minutes and attendance are recorded; the map draws."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from icalendar import Calendar

from biafed.network.models import Meeting, MeetingStatus
from biafed.notifications.models import Notification
from tests.factories import PASSWORD, AnalystFactory, HostFacilityFactory, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_monthly_meeting_from_schedule_to_minutes(open_page):
    site = HostFacilityFactory(
        name="Imaging Lyon", city="Lyon", latitude=Decimal("45.75"), longitude=Decimal("4.85")
    )
    organiser = AnalystFactory(full_name="Olga Organiser", profile__facility=site)
    member = AnalystFactory(full_name="Marc Member")
    for person in (organiser, member):
        verified(person)

    page = open_page(organiser, PASSWORD)
    page.goto("/network/meetings/new/")
    page.select_option("#id_kind", "monthly")
    page.fill("#id_title", "February meeting")
    page.fill("#id_starts_at", "2030-02-14T14:00")
    page.fill("#id_place", "https://visio.example.org/fbias")
    page.click("form.card button")
    page.wait_for_selector("text=1 meeting scheduled.")
    meeting = Meeting.objects.get()

    peer = open_page(member, PASSWORD)
    peer.goto(f"/network/meetings/{meeting.pk}/")
    for kind, title in (("preview", "My napari plugin"), ("article", "Cellpose 3 paper")):
        peer.select_option("#id_kind", kind)
        peer.fill("#id_title", title)
        peer.click("form.card button")
        peer.wait_for_selector("text=Your topic is proposed to the organisers.")

    page.goto(f"/network/meetings/{meeting.pk}/agenda/")
    fields = page.locator("input[type=number]")
    fields.nth(0).fill("2")
    fields.nth(1).fill("1")
    page.click("form.card button")
    page.click("text=Send the agenda to members")
    page.wait_for_selector("[data-testid=effects] >> text=go by e-mail to 2 members")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("text=The agenda went to 2 members.")
    agenda = page.locator("[data-testid=agenda] li")
    assert agenda.nth(0).inner_text().startswith("Cellpose 3 paper")

    with page.expect_download() as download:
        page.click("text=Add to my calendar (.ics)")
    (event,) = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "February meeting"
    assert Notification.objects.filter(recipient=member).count() == 1

    page.click("text=Record minutes and attendance")
    page.fill("#id_minutes", "The plugin needs a batch mode.")
    page.check(f"input[name=present][value='{member.pk}']")
    page.click("form.card button")
    page.wait_for_selector("text=The minutes and attendance are recorded.")
    assert page.inner_text("[data-testid=meeting-status]") == "Held"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert list(meeting.attendance.filter(attended=True).values_list("member", flat=True)) == [
        member.pk
    ]

    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/network/map/")
    page.wait_for_selector("[data-network-map][data-drawn='1']")
    assert page.locator(".leaflet-interactive").count() == 1  # Lyon's circle
    assert page.locator("path").count() > 100  # the shipped country outlines
    page.screenshot(path=str(Path(os.environ.get("BIAFED_SHOTS", "/tmp")) / "network-map.png"))
    assert errors == []
