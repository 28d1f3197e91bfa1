"""Builds ranker instances from the database and applies the proposed allocation."""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.matching.ranker import Analyst, Request, allocate
from biafed.opendesk.models import (
    AnalystAvailability,
    Booking,
    OpenDeskDay,
    PanelMember,
)
from biafed.opendesk.models import (
    BookingStatus as S,
)
from biafed.opendesk.services.transitions import PRE_ALLOCATION, data_status, move_to
from biafed.people.models import AnalystProfile, ExpertiseTerm


def term_names() -> dict[int, str]:
    return dict(ExpertiseTerm.objects.values_list("pk", "name"))


def request_for(booking: Booking) -> Request:
    terms = {t.pk for t in booking.topics.all()} | {t.pk for t in booking.tools_tried.all()}
    if booking.modality_id:
        terms.add(booking.modality_id)
    others = [s.pk for s in booking.preferred_slots.all() if s.pk != booking.slot_id]
    return Request(
        id=booking.pk,
        slot_options=tuple([booking.slot_id] if booking.slot_id else []) + tuple(sorted(others)),
        terms=frozenset(terms),
        institution=booking.requester.institution,
        language=booking.preferred_language.code if booking.preferred_language_id else "",
    )


def _analyst(profile: AnalystProfile, slots: frozenset[int]) -> Analyst:
    return Analyst(
        id=profile.user_id,
        site=profile.host_facility_id,
        institution=profile.host_facility.institution,
        available_slots=slots,
        expertise={e.term_id: e.level for e in profile.expertise.all()},
        languages=frozenset(lang.code for lang in profile.languages.all()),
        daily_cap=profile.daily_session_cap,
        accepted_rules=profile.has_accepted_rules,
        name=str(profile.user),
    )


def _profiles():
    return (
        AnalystProfile.objects.select_related("user", "host_facility")
        .prefetch_related("expertise", "languages")
        .filter(user__is_active=True)
    )


def analyst_for(user, *, day: OpenDeskDay) -> Analyst:
    profile = _profiles().get(user=user)
    slots = frozenset(
        AnalystAvailability.objects.filter(analyst=user, slot__day=day).values_list(
            "slot_id", flat=True
        )
    )
    return _analyst(profile, slots)


def propose_allocation(*, coordinator, day: OpenDeskDay) -> dict:
    """Compute panels for every booking of `day` not yet confirmed, and apply them.

    Confirmed bookings and their panels stay as they are; their analysts and rooms
    are taken out of what the ranker may use.
    """
    with transaction.atomic():
        day = OpenDeskDay.objects.select_for_update().get(pk=day.pk)
        bookings = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(day=day, status__in=(*PRE_ALLOCATION, S.ALLOCATED), slot__isnull=False)
            .select_related("requester", "preferred_language", "day")
            .prefetch_related("topics", "tools_tried", "preferred_slots")
            .order_by("pk")
        )
        if not bookings:
            raise BusinessRuleError(_("There is no request waiting for a panel on this day."))
        ids = [b.pk for b in bookings]
        PanelMember.objects.filter(booking_id__in=ids).delete()
        original = {b.pk: (b.slot_id, b.room) for b in bookings}
        Booking.objects.filter(pk__in=ids).update(room=None)

        confirmed = Booking.objects.filter(day=day, room__isnull=False).exclude(pk__in=ids)
        rooms = {s.pk: day.rooms_per_slot for s in day.slots.all()}
        for slot_id in confirmed.values_list("slot_id", flat=True):
            rooms[slot_id] -= 1
        busy = set(PanelMember.objects.filter(slot__day=day).values_list("analyst_id", "slot_id"))
        availability: dict[int, set[int]] = {}
        for analyst_id, slot_id in AnalystAvailability.objects.filter(slot__day=day).values_list(
            "analyst_id", "slot_id"
        ):
            if (analyst_id, slot_id) not in busy:
                availability.setdefault(analyst_id, set()).add(slot_id)
        analysts = [_analyst(p, frozenset(availability.get(p.user_id, ()))) for p in _profiles()]
        seated = Counter(analyst_id for analyst_id, _slot in busy)
        proposals = allocate(
            [request_for(b) for b in bookings], analysts, rooms, term_names(), initial_load=seated
        )

        by_id = {b.pk: b for b in bookings}
        now = timezone.now()
        taken: dict[int, set[int]] = {}
        for slot_id, room in confirmed.values_list("slot_id", "room"):
            taken.setdefault(slot_id, set()).add(room)

        def free_room(slot_id: int) -> int | None:
            used = taken.setdefault(slot_id, set())
            for room in range(1, day.rooms_per_slot + 1):
                if room not in used:
                    used.add(room)
                    return room
            return None

        placed = unplaced = 0
        for proposal in sorted(proposals, key=lambda p: p.slot_id is None):
            booking = by_id[proposal.request_id]
            if proposal.slot_id is not None:
                booking.slot_id = proposal.slot_id
                booking.room = free_room(proposal.slot_id)
                PanelMember.objects.bulk_create(
                    PanelMember(
                        booking=booking,
                        analyst_id=a,
                        slot_id=proposal.slot_id,
                        affinity=score,
                        explanation=why[:300],
                    )
                    for a, score, why in proposal.panel
                )
                move_to(booking, S.ALLOCATED, actor=coordinator, detail="proposed by the ranker")
                placed += 1
            else:
                slot_id, room = original[booking.pk]
                booking.slot_id = slot_id
                booking.room = room if room not in taken.get(slot_id, set()) else None
                if booking.room is not None:
                    taken.setdefault(slot_id, set()).add(room)
                else:
                    booking.room = free_room(slot_id)
                has_files = booking.files.exists()
                move_to(
                    booking, data_status(booking, has_files=has_files, now=now), actor=coordinator
                )
                unplaced += 1
            booking.panel_version += 1
            booking.save()
        activity.record(
            actor=coordinator,
            verb="proposed allocation",
            subject=day,
            detail=f"{placed} placed, {unplaced} need a manual panel",
        )
    return {"placed": placed, "unplaced": unplaced}
