"""The allocation service on a real database: instances, runs, pins, applying proposals."""

import time
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.matching.engine import Analyst, Request
from biafed.matching.models import AllocationPin, AllocationRun, DeclaredConflict, RunStatus
from biafed.matching.services import affinity_for, build_day, propose_allocation
from biafed.matching.services import pins as pin_services
from biafed.matching.services import runs as run_services
from biafed.matching.services.building import request_needs
from biafed.opendesk.models import Booking, BookingStatus, PanelMember
from biafed.opendesk.services.panels import set_panel
from biafed.people.models import AnalystProfile, ExpertiseFamily, Language
from tests.factories import (
    AnalystFactory,
    ExpertiseTermFactory,
    HostFacilityFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    confirmed_booking,
    declare_available,
    held_booking,
    submitted_booking,
)
from tests.matching.day_setup import analysts_available, booking_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def cellpose():
    return ExpertiseTermFactory(family=ExpertiseFamily.TOOL, name="cellpose")


def panel_of(booking) -> set[int]:
    return set(PanelMember.objects.filter(booking=booking).values_list("analyst_id", flat=True))


def place_of(booking):
    booking.refresh_from_db()
    return (booking.status, booking.slot_id, booking.room, booking.panel_version)


def computed(coordinator, day, capture) -> AllocationRun:
    """Start a run; the task runs at commit (TASK_QUEUE=immediate in tests)."""
    with capture(execute=True):
        run = run_services.start_run(coordinator=coordinator, day=day)
    run.refresh_from_db()
    return run


# --- The instance -------------------------------------------------------------------------


def test_build_day_describes_requests_with_slots_terms_language_and_pins(
    coordinator, day, segmentation, cellpose
):
    first, second, third = day.slots.all()
    french = Language.objects.get_or_create(code="fr", defaults={"name": "French"})[0]
    requester = RequesterFactory(institution="Institut Curie")
    booking = submitted_booking(day=day, requester=requester, title="Nuclei in 3D")
    booking.topics.set([segmentation])
    booking.tools_tried.set([cellpose])
    booking.preferred_slots.add(third)
    Booking.objects.filter(pk=booking.pk).update(preferred_language=french)
    pinned, conflicted = analysts_available(day, 2)
    DeclaredConflict.objects.create(analyst=conflicted, requester=requester)
    pin_services.pin_member(coordinator=coordinator, booking=booking, analyst=pinned)
    pin_services.pin_slot(coordinator=coordinator, booking=booking, slot=third)

    request = build_day(day).instance.requests[0]
    needs, main_need, need_words = request_needs(booking)

    assert request == Request(
        id=booking.pk,
        label="Nuclei in 3D",
        allowed_slots=frozenset({first.pk, third.pk}),
        preferred_slots={first.pk: 1.0},
        primary_tool=None,  # a tool tried is a wish, never a hard constraint
        terms=frozenset({segmentation.pk, cellpose.pk}),
        institution="Institut Curie",
        conflicts=frozenset({conflicted.pk}),
        pinned_slot=third.pk,
        pinned_analysts=frozenset({pinned.pk}),
        language="fr",
        text="Nuclei in 3D\n"
        + "\n".join(
            getattr(booking, f)
            for f in ("biological_question", "objects_of_interest", "measurements")
        ),
        needs=needs,
        main_need=main_need,
        need_words=need_words,
    )


def test_only_an_explicit_choice_makes_a_primary_tool(day, cellpose):
    booking = submitted_booking(day=day, title="Nuclei")
    booking.tools_tried.set([cellpose])  # one tool tried: not a constraint
    booking.topics.set([cellpose])  # one suggestion accepted: not a constraint either
    analysts_available(day, 2)
    assert build_day(day).instance.requests[0].primary_tool is None
    Booking.objects.filter(pk=booking.pk).update(primary_tool=cellpose)
    assert build_day(day).instance.requests[0].primary_tool == cellpose.pk


def test_build_day_gives_analysts_their_free_slots_held_sessions_and_past_load(day, segmentation):
    first, second, third = day.slots.all()
    french = Language.objects.get_or_create(code="fr", defaults={"name": "French"})[0]
    facility = HostFacilityFactory(institution="EMBL")
    ada = AnalystFactory(
        full_name="Ada", profile__facility=facility, expertise={segmentation: "expert"}
    )
    AnalystProfile.objects.filter(user=ada).update(daily_session_cap=2)
    AnalystProfile.objects.filter(user=ada).update(bio="  Segmentation of organoids. ")
    ada.analyst_profile.languages.add(french)
    declare_available(ada, first, second, third)
    confirmed_booking(day=day, slot_index=1, panel=[ada, AnalystFactory()])
    earlier = OpenDeskDayFactory(date=day.date - timedelta(days=30))
    held_booking(day=earlier, panel=[ada, AnalystFactory()])
    submitted_booking(day=day, slot_index=0)

    analyst = next(a for a in build_day(day).instance.analysts if a.id == ada.pk)

    assert analyst == Analyst(
        id=ada.pk,
        name="Ada",
        site=facility.pk,
        institution="EMBL",
        available_slots=frozenset({first.pk, third.pk}),
        daily_cap=2,
        accepted_rules=True,
        expertise={segmentation.pk: "expert"},
        past_load=1,
        held_sessions={day.date.isoformat(): 1},
        languages=frozenset({"fr"}),
        text="Segmentation of organoids.",
    )


def test_build_day_takes_the_rooms_of_confirmed_bookings_out_of_the_slots(day):
    confirmed_booking(day=day, slot_index=0)
    confirmed_booking(day=day, slot_index=0)
    submitted_booking(day=day, slot_index=1)

    instance = build_day(day).instance

    assert [s.rooms for s in instance.slots] == [1, 3, 3]
    assert len(instance.requests) == 1


# --- Runs ---------------------------------------------------------------------------------


def test_run_computes_a_proposal_without_touching_the_bookings(
    coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    experts = analysts_available(day, 3, expertise={segmentation: "expert"})
    booking = booking_about(day, segmentation)
    before = place_of(booking)

    run = computed(coordinator, day, django_capture_on_commit_callbacks)

    assert (run.status, run.solver_status, run.gap_pct) == (RunStatus.DONE, "optimal", 0.0)
    assert run.solutions_found >= 1
    assert run.best_objective == run.proposal["objective"]
    assert run.finished_at is not None
    [proposed] = run.proposal["requests"]
    assert proposed["served"] is True
    assert {s["analyst"] for s in proposed["panel"]} == {a.pk for a in experts}
    assert all(s["why"].startswith("knows segmentation (expert)") for s in proposed["panel"])
    assert place_of(booking) == before
    assert panel_of(booking) == set()


def test_apply_run_writes_rooms_panels_statuses_and_versions(
    coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    experts = analysts_available(day, 3, expertise={segmentation: "expert"})
    booking = booking_about(day, segmentation, slot_index=1)
    _status, slot_id, room, version = place_of(booking)
    run = computed(coordinator, day, django_capture_on_commit_callbacks)

    result = run_services.apply_run(coordinator=coordinator, run=run)

    assert result == {"placed": 1, "unplaced": 0}
    assert place_of(booking) == (BookingStatus.ALLOCATED, slot_id, room, version + 1)
    members = PanelMember.objects.filter(booking=booking)
    [proposed] = run.proposal["requests"]
    assert {(m.analyst_id, m.slot_id, m.affinity, m.explanation) for m in members} == {
        (s["analyst"], slot_id, s["score"], s["why"][:300]) for s in proposed["panel"]
    }
    assert {m.analyst_id for m in members} == {a.pk for a in experts}
    assert all(m.explanation.startswith("knows segmentation (expert)") for m in members)
    run.refresh_from_db()
    assert run.applied_by == coordinator and run.applied_at is not None
    with pytest.raises(BusinessRuleError):
        run_services.apply_run(coordinator=coordinator, run=run)


def test_apply_run_keeps_confirmed_bookings_and_their_panels(
    coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    kept = analysts_available(day, 2, expertise={segmentation: "expert"})
    confirmed = confirmed_booking(day=day, slot_index=0, panel=kept)
    before = place_of(confirmed)
    newcomers = analysts_available(day, 3)
    waiting = booking_about(day, segmentation, slot_index=0)
    run = computed(coordinator, day, django_capture_on_commit_callbacks)

    run_services.apply_run(coordinator=coordinator, run=run)

    assert place_of(confirmed) == before
    assert panel_of(confirmed) == {a.pk for a in kept}
    assert panel_of(waiting) <= {a.pk for a in newcomers}
    waiting.refresh_from_db()
    assert waiting.room not in (None, confirmed.room)


def test_requests_left_out_keep_their_room_when_another_moves_into_their_slot(
    coordinator, django_capture_on_commit_callbacks
):
    day = OpenDeskDayFactory(rooms_per_slot=2, slot_count=2)
    first_hour, second_hour = day.slots.all()
    for _ in range(2):
        declare_available(
            AnalystFactory(profile__facility=HostFacilityFactory(institution="Inserm")), second_hour
        )
    flexible = submitted_booking(day=day, slot_index=0, title="Flexible")
    flexible.preferred_slots.add(second_hour)
    staying = [
        submitted_booking(day=day, slot_index=1, requester=RequesterFactory(institution="Inserm"))
        for _ in range(2)
    ]
    places = {b.pk: place_of(b)[1:3] for b in (flexible, *staying)}
    run = computed(coordinator, day, django_capture_on_commit_callbacks)

    run_services.apply_run(coordinator=coordinator, run=run)

    assert {b.pk: place_of(b)[1:3] for b in (flexible, *staying)} == places
    reasons = {r["booking"]: r["reason"] for r in run.proposal["requests"]}
    assert reasons[staying[0].pk] == (
        "no eligible analyst (same institution, declared conflicts or rules not accepted)"
    )
    assert reasons[flexible.pk] != ""


def test_resolving_keeps_the_pinned_member_and_the_pinned_slot(
    coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    first, second, third = day.slots.all()
    experts = analysts_available(day, 3, expertise={segmentation: "expert"})
    novice = analysts_available(day, 1)[0]
    booking = booking_about(day, segmentation, slot_index=0)
    booking.preferred_slots.add(third)
    run = computed(coordinator, day, django_capture_on_commit_callbacks)
    assert novice.pk not in {s["analyst"] for s in run.proposal["requests"][0]["panel"]}

    pin_services.pin_member(coordinator=coordinator, booking=booking, analyst=novice)
    pin_services.pin_slot(coordinator=coordinator, booking=booking, slot=third)
    again = computed(coordinator, day, django_capture_on_commit_callbacks)
    run_services.apply_run(coordinator=coordinator, run=again)

    [proposed] = again.proposal["requests"]
    assert proposed["slot"] == third.pk
    assert novice.pk in {s["analyst"] for s in proposed["panel"]}
    assert len(proposed["panel"]) == 3
    booking.refresh_from_db()
    assert booking.slot_id == third.pk
    assert novice.pk in panel_of(booking)
    assert panel_of(booking) <= {novice.pk, *(a.pk for a in experts)}


def test_apply_refuses_a_proposal_for_a_booking_edited_since(
    coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    analysts_available(day, 3, expertise={segmentation: "expert"})
    chosen = analysts_available(day, 2)
    booking = booking_about(day, segmentation, title="Edited meanwhile")
    run = computed(coordinator, day, django_capture_on_commit_callbacks)
    set_panel(
        coordinator=coordinator,
        booking=booking,
        analysts=chosen,
        expected_version=booking.panel_version,
    )
    before = place_of(booking)

    with pytest.raises(BusinessRuleError) as excinfo:
        run_services.apply_run(coordinator=coordinator, run=run)

    assert excinfo.value.messages == [
        "Not applied: “Edited meanwhile” was changed or booked since the proposal was "
        "computed. Compute the proposal again."
    ]
    assert place_of(booking) == before
    assert panel_of(booking) == {a.pk for a in chosen}


def test_apply_refuses_when_an_analyst_withdrew_since(
    coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    experts = analysts_available(day, 2, expertise={segmentation: "expert"})
    booking = booking_about(day, segmentation)
    run = computed(coordinator, day, django_capture_on_commit_callbacks)
    experts[0].open_desk_availability.all().delete()

    with pytest.raises(BusinessRuleError) as excinfo:
        run_services.apply_run(coordinator=coordinator, run=run)

    assert "no longer fits the day" in excinfo.value.messages[0]
    assert panel_of(booking) == set()


def test_a_crash_while_solving_leaves_the_run_failed_and_the_day_unchanged(
    coordinator, day, segmentation, monkeypatch, django_capture_on_commit_callbacks
):
    analysts_available(day, 3, expertise={segmentation: "expert"})
    booking = booking_about(day, segmentation)
    before = place_of(booking)

    def crash(*args, **kwargs):
        raise MemoryError("solver out of memory")

    monkeypatch.setattr("biafed.matching.services.planning.solve", crash)
    run = computed(coordinator, day, django_capture_on_commit_callbacks)

    assert (run.status, run.message) == (RunStatus.FAILED, "MemoryError: solver out of memory")
    assert place_of(booking) == before
    with pytest.raises(BusinessRuleError):
        run_services.apply_run(coordinator=coordinator, run=run)


def test_a_crash_while_applying_leaves_every_booking_as_it_was(
    coordinator, day, segmentation, monkeypatch, django_capture_on_commit_callbacks
):
    analysts_available(day, 6, expertise={segmentation: "expert"})
    bookings = [booking_about(day, segmentation, slot_index=i) for i in range(3)]
    before = [place_of(b) for b in bookings]
    run = computed(coordinator, day, django_capture_on_commit_callbacks)
    from biafed.matching.services import applying

    calls = []

    def fail_on_third(booking, status, **kwargs):
        calls.append(booking.pk)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return booking

    monkeypatch.setattr(applying, "move", fail_on_third)

    with pytest.raises(RuntimeError):
        run_services.apply_run(coordinator=coordinator, run=run)

    assert [place_of(b) for b in bookings] == before
    assert not PanelMember.objects.filter(booking__in=bookings).exists()
    run.refresh_from_db()
    assert run.applied_at is None


def test_progress_is_written_while_the_solver_runs(coordinator, day, monkeypatch):
    analysts_available(day, 2)
    submitted_booking(day=day)
    from biafed.matching.services import planning

    real_solve = planning.solve

    def slow_solve(instance, *, progress, **kwargs):
        progress({"objective": 10, "bound": 20, "wall_s": 0.1})
        time.sleep(0.8)
        return real_solve(instance, progress=progress, **kwargs)

    monkeypatch.setattr(planning, "solve", slow_solve)
    monkeypatch.setattr(run_services, "PROGRESS_EVERY_S", 0.1)
    run = run_services.start_run(coordinator=coordinator, day=day)

    with CaptureQueriesContext(connection) as queries:
        run_services.execute_run(run_id=run.pk)

    progress = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('UPDATE "matching_allocationrun"')
        and '"solutions_found" = 1' in q["sql"]
        and 'SET "status"' not in q["sql"]
    ]
    assert len(progress) == 1
    assert '"gap_pct" = 100.0' in progress[0]
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.solutions_found >= 2  # the one reported above, then the solver's own


def test_only_one_run_per_day_at_a_time(coordinator, day):
    submitted_booking(day=day)
    first = run_services.start_run(coordinator=coordinator, day=day)  # never executed

    with pytest.raises(BusinessRuleError) as excinfo:
        run_services.start_run(coordinator=coordinator, day=day)

    assert excinfo.value.messages == [
        "A proposal is already being computed for this day; wait for it or stop it."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationRun.objects.create(day=day, status=RunStatus.RUNNING, time_limit_s=1)
    run_services.stop_run(coordinator=coordinator, run=first)
    assert run_services.start_run(coordinator=coordinator, day=day).status == RunStatus.QUEUED


def test_a_run_whose_worker_died_stops_blocking_the_day(coordinator, day):
    submitted_booking(day=day)
    dead = run_services.start_run(coordinator=coordinator, day=day)
    AllocationRun.objects.filter(pk=dead.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )

    run_services.start_run(coordinator=coordinator, day=day)

    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED
    assert dead.message == "The background worker did not finish this run in time."


def test_a_stopped_run_is_not_computed(coordinator, day):
    submitted_booking(day=day)
    run = run_services.start_run(coordinator=coordinator, day=day)
    run_services.stop_run(coordinator=coordinator, run=run)

    run_services.execute_run(run_id=run.pk)

    run.refresh_from_db()
    assert (run.status, run.proposal) == (RunStatus.FAILED, {})


def test_an_older_proposal_cannot_be_applied(
    coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    analysts_available(day, 2)
    booking_about(day, segmentation)
    old = computed(coordinator, day, django_capture_on_commit_callbacks)
    computed(coordinator, day, django_capture_on_commit_callbacks)

    with pytest.raises(BusinessRuleError) as excinfo:
        run_services.apply_run(coordinator=coordinator, run=old)

    assert excinfo.value.messages == ["A newer proposal exists for this day; apply that one."]


# --- Pins, conflicts, fairness --------------------------------------------------------------


def test_pins_are_refused_on_confirmed_bookings_and_beyond_the_panel_size(coordinator, day):
    confirmed = confirmed_booking(day=day)
    waiting = submitted_booking(day=day, slot_index=1)
    analysts = analysts_available(day, 4)

    with pytest.raises(BusinessRuleError):
        pin_services.pin_member(coordinator=coordinator, booking=confirmed, analyst=analysts[0])
    for analyst in analysts[:3]:
        pin_services.pin_member(coordinator=coordinator, booking=waiting, analyst=analyst)
    with pytest.raises(BusinessRuleError) as excinfo:
        pin_services.pin_member(coordinator=coordinator, booking=waiting, analyst=analysts[3])

    assert excinfo.value.messages == ["A panel has at most 3 analysts; unpin one first."]
    assert AllocationPin.objects.filter(booking=waiting).count() == 3


def test_a_slot_pin_replaces_the_previous_one_and_must_be_on_the_same_day(coordinator, day):
    booking = submitted_booking(day=day)
    first, second, _third = day.slots.all()
    pin_services.pin_slot(coordinator=coordinator, booking=booking, slot=first)
    pin_services.pin_slot(coordinator=coordinator, booking=booking, slot=second)
    other_day = OpenDeskDayFactory()

    with pytest.raises(BusinessRuleError):
        pin_services.pin_slot(
            coordinator=coordinator, booking=booking, slot=other_day.slots.first()
        )

    assert list(AllocationPin.objects.values_list("slot_id", flat=True)) == [second.pk]


def test_declared_conflicts_keep_the_analyst_off_the_panel(coordinator, day, segmentation):
    conflicted, *others = analysts_available(day, 4, expertise={segmentation: "expert"})
    requester = RequesterFactory()
    DeclaredConflict.objects.create(analyst=conflicted, requester=requester, reason="co-author")
    booking = booking_about(day, segmentation, requester=requester)

    propose_allocation(coordinator=coordinator, day=day)

    assert panel_of(booking) == {a.pk for a in others}


def test_equally_good_analysts_with_a_heavy_past_load_are_spared(coordinator, day, segmentation):
    *fresh, busy = analysts_available(day, 4, expertise={segmentation: "expert"})
    earlier = OpenDeskDayFactory(date=day.date - timedelta(days=14))
    for slot_index in range(3):
        held_booking(day=earlier, slot_index=slot_index, panel=[busy, AnalystFactory()])
    booking = booking_about(day, segmentation)

    propose_allocation(coordinator=coordinator, day=day)

    assert panel_of(booking) == {a.pk for a in fresh}


def test_affinity_for_a_panel_chosen_by_hand_is_the_engines(day, segmentation, cellpose):
    expert = AnalystFactory(expertise={segmentation: "expert", cellpose: "expert"})
    booking = booking_about(day, segmentation)
    booking.tools_tried.set([cellpose])
    Booking.objects.filter(pk=booking.pk).update(primary_tool=cellpose)  # chosen explicitly
    booking.refresh_from_db()

    novice = AnalystFactory()

    score, why = affinity_for(booking, expert)

    assert 0.5 < score <= 1
    assert affinity_for(booking, novice)[0] < score
    assert why.startswith("knows cellpose (expert, primary tool)")


def test_build_day_passes_the_text_scorer_setting_to_the_engine(day, settings):
    submitted_booking(day=day, slot_index=0)
    settings.AFFINITY_TEXT_SCORER = "embedding"

    assert build_day(day).instance.parameters.text_scorer == "embedding"
