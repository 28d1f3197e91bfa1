"""The proposed schedule of a day as a grid slot × room: read-only, a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from biafed.matching.models import AllocationPin, AllocationRun, RunStatus
from biafed.matching.services.building import PENDING
from biafed.opendesk.models import Booking, BookingStatus, OpenDeskDay, PanelMember
from biafed.people.models import User


@dataclass
class Seat:
    analyst: User
    score: float
    why: str
    pin: AllocationPin | None = None
    why_parts: list = field(default_factory=list)  # `why` as pieces: the `explained` filter


@dataclass
class Cell:
    booking: Booking
    kind: str  # "proposed" (held with a panel), "kept" (not held, keeps its room), "fixed"
    panel: list[Seat] = field(default_factory=list)
    slot_pin: AllocationPin | None = None
    reason: str = ""
    reason_parts: list = field(default_factory=list)  # `reason` as pieces (`explained`)

    @property
    def editable(self) -> bool:
        """Pins apply to requests still waiting for a confirmed panel."""
        return self.kind != "fixed" and self.booking.status in PENDING


@dataclass
class Board:
    rows: list[dict]
    rooms: list[int]
    unserved: list[Cell]
    pins: list[AllocationPin]
    stale: list[Booking]  # requests changed since the proposal was computed
    served: int = 0
    requests: int = 0


def _bookings(day: OpenDeskDay) -> dict[int, Booking]:
    return {
        b.pk: b
        for b in Booking.objects.filter(day=day)
        .exclude(status__in=(BookingStatus.DRAFT, BookingStatus.CANCELLED))
        .select_related("requester")
        .prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("analyst")))
    }


def board(day: OpenDeskDay, run: AllocationRun | None) -> Board | None:
    """The grid of `run`'s proposal, with the bookings that stay; None without a proposal."""
    if run is None or run.status != RunStatus.DONE:
        return None
    plan = run.proposal
    slots = list(day.slots.all())
    bookings = _bookings(day)
    pins = list(
        AllocationPin.objects.filter(booking__day=day, booking__status__in=PENDING)
        .select_related("analyst", "slot__day", "booking")
        .order_by("booking_id", "id")
    )
    member_pins = {(p.booking_id, p.analyst_id): p for p in pins if p.analyst_id}
    slot_pins = {p.booking_id: p for p in pins if p.slot_id}
    people = User.objects.in_bulk(
        {seat["analyst"] for r in plan["requests"] for seat in r["panel"]}
    )

    cells: dict[tuple[int, int], Cell] = {}
    unserved: list[Cell] = []
    in_plan = set()
    served = 0
    for r in plan["requests"]:
        booking = bookings.get(r["booking"])
        if booking is None:
            continue
        in_plan.add(booking.pk)
        cell = Cell(
            booking=booking,
            kind="proposed" if r["served"] else "kept",
            panel=[
                Seat(
                    people[s["analyst"]],
                    s["score"],
                    s["why"],
                    member_pins.get((booking.pk, s["analyst"])),
                    s.get("why_parts", []),
                )
                for s in r["panel"]
                if s["analyst"] in people
            ],
            slot_pin=slot_pins.get(booking.pk),
            reason=r["reason"],
            reason_parts=r.get("reason_parts", []),
        )
        if r["served"]:
            served += 1
        else:
            unserved.append(cell)
        if r["slot"] is not None and r["room"] is not None:
            cells[r["slot"], r["room"]] = cell
    for booking in bookings.values():
        if booking.pk in in_plan or booking.room is None or booking.status in PENDING:
            continue
        cells[booking.slot_id, booking.room] = Cell(  # type: ignore[index]  # a room has a slot
            booking=booking,
            kind="fixed",
            panel=[
                Seat(m.analyst, m.affinity, m.explanation, why_parts=m.explanation_parts)
                for m in booking.panel.all()
            ],
        )

    versions = {int(k): v for k, v in run.versions.items()}
    stale = [
        b
        for b in bookings.values()
        if run.applied_at is None and b.status in PENDING and versions.get(b.pk) != b.panel_version
    ]
    rooms = list(range(1, day.rooms_per_slot + 1))
    rows = [
        {"slot": s, "cells": [(room, cells.get((s.pk, room))) for room in rooms]} for s in slots
    ]
    return Board(
        rows=rows,
        rooms=rooms,
        unserved=unserved,
        pins=pins,
        stale=sorted(stale, key=lambda b: b.pk),
        served=served,
        requests=len(plan["requests"]),
    )
