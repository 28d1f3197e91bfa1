"""Changes to a session after its panel was published."""

import pytest

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.services.bookings import cancel_booking
from biafed.opendesk.services.panels import set_panel
from tests.factories import AnalystFactory, CoordinatorFactory, confirmed_booking

pytestmark = pytest.mark.django_db


def test_confirmed_panel_cannot_shrink_below_two():
    panel = [AnalystFactory(), AnalystFactory()]
    booking = confirmed_booking(panel=panel)
    with pytest.raises(BusinessRuleError, match="keeps 2 to 3 analysts"):
        set_panel(
            coordinator=CoordinatorFactory(),
            booking=booking,
            analysts=panel[:1],
            expected_version=booking.panel_version,
        )
    assert booking.panel.count() == 2


def test_requester_is_told_when_a_coordinator_cancels_their_confirmed_session():
    panel = [AnalystFactory(), AnalystFactory()]
    booking = confirmed_booking(panel=panel)
    cancel_booking(actor=CoordinatorFactory(), booking=booking, reason="room unavailable")
    told = Notification.objects.filter(kind=NotificationKind.CANCELLATION)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [booking.requester_id, *(a.pk for a in panel)]
    )
