"""After the session: attendance, outcomes."""

from collections.abc import Iterable

import rules
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import allowed_moves, move
from biafed.common.validators import check_fields
from biafed.notifications.services import in_language_of, notify
from biafed.opendesk import rules as opendesk_rules  # noqa: F401  (registers the rules)
from biafed.opendesk.models import Booking, SessionOutcome
from biafed.opendesk.models import BookingStatus as S
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.people.models import ExpertiseTerm, User


def acknowledgement_text(booking: Booking) -> str:
    """The sentence requesters are asked to put in their publications' acknowledgements."""
    network = settings.BIAFED_NETWORK_NAME
    panel = ", ".join(str(m.analyst) for m in booking.panel.select_related("analyst"))
    return _(
        "We thank the bioimage analysts of the %(network)s open desk (%(panel)s) for their advice "
        "on image analysis, a service of the distributed core facility for bioimage analysis."
    ) % {"network": network, "panel": panel}


def attendance_refusals(booking: Booking) -> list[str]:
    """Why attendance of `booking` cannot be recorded now (empty when it can): only for a
    session that has started and is confirmed, held or a no-show (as `mark_attendance`)."""
    if not allowed_moves(booking) & {S.HELD, S.NO_SHOW}:
        return [_("Attendance is recorded for a confirmed session.")]
    if booking.slot is None or timezone.now() < booking.slot.starts_at:
        return [_("Attendance can be recorded once the session has started.")]
    return []


@transaction.atomic
def mark_attendance(*, coordinator: User, booking: Booking, attended: bool) -> Booking:
    """Held or no-show, once the session has started; asks the requester for feedback."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot", "day")
        .get(pk=booking.pk)
    )
    if booking.slot is None or timezone.now() < booking.slot.starts_at:
        raise BusinessRuleError(_("Attendance can be recorded once the session has started."))
    move(booking, S.HELD if attended else S.NO_SHOW, actor=coordinator)
    if attended:
        with in_language_of(booking.requester):
            notify(
                recipient=booking.requester,
                kind=NotificationKind.FEEDBACK_REQUEST,
                message=lambda: (
                    _("How useful was your open-desk session?"),
                    _(
                        "Thank you for coming to the open desk. Two questions take one minute and help "
                        "us improve the service.\n\nIf the advice helps your research, please acknowledge "
                        "the infrastructure in your publications:\n\n%(ack)s"
                    )
                    % {"ack": acknowledgement_text(booking)},
                ),
                link=reverse("opendesk:feedback", args=[booking.pk]),
                about=booking,
                dedupe_key=f"feedback:{booking.pk}",
            )
    return booking


@transaction.atomic
def record_outcome(
    *,
    author: User,
    booking: Booking,
    advice: str,
    tools_suggested: Iterable[ExpertiseTerm] = (),
    shared_links: str = "",
    follow_up: str = "none",
) -> SessionOutcome:
    """What the panel advised; any panel member (or a coordinator) may write or update it."""
    if not rules.has_perm("opendesk.record_outcome", author, booking):
        raise BusinessRuleError(_("Only the panel can record the outcome of this session."))
    if booking.status not in (S.CONFIRMED, S.HELD):
        raise BusinessRuleError(_("An outcome is recorded for a confirmed or held session."))
    if booking.slot and timezone.now() < booking.slot.starts_at:
        raise BusinessRuleError(_("The outcome can be recorded once the session has started."))
    if not advice.strip():
        raise BusinessRuleError(_("Describe the advice given."))
    check_fields(SessionOutcome(advice=advice, shared_links=shared_links), "advice", "shared_links")
    outcome, _created = SessionOutcome.objects.update_or_create(
        booking=booking,
        defaults={
            "advice": advice,
            "shared_links": shared_links,
            "follow_up": follow_up,
            "recorded_by": author,
        },
    )
    outcome.tools_suggested.set(tools_suggested)
    activity.record(actor=author, verb="recorded outcome", subject=booking)
    return outcome
