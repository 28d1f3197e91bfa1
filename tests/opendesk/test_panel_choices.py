"""The panel editor offers only analysts who can sit, with their expertise and load."""

import pytest
from django.urls import reverse

from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    HostFacilityFactory,
    OpenDeskDayFactory,
    declare_available,
    seat,
    submitted_booking,
)

pytestmark = pytest.mark.django_db


def test_panel_editor_offers_only_analysts_who_can_sit(client):
    day = OpenDeskDayFactory()
    slot = day.slots.get(index=0)
    booking = submitted_booking(day=day)
    other = submitted_booking(day=day)
    segmentation = ExpertiseTermFactory(name="Segmentation")
    free = AnalystFactory(full_name="Frida Free", expertise={segmentation: "expert"})
    elsewhere = AnalystFactory(full_name="Otto Otherroom")
    no_rules = AnalystFactory(full_name="Nora Norules", profile__accepted=False)
    home = HostFacilityFactory(institution=booking.requester.institution)
    colleague = AnalystFactory(full_name="Colin Colleague", profile__facility=home)
    for analyst in (free, elsewhere, no_rules, colleague):
        declare_available(analyst, slot)
    seat(other, elsewhere)
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("opendesk:panel_edit", args=[booking.pk])).content.decode()

    assert "Frida Free" in page
    assert "Segmentation" in page
    assert "0 panels that day" in page
    for refused in ("Otto Otherroom", "Nora Norules", "Colin Colleague"):
        assert refused not in page
    assert 'type="checkbox" name="analysts"' in page
    assert "data-filterable" in page
    assert "Hold Ctrl" not in page


def test_panel_editor_shows_the_load_of_the_day(client):
    day = OpenDeskDayFactory()
    booking = submitted_booking(day=day, slot_index=0)
    earlier = submitted_booking(day=day, slot_index=1)
    busy = AnalystFactory(full_name="Bea Busy")
    declare_available(busy, day.slots.get(index=0), day.slots.get(index=1))
    seat(earlier, busy)
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("opendesk:panel_edit", args=[booking.pk])).content.decode()
    assert "1 panel that day" in page
