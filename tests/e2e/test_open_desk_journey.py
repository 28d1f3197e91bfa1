"""The whole open-desk journey in a real browser: book, allocate, hold, record, give feedback."""

from datetime import timedelta

import pytest
from django.utils import timezone

from biafed.opendesk.models import Booking, BookingStatus, Slot
from biafed.opendesk.services.days import set_availability
from biafed.people.models import ExpertiseFamily, ExpertiseTerm
from tests.factories import (
    PASSWORD,
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    verified,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def test_open_desk_day_from_booking_to_feedback(open_page, tmp_path):
    segmentation = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Segmentation")
    day = OpenDeskDayFactory()
    first_slot = day.slots.get(index=0)
    analysts = [
        AnalystFactory(full_name=f"Analyst {n}", expertise={segmentation: "expert"})
        for n in range(3)
    ]
    for analyst in analysts:
        set_availability(analyst=analyst, day=day, slots=[first_slot])
    coordinator = CoordinatorFactory(full_name="Coordinator")
    requester = RequesterFactory(full_name="Rita Requester")
    for person in (*analysts, coordinator, requester):
        verified(person)
    image = tmp_path / "nuclei.png"
    image.write_bytes(TINY_PNG)

    # 1. The requester books through the guided form and uploads an example image.
    page = open_page(requester, PASSWORD)
    page.goto("/open-desk/")
    page.click(f"[data-testid=book-{day.pk}]")
    page.fill("#id_title", "Counting nuclei in organoids")
    page.fill("#id_biological_question", "Does the drug reduce proliferation?")
    page.fill("#id_objects_of_interest", "Nuclei stained with DAPI")
    page.fill("#id_measurements", "Number of nuclei per organoid")
    page.select_option("#id_dimensionality", "3d")
    page.check(f"input[name=topics][value='{segmentation.pk}']")
    page.select_option("#id_slot", str(first_slot.pk))
    page.check("#id_consent_to_share")
    page.click("button[name=submit]")
    page.wait_for_selector("[data-testid=missing-data]")
    page.set_input_files("[data-testid=file-input]", str(image))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=file]")
    assert page.inner_text("[data-testid=status]") == "Ready"
    booking = Booking.objects.get(requester=requester)

    # 2. The coordinator proposes panels from expertise and availability, then publishes.
    coordinator_page = open_page(coordinator, PASSWORD)
    coordinator_page.goto(f"/open-desk/days/{day.pk}/")
    coordinator_page.click("[data-testid=propose]")
    coordinator_page.wait_for_selector("text=Panels proposed")
    coordinator_page.click("[data-testid=publish-allocation]")
    coordinator_page.click("[data-testid=confirm]")
    coordinator_page.wait_for_selector("text=invitations are on their way")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.panel.count() == 3

    # The day arrives: the session starts.
    now = timezone.now()
    Slot.objects.filter(pk=first_slot.pk).update(
        starts_at=now - timedelta(minutes=70), ends_at=now - timedelta(minutes=10)
    )

    # 3. A panel member sees the session, its answers and its file, and records the outcome.
    analyst_page = open_page(analysts[0], PASSWORD)
    analyst_page.goto("/open-desk/sessions/")
    analyst_page.click("text=Counting nuclei in organoids")
    assert "Nuclei stained with DAPI" in analyst_page.content()
    assert analyst_page.inner_text("[data-testid=file]").startswith("nuclei.png")
    analyst_page.click("text=Record the outcome")
    analyst_page.fill("#id_advice", "Use StarDist 3D, then count per organoid label.")
    analyst_page.fill("#id_shared_links", "https://github.com/example/organoid-counting")
    analyst_page.select_option("#id_follow_up", "none")
    analyst_page.click("text=Save outcome")
    analyst_page.wait_for_selector("[data-testid=outcome]")

    # 4. The coordinator marks the session as held.
    coordinator_page.goto(f"/open-desk/bookings/{booking.pk}/")
    coordinator_page.click("text=Session held")
    coordinator_page.wait_for_selector("text=Attendance recorded")

    # 5. The requester sees the advice and gives feedback.
    page.goto(f"/open-desk/bookings/{booking.pk}/")
    assert "Use StarDist 3D" in page.inner_text("[data-testid=outcome]")
    page.click("text=Give feedback")
    page.check("input[name=usefulness][value='5']")
    page.fill("#id_comment", "Very helpful, thank you!")
    page.click("text=Send")
    page.wait_for_selector("text=Thank you for your feedback")
    assert booking.feedback.usefulness == 5
    assert ExpertiseTerm.objects.filter(name="Segmentation").count() == 1
