"""Writing a plan to the bookings of a day: rooms, panels, statuses, in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move
from biafed.matching.engine import violations
from biafed.matching.services.building import DayInstance, build_day
from biafed.matching.services.planning import place_in_rooms, solution_from_plan
from biafed.opendesk.models import Booking, OpenDeskDay, PanelMember
from biafed.opendesk.models import BookingStatus as S
from biafed.opendesk.services.transitions import data_status
from biafed.people.models import User

NO_SOLUTION = ("unknown", "infeasible")


def _check_unchanged(current: DayInstance, expected_versions: dict[int, int]) -> None:
    """Refuse a plan computed for bookings that changed since (the optimistic version check)."""
    now = current.versions
    expected = {int(k): v for k, v in expected_versions.items()}
    changed = sorted(
        b.title or str(b.pk)
        for b in current.bookings
        if b.pk not in expected or expected[b.pk] != now[b.pk]
    )
    gone = len(set(expected) - set(now))
    if changed or gone:
        parts = []
        if changed:
            parts.append(
                ngettext(
                    "%(list)s was changed or booked since the proposal was computed.",
                    "%(list)s were changed or booked since the proposal was computed.",
                    len(changed),
                )
                % {"list": ", ".join(f"“{t}”" for t in changed)}
            )
        if gone:
            parts.append(
                ngettext(
                    "%(n)s request was cancelled or confirmed since.",
                    "%(n)s requests were cancelled or confirmed since.",
                    gone,
                )
                % {"n": gone}
            )
        raise BusinessRuleError(
            _("Not applied: %(why)s Compute the proposal again.") % {"why": " ".join(parts)}
        )


def apply_plan(
    *,
    coordinator: User,
    day: OpenDeskDay,
    plan: dict,
    expected_versions: dict[int, int] | None,
    source: str,
) -> dict:
    """Give every request of `day` the slot, room and panel of `plan`.

    Requests the plan does not hold keep their slot and room and lose any panel
    (their status goes back to what their data says); bookings that are not
    requests (confirmed, held) are not touched. With `expected_versions`, refuses
    when a request changed since the plan was computed; always refuses a plan that
    breaks a hard constraint against the day as it is now (an analyst who withdrew,
    a pin added since). Every request's `panel_version` goes up. All or nothing.
    """
    if plan.get("status") in NO_SOLUTION:
        raise BusinessRuleError(
            _("The solver found no allocation within the time limit; nothing was changed.")
        )
    solution = solution_from_plan(plan)
    try:
        with transaction.atomic():
            day = OpenDeskDay.objects.select_for_update().get(pk=day.pk)
            current = build_day(day, reserved=plan.get("reserved", ()), lock=True)
            if expected_versions is not None:
                _check_unchanged(current, expected_versions)
            problems = violations(current.instance, solution)
            if problems:
                raise BusinessRuleError(
                    _(
                        "Not applied: the proposal no longer fits the day (%(list)s). Compute it again."
                    )
                    % {"list": "; ".join(problems[:5])}
                )
            rooms = place_in_rooms(
                solution,
                {int(r): "" for r in plan.get("reserved", ())},
                current.places,
                {t: rooms for t, rooms in current.taken.items()},
                current.rooms_per_slot,
            )
            by_request = {a.request_id: a for a in solution.assignments}
            ids = current.request_ids
            PanelMember.objects.filter(booking_id__in=ids).delete()
            Booking.objects.filter(pk__in=ids).update(room=None)
            with_files = set(
                Booking.objects.filter(pk__in=ids, files__isnull=False).values_list("pk", flat=True)
            )
            now = timezone.now()
            placed = unplaced = 0
            members = []
            for booking in current.bookings:
                assignment = by_request.get(booking.pk)
                booking.slot_id, booking.room = rooms[booking.pk]
                if assignment is not None and assignment.served:
                    members += [
                        PanelMember(
                            booking=booking,
                            analyst_id=seat.analyst_id,
                            slot_id=assignment.slot_id,  # type: ignore[misc]  # served: has a slot
                            affinity=seat.score,
                            explanation=seat.why[:300],
                            explanation_parts=list(seat.why_parts),
                        )
                        for seat in assignment.panel
                    ]
                    status: str = S.ALLOCATED
                    placed += 1
                else:
                    status = booking.status
                    if booking.status == S.ALLOCATED:
                        status = data_status(booking, has_files=booking.pk in with_files, now=now)
                    unplaced += 1
                booking.panel_version += 1
                move(
                    booking,
                    status,
                    actor=coordinator,
                    detail=source,
                    extra_fields=("slot", "room", "panel_version"),
                )
            PanelMember.objects.bulk_create(members)
            activity.record(
                actor=coordinator,
                verb="applied allocation",
                subject=day,
                detail=f"{placed} placed, {unplaced} need a manual panel ({source})",
            )
    except IntegrityError:
        raise BusinessRuleError(
            _("A room or an analyst was taken at the same moment; compute the proposal again.")
        ) from None
    return {"placed": placed, "unplaced": unplaced}
