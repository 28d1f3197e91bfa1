"""Coordinator-side rules: placing bookings in rooms, panels, publishing the allocation."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import allowed_moves, move
from biafed.notifications.services import in_language_of, notify
from biafed.opendesk import calendar
from biafed.opendesk.models import (
    Booking,
    DayStatus,
    OpenDeskDay,
    PanelMember,
    Slot,
)
from biafed.opendesk.models import (
    BookingStatus as S,
)
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.registry import explain_member
from biafed.opendesk.services.transitions import PRE_ALLOCATION, data_status
from biafed.people.models import User

PANEL_MIN = 2
PANEL_MAX = 3
EDITABLE = (*PRE_ALLOCATION, S.ALLOCATED, S.CONFIRMED)


def same_institution(a: str, b: str) -> bool:
    return bool(a and b) and a.strip().casefold() == b.strip().casefold()


def seatable_analysts(booking: Booking) -> list[User]:
    """The analysts `_check_analyst` would accept on `booking`'s panel, best known first:
    free in its session (declared it, and in no other room then) or already on it, rules
    accepted, not from the requester's institution. Each carries `seats_that_day` (their
    load on the day) and their expertise prefetched; a fixed number of queries."""
    candidates = (
        User.objects.filter(
            is_active=True,
            analyst_profile__isnull=False,
            analyst_profile__rules_accepted_at__isnull=False,
        )
        .filter(
            Q(open_desk_availability__slot_id=booking.slot_id) | Q(panel_seats__booking=booking)
        )
        .exclude(
            Exists(
                # Without a session slot_id=None reads IS NULL at run time; the stubs refuse None.
                PanelMember.objects.filter(
                    analyst=OuterRef("pk"),
                    slot_id=booking.slot_id,  # type: ignore[misc]
                ).exclude(booking=booking)
            )
        )
        .select_related("analyst_profile__host_facility")
        .prefetch_related("analyst_profile__expertise__term")
        .annotate(
            seats_that_day=Count(
                "panel_seats",
                filter=Q(panel_seats__booking__day_id=booking.day_id),
                distinct=True,
            )
        )
        .distinct()
        .order_by("full_name")
    )
    institution = booking.requester.institution
    return [
        analyst
        for analyst in candidates
        if not same_institution(institution, analyst.analyst_profile.host_facility.institution)
    ]


def _lock(booking: Booking, expected_version: int | None) -> Booking:
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("day", "slot", "requester")
        .get(pk=booking.pk)
    )
    if expected_version is not None and locked.panel_version != expected_version:
        raise BusinessRuleError(
            _(
                "Someone else changed this booking while you were editing it. The page now shows "
                "the current panel; make your change again."
            )
        )
    if locked.status not in EDITABLE:
        raise BusinessRuleError(_("This booking can no longer be changed."))
    return locked


def _attendees(booking: Booking) -> list[User]:
    return [booking.requester] + [m.analyst for m in booking.panel.select_related("analyst")]


def _panel_names(booking: Booking) -> str:
    return ", ".join(str(m.analyst) for m in booking.panel.select_related("analyst"))


def _invite(booking: Booking, people: Iterable[User], *, event: calendar.SessionEvent) -> None:
    """Invite `people` to the session as `event` describes it (every attendee listed)."""
    link = reverse("opendesk:booking_detail", args=[booking.pk])
    ics = calendar.request(event)
    for person in people:
        with in_language_of(person):
            notify(
                recipient=person,
                kind=NotificationKind.INVITATION,
                message=lambda: (
                    _("Open desk on %(date)s at %(time)s: %(title)s")
                    % {
                        "date": date_format(booking.day.date, "DATE_FORMAT"),
                        "time": booking.slot,
                        "title": booking.title,
                    },
                    _(
                        "You are invited to an open-desk session.\n\nWhen: %(date)s, %(time)s (%(tz)s)\n"
                        "Meeting link: %(meeting)s\nRequest: %(title)s\nPanel: %(panel)s\n\n"
                        "The calendar invitation is attached. Example images and the request's answers "
                        "are on the session page."
                    )
                    % {
                        "date": date_format(booking.day.date, "DATE_FORMAT"),
                        "time": booking.slot,
                        "tz": booking.day.time_zone,
                        "meeting": booking.meeting_link(),
                        "title": booking.title,
                        "panel": _panel_names(booking),
                    },
                ),
                link=link,
                about=booking,
                calendar=ics,
            )


def _update_panel(
    booking: Booking, people: Iterable[User], *, event: calendar.SessionEvent
) -> None:
    """Tell those who stay (requester and remaining panel) who now sits on the panel,
    with the updated invitation."""
    ics = calendar.request(event)
    for person in people:
        with in_language_of(person):
            notify(
                recipient=person,
                kind=NotificationKind.PANEL_CHANGE,
                message=lambda: (
                    _("The panel of your open-desk session changed: %(title)s")
                    % {"title": booking.title},
                    _(
                        "The coordinator changed the panel of the %(time)s session on %(date)s."
                        "\n\nPanel: %(panel)s\n\nThe updated calendar invitation is attached."
                    )
                    % {
                        "time": booking.slot,
                        "date": date_format(booking.day.date, "DATE_FORMAT"),
                        "panel": _panel_names(booking),
                    },
                ),
                link=reverse("opendesk:booking_detail", args=[booking.pk]),
                about=booking,
                calendar=ics,
            )


def _uninvite(booking: Booking, people: Iterable[User], *, event: calendar.SessionEvent) -> None:
    """Take `people` off the event (RFC 5546: a CANCEL naming only them)."""
    for person in people:
        with in_language_of(person):
            notify(
                recipient=person,
                kind=NotificationKind.PANEL_CHANGE,
                message=lambda: (
                    _("You are no longer on the panel: %(title)s") % {"title": booking.title},
                    _(
                        "The coordinator changed the panel of the %(time)s session on %(date)s; "
                        "you are free at that time."
                    )
                    % {"time": booking.slot, "date": booking.day.date},
                ),
                about=booking,
                calendar=calendar.uninvite(event, person),
            )


def _check_analyst(booking: Booking, analyst: User) -> None:
    profile = getattr(analyst, "analyst_profile", None)
    if profile is None:
        raise BusinessRuleError(_("%(name)s is not an analyst of the network.") % {"name": analyst})
    if not profile.has_accepted_rules:
        raise BusinessRuleError(
            _("%(name)s has not accepted the network rules and cannot sit on a panel.")
            % {"name": analyst}
        )
    if same_institution(booking.requester.institution, profile.host_facility.institution):
        raise BusinessRuleError(
            _(
                "%(name)s works at the requester's own institution (%(inst)s): choose someone else "
                "to avoid a conflict of interest."
            )
            % {"name": analyst, "inst": profile.host_facility.institution}
        )
    clash = (
        PanelMember.objects.filter(analyst=analyst, slot_id=booking.slot_id)  # type: ignore[misc]  # set_panel checked it is set
        .exclude(booking=booking)
        .select_related("booking")
        .first()
    )
    if clash:
        raise BusinessRuleError(
            _(
                "%(name)s already sits on the panel of “%(other)s” in room %(room)s at %(time)s; an "
                "analyst cannot be in two rooms at once."
            )
            % {
                "name": analyst,
                "other": clash.booking.title,
                "room": clash.booking.room,
                "time": booking.slot,
            }
        )


def _panel_status(booking: Booking) -> str:
    """Allocated once the panel is full enough; back to waiting for data when it is not."""
    size = booking.panel.count()
    if size >= PANEL_MIN and booking.status in PRE_ALLOCATION:
        return S.ALLOCATED
    if size < PANEL_MIN and booking.status == S.ALLOCATED:
        return data_status(booking, now=timezone.now())
    return booking.status


def set_panel(
    *, coordinator: User, booking: Booking, analysts: Iterable[User], expected_version: int | None
) -> Booking:
    """Replace a booking's panel. Refuses stale edits, double-booked analysts and conflicts."""
    analysts = list(dict.fromkeys(analysts))
    if len(analysts) > PANEL_MAX:
        raise BusinessRuleError(_("A panel has at most %(n)s analysts.") % {"n": PANEL_MAX})
    try:
        with transaction.atomic():
            booking = _lock(booking, expected_version)
            if booking.slot_id is None or booking.room is None:
                raise BusinessRuleError(
                    _("Place the booking in a session before choosing its panel.")
                )
            if booking.status == S.CONFIRMED and len(analysts) < PANEL_MIN:
                raise BusinessRuleError(
                    _("This session is confirmed: its panel keeps %(min)s to %(max)s analysts.")
                    % {"min": PANEL_MIN, "max": PANEL_MAX}
                )
            for analyst in analysts:
                _check_analyst(booking, analyst)
            current = {m.analyst_id: m for m in booking.panel.select_related("analyst")}
            wanted = {a.pk: a for a in analysts}
            removed = [m.analyst for pk, m in current.items() if pk not in wanted]
            added = [a for pk, a in wanted.items() if pk not in current]
            booking.panel.filter(analyst_id__in=[a.pk for a in removed]).delete()
            for analyst in added:
                score, why, why_parts = explain_member(booking, analyst)
                PanelMember.objects.create(
                    booking=booking,
                    analyst=analyst,
                    slot_id=booking.slot_id,
                    affinity=score,
                    explanation=why[:300],
                    explanation_parts=list(why_parts),
                )
            booking.panel_version += 1
            move(
                booking, _panel_status(booking), actor=coordinator, extra_fields=("panel_version",)
            )
            activity.record(
                actor=coordinator,
                verb="set panel",
                subject=booking,
                detail=", ".join(str(a) for a in analysts),
            )
            if booking.status == S.CONFIRMED and (added or removed):
                stay = [p for p in _attendees(booking) if p not in added]
                event = calendar.session_event(booking, people=_attendees(booking))
                _invite(booking, added, event=event)
                _update_panel(booking, stay, event=event)
                _uninvite(booking, removed, event=event)
    except IntegrityError:
        raise BusinessRuleError(
            _(
                "Another coordinator has just put one of these analysts on a panel at the same time; "
                "reload and try again."
            )
        ) from None
    return booking


def move_booking(
    *, coordinator: User, booking: Booking, slot: Slot, room: int, expected_version: int | None
) -> Booking:
    """Move a booking to another session or room, taking its panel along."""
    try:
        with transaction.atomic():
            booking = _lock(booking, expected_version)
            if slot.day_id != booking.day_id or not 1 <= room <= booking.day.rooms_per_slot:
                raise BusinessRuleError(_("Choose a session and room of this day."))
            Slot.objects.select_for_update().get(pk=slot.pk)
            occupant = Booking.objects.filter(slot=slot, room=room).exclude(pk=booking.pk).first()
            if occupant:
                raise BusinessRuleError(
                    _("Room %(room)s at %(time)s is taken by “%(other)s”; move that booking first.")
                    % {"room": room, "time": slot, "other": occupant.title}
                )
            moved_slot = booking.slot_id != slot.pk
            booking.slot, booking.room = slot, room
            if moved_slot:
                for member in booking.panel.select_related("analyst"):
                    _check_analyst(booking, member.analyst)
                booking.panel.update(slot=slot)
            booking.panel_version += 1
            booking.save()
            activity.record(
                actor=coordinator, verb="moved", subject=booking, detail=f"{slot} room {room}"
            )
            if booking.status == S.CONFIRMED:
                people = _attendees(booking)
                _invite(booking, people, event=calendar.session_event(booking, people=people))
    except IntegrityError:
        raise BusinessRuleError(
            _("That place or a panel member was taken at the same moment; reload and try again.")
        ) from None
    return booking


def allocation_problems(day: OpenDeskDay) -> list[str]:
    """What prevents publishing: bookings without a place or with too small a panel."""
    problems = []
    pending = (
        Booking.objects.filter(day=day, status__in=(*PRE_ALLOCATION, S.ALLOCATED))
        .annotate(size=Count("panel"))
        .filter(Q(size__lt=PANEL_MIN) | Q(room__isnull=True))
    )
    for booking in pending:
        problems.append(
            (
                _("“%(title)s” has no panel member yet; it needs %(min)s to %(max)s.")
                if not booking.size
                else ngettext(
                    "“%(title)s” has %(n)s panel member; it needs %(min)s to %(max)s.",
                    "“%(title)s” has %(n)s panel members; it needs %(min)s to %(max)s.",
                    booking.size,
                )
            )
            % {"title": booking.title, "n": booking.size, "min": PANEL_MIN, "max": PANEL_MAX}
        )
    return problems


def publication_refusals(day: OpenDeskDay) -> list[str]:
    """Why the panels of `day` cannot be published now (empty when they can): the day's
    state, a day already past, nothing to confirm, requests without a place or panel."""
    if day.status != DayStatus.ALLOCATION_PUBLISHED and (
        DayStatus.ALLOCATION_PUBLISHED not in allowed_moves(day)
    ):
        return [_("Publish the day before publishing its panels.")]
    if day.date < timezone.localdate():
        return [_("This open-desk day is over; its panels can no longer be published.")]
    problems = allocation_problems(day)
    if problems:
        return [
            _("Not published: every request needs a place and a panel first. %(list)s")
            % {"list": " ".join(problems)}
        ]
    if not Booking.objects.filter(day=day, status=S.ALLOCATED).exists():
        return [_("No booking has a panel to confirm: there is nothing to publish.")]
    return []


def publication_effects(day: OpenDeskDay) -> list[str]:
    """What publishing the panels of `day` will do, in the words of its confirmation page."""
    allocated = Booking.objects.filter(day=day, status=S.ALLOCATED)
    bookings = allocated.count()
    invitations = bookings + PanelMember.objects.filter(booking__in=allocated).count()
    effects = [
        ngettext("%(n)s booking will be confirmed.", "%(n)s bookings will be confirmed.", bookings)
        % {"n": bookings},
        ngettext(
            "%(n)s invitation will be sent (requesters and panel analysts).",
            "%(n)s invitations will be sent (requesters and panel analysts).",
            invitations,
        )
        % {"n": invitations},
    ]
    if day.status == DayStatus.PUBLISHED:
        days_left = (
            timezone.localtime(day.registration_deadline).date() - timezone.localdate()
        ).days
        if days_left > 0:
            effects.append(
                ngettext(
                    "Registration closes now, %(n)s day before its deadline.",
                    "Registration closes now, %(n)s days before its deadline.",
                    days_left,
                )
                % {"n": days_left}
            )
        else:
            effects.append(_("Registration closes now."))
    return effects


def publish_allocation(*, coordinator: User, day: OpenDeskDay) -> int:
    """Confirm every allocated booking and send the invitations; registration closes.
    Returns how many were confirmed. Refused as `publication_refusals` says."""
    with transaction.atomic():
        day = OpenDeskDay.objects.select_for_update().get(pk=day.pk)
        refusals = publication_refusals(day)
        if refusals:
            raise BusinessRuleError(refusals)
        to_confirm = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(day=day, status=S.ALLOCATED)
            .select_related("day", "slot", "requester")
        )
        for booking in to_confirm:
            move(booking, S.CONFIRMED, actor=coordinator)
            people = _attendees(booking)
            _invite(booking, people, event=calendar.session_event(booking, people=people))
        move(day, DayStatus.ALLOCATION_PUBLISHED, actor=coordinator)
        activity.record(
            actor=coordinator,
            verb="published allocation",
            subject=day,
            detail=f"{len(to_confirm)} bookings confirmed",
        )
    return len(to_confirm)
