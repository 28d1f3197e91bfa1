"""From the database to the allocation engine: one open-desk day as an engine `Instance`.

The *requests* of a day are its bookings still waiting for a confirmed panel
(submitted, data missing, ready or allocated). Everything else that holds a
room (confirmed bookings, sessions already held) stays as it is: its rooms are
taken out of the slots, its panel members are busy in their slot and count
towards their daily cap (`held_sessions`).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from biafed.common.errors import BusinessRuleError
from biafed.matching.engine import Analyst, Instance, Parameters, Request, Slot
from biafed.matching.models import AllocationPin, DeclaredConflict
from biafed.matching.services import similar, understanding
from biafed.matching.services.suggestions import vocabulary
from biafed.opendesk.models import AnalystAvailability, Booking, OpenDeskDay, PanelMember
from biafed.opendesk.models import BookingStatus as S
from biafed.opendesk.services.panels import PANEL_MAX, PANEL_MIN
from biafed.opendesk.services.transitions import PRE_ALLOCATION
from biafed.people.models import AnalystProfile, ExpertiseTerm, User

PENDING = (*PRE_ALLOCATION, S.ALLOCATED)
"""Bookings the engine may place and give a panel."""

PAST_LOAD_STATUSES = (S.CONFIRMED, S.HELD, S.NO_SHOW)
FAIRNESS_WINDOW = timedelta(days=365)
"""Sessions on earlier open-desk days within this window count as an analyst's past load."""

BOOKED_SLOT_WEIGHT = 1.0
"""Preference for the slot a request is booked in: moving a requester costs as much
affinity as one perfectly matched panelist."""


def term_names() -> dict[int, str]:
    return dict(ExpertiseTerm.objects.values_list("pk", "name"))


def day_key(day: OpenDeskDay) -> str:
    return day.date.isoformat()


def primary_tool_of(booking: Booking) -> int | None:
    """The tool the panel must know: only the requester's (or coordinator's) explicit choice.

    A tool they tried, or a suggestion they accepted, is a wish among the topics (a soft
    preference in the affinity), never this hard constraint."""
    return booking.primary_tool_id


REQUEST_TEXT_FIELDS = (
    "title",
    "biological_question",
    "objects_of_interest",
    "measurements",
    "tried_so_far",
)
"""The answers whose words the affinity compares with the vocabulary and the analysts' profiles."""


MAX_NEEDS = 12
"""Needs of a request the affinity weighs (the strongest ones read in its answers)."""
WORDS_SHOWN = ("name", "alias", "feature", "operation")
"""Evidence whose words an explanation quotes (BM25's scattered words are not quoted)."""
MAIN_NEED_MIN = 0.5
"""A need is the request's main need (the panel should cover it) from this weight up."""


def request_needs(booking: Booking) -> tuple[dict[int, float], int | None, dict[int, str]]:
    """What the understanding pipeline reads in the answers: weighted needs, main need, and
    for each need the requester's words that suggest it (for the explanations)."""
    segments = [(f, getattr(booking, f)) for f in REQUEST_TEXT_FIELDS if getattr(booking, f)]
    if not segments:
        return {}, None, {}
    past = similar.evidence_for(request_text(booking), exclude=(f"booking:{booking.pk}",))
    read = understanding.understand(segments, past=past)
    kept = read.needs[:MAX_NEEDS]
    needs = {n.entry: n.weight for n in kept}
    main = next((n.entry for n in read.needs if n.weight >= MAIN_NEED_MIN), None)
    words = {
        n.entry: next(e.words for e in n.evidence if e.words and e.path in WORDS_SHOWN)
        for n in kept
        if any(e.words and e.path in WORDS_SHOWN for e in n.evidence)
    }
    return needs, main, words


def request_text(booking: Booking) -> str:
    return "\n".join(
        value for value in (getattr(booking, f).strip() for f in REQUEST_TEXT_FIELDS) if value
    )


def request_for(
    booking: Booking,
    *,
    slot_ids: Iterable[int] | None = None,
    pinned_slot: int | None = None,
    pinned_analysts: Iterable[int] = frozenset(),
    conflicts: Iterable[int] = frozenset(),
) -> Request:
    """The engine's view of a booking (prefetch topics, tools_tried and preferred_slots)."""
    terms = {t.pk for t in booking.topics.all()} | {t.pk for t in booking.tools_tried.all()}
    if booking.modality_id:
        terms.add(booking.modality_id)
    needs, main_need, need_words = request_needs(booking)
    allowed = {s.pk for s in booking.preferred_slots.all()}
    if booking.slot_id:
        allowed.add(booking.slot_id)
    if slot_ids is not None:
        allowed &= set(slot_ids)
    return Request(
        id=booking.pk,
        label=booking.title,
        allowed_slots=frozenset(allowed),
        preferred_slots=(
            {booking.slot_id: BOOKED_SLOT_WEIGHT} if booking.slot_id in allowed else {}
        ),
        primary_tool=primary_tool_of(booking),
        terms=frozenset(terms),
        institution=booking.requester.institution,
        conflicts=frozenset(conflicts),
        pinned_slot=pinned_slot,
        pinned_analysts=frozenset(pinned_analysts),
        language=(
            booking.preferred_language.code  # type: ignore[union-attr]  # its id is set
            if booking.preferred_language_id
            else ""
        ),
        text=request_text(booking),
        needs=needs,
        main_need=main_need,
        need_words=need_words,
    )


def _profiles() -> QuerySet[AnalystProfile]:
    return (
        AnalystProfile.objects.select_related("user", "host_facility")
        .prefetch_related("expertise", "languages")
        .filter(user__is_active=True)
    )


def _analyst(
    profile: AnalystProfile,
    slots: Iterable[int],
    *,
    held_sessions: dict[str, int] | None = None,
    past_load: int = 0,
) -> Analyst:
    return Analyst(
        id=profile.user_id,
        name=str(profile.user),
        site=profile.host_facility_id,
        institution=profile.host_facility.institution,
        available_slots=frozenset(slots),
        daily_cap=profile.daily_session_cap,
        accepted_rules=profile.has_accepted_rules,
        expertise={e.term_id: e.level for e in profile.expertise.all()},
        past_load=past_load,
        held_sessions=held_sessions or {},
        languages=frozenset(lang.code for lang in profile.languages.all()),
        text=profile.bio.strip(),
    )


def analyst_for(user: User, *, day: OpenDeskDay) -> Analyst:
    """The engine's view of one analyst on `day` (their ticked slots, no load)."""
    profile = _profiles().get(user=user)
    slots = AnalystAvailability.objects.filter(analyst=user, slot__day=day).values_list(
        "slot_id", flat=True
    )
    return _analyst(profile, slots)


@dataclass
class DayInstance:
    """An engine instance for a day, and what the Django side needs to apply its solution."""

    day: OpenDeskDay
    instance: Instance
    bookings: list[Booking]  # every request of the day, reserved ones included, by id
    versions: dict[int, int]  # booking id -> panel_version when the instance was built
    places: dict[int, tuple[int | None, int | None]]  # booking id -> (slot, room) now
    taken: dict[int, set[int]]  # slot id -> rooms held by bookings that stay
    reserved: frozenset[int] = frozenset()  # requests left out, keeping their room
    rooms_per_slot: int = 0

    @property
    def request_ids(self) -> list[int]:
        return [b.pk for b in self.bookings]


def pending_bookings(day: OpenDeskDay, *, lock: bool = False) -> QuerySet[Booking]:
    qs = Booking.objects.filter(day=day, status__in=PENDING)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return (
        qs.select_related("requester", "preferred_language", "day")
        .prefetch_related("topics", "tools_tried", "preferred_slots")
        .order_by("pk")
    )


def build_day(day: OpenDeskDay, *, reserved: Iterable[int] = (), lock: bool = False) -> DayInstance:
    """The engine instance of `day`, with the coordinator's pins, a fixed number of queries.

    `reserved` requests are left out of the instance but keep their room (see
    `planning.solve_day`). With `lock`, the requests are locked for update (inside a
    transaction). Refuses a day with no request waiting for a panel.
    """
    bookings = list(pending_bookings(day, lock=lock))
    if not bookings:
        raise BusinessRuleError(_("There is no request waiting for a panel on this day."))
    ids = [b.pk for b in bookings]
    reserved = frozenset(reserved) & set(ids)
    slots = list(day.slots.all())
    slot_ids = [s.pk for s in slots]
    key = day_key(day)

    taken: dict[int, set[int]] = defaultdict(set)
    for slot_id, room in (
        Booking.objects.filter(day=day, room__isnull=False)
        .exclude(pk__in=ids)
        .values_list("slot_id", "room")
    ):
        taken[slot_id].add(room)  # type: ignore[arg-type]  # rows with a room only
    places = {b.pk: (b.slot_id, b.room) for b in bookings}
    for booking_id in reserved:
        slot_id, room = places[booking_id]  # type: ignore[assignment]  # a room has a slot
        if room is not None:
            taken[slot_id].add(room)

    busy = set(
        PanelMember.objects.filter(slot__day=day)
        .exclude(booking_id__in=ids)
        .values_list("analyst_id", "slot_id")
    )
    held = Counter(analyst_id for analyst_id, _slot in busy)
    availability: dict[int, set[int]] = defaultdict(set)
    for analyst_id, slot_id in AnalystAvailability.objects.filter(slot__day=day).values_list(
        "analyst_id", "slot_id"
    ):
        if (analyst_id, slot_id) not in busy:
            availability[analyst_id].add(slot_id)

    pinned_slot: dict[int, int] = {}
    pinned_analysts: dict[int, set[int]] = defaultdict(set)
    for booking_id, analyst_id, slot_id in AllocationPin.objects.filter(
        booking_id__in=ids
    ).values_list("booking_id", "analyst_id", "slot_id"):
        if slot_id is not None:
            pinned_slot[booking_id] = slot_id
        else:
            pinned_analysts[booking_id].add(analyst_id)

    conflicts: dict[int, set[int]] = defaultdict(set)
    for requester_id, analyst_id in DeclaredConflict.objects.filter(
        requester_id__in={b.requester_id for b in bookings}
    ).values_list("requester_id", "analyst_id"):
        conflicts[requester_id].add(analyst_id)

    past = dict(
        PanelMember.objects.filter(
            booking__day__date__lt=day.date,
            booking__day__date__gte=day.date - FAIRNESS_WINDOW,
            booking__status__in=PAST_LOAD_STATUSES,
        )
        .values("analyst_id")
        .annotate(n=Count("id"))
        .values_list("analyst_id", "n")
    )

    wanted = set(availability) | {a for pins in pinned_analysts.values() for a in pins}
    analysts = [
        _analyst(
            profile,
            availability.get(profile.user_id, ()),
            held_sessions={key: held[profile.user_id]} if held[profile.user_id] else {},
            past_load=past.get(profile.user_id, 0),
        )
        for profile in _profiles().filter(user_id__in=wanted).order_by("user_id")
    ]
    known = {a.id for a in analysts}
    requests = [
        request_for(
            b,
            slot_ids=slot_ids,
            pinned_slot=pinned_slot.get(b.pk) if pinned_slot.get(b.pk) in slot_ids else None,
            pinned_analysts=pinned_analysts.get(b.pk, set()) & known,
            conflicts=conflicts.get(b.requester_id, set()) & known,
        )
        for b in bookings
        if b.pk not in reserved
    ]
    instance = Instance(
        slots=tuple(
            Slot(
                id=s.pk,
                rooms=max(0, day.rooms_per_slot - len(taken.get(s.pk, ()))),
                day=key,
                label=str(s),
            )
            for s in slots
        ),
        requests=tuple(requests),
        analysts=tuple(analysts),
        parameters=Parameters(
            panel_min=PANEL_MIN,
            panel_max=PANEL_MAX,
            text_scorer=settings.AFFINITY_TEXT_SCORER,
        ),
        term_names=term_names(),
        name=f"{day.title} ({key})",
        vocabulary=partial(vocabulary, active_only=False),  # built by the solver, when needed
    )
    return DayInstance(
        day=day,
        instance=instance,
        bookings=bookings,
        versions={b.pk: b.panel_version for b in bookings},
        places=places,
        taken={t: set(rooms) for t, rooms in taken.items()},
        reserved=reserved,
        rooms_per_slot=day.rooms_per_slot,
    )
