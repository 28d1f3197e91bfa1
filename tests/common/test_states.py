"""The state-machine helper: one table of allowed moves per status field, and `move`."""

from datetime import datetime

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import translation

from biafed.billing.models import Invoice
from biafed.common.activity import history_of
from biafed.common.errors import BusinessRuleError
from biafed.common.models import ActivityEntry
from biafed.common.states import Transitions, allowed_moves, move, move_rows, transitions_of
from biafed.intake.models import DataFile
from biafed.opendesk.models import Booking, BookingStatus, DayStatus, OpenDeskDay
from biafed.projects.models import (
    InvitationStatus,
    Phase,
    PhaseStatus,
    Project,
    ProjectStatus,
    TeamInvitation,
    TeamRole,
)
from tests.billing.factories import PhaseFactory
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    confirmed_booking,
)
from tests.projects.factories import ProjectFactory

TABLES = {
    model: model.transitions
    for model in apps.get_models()
    if isinstance(getattr(model, "transitions", None), Transitions)
}


def test_every_status_field_has_a_table():
    with_status = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("biafed.")
        and any(f.name == "status" and f.choices for f in model._meta.concrete_fields)
    }
    assert with_status <= set(TABLES)
    assert {Booking, Project, OpenDeskDay, Phase, TeamInvitation, Invoice, DataFile} <= set(TABLES)


@pytest.mark.parametrize("table", TABLES.values(), ids=repr)
def test_every_status_is_declared_as_a_source_or_terminal(table):
    assert set(table.moves) == set(table.choices)


@pytest.mark.parametrize("table", TABLES.values(), ids=repr)
def test_every_target_is_a_status_of_the_field(table):
    targets = set().union(*table.moves.values())
    assert targets - set(table.choices) == set()


@pytest.mark.parametrize("table", TABLES.values(), ids=repr)
def test_no_status_moves_to_itself(table):
    """Moving to the status an object has is no move (nothing is recorded)."""
    assert [s for s, targets in table.moves.items() if s in targets] == []


@pytest.mark.parametrize("table", TABLES.values(), ids=repr)
def test_stamps_name_statuses_and_date_time_fields(table):
    for status, names in table.stamps.items():
        assert status in table.choices
        for name in names:
            assert isinstance(table.model._meta.get_field(name), models.DateTimeField)


@pytest.mark.parametrize("table", TABLES.values(), ids=repr)
def test_moves_are_logged_on_the_object_or_a_related_one(table):
    if table.history_on is not None:
        assert table.model._meta.get_field(table.history_on).is_relation


# --- move ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_allowed_move_saves_the_status_and_logs_who_moved_it():
    coordinator = CoordinatorFactory()
    day = OpenDeskDayFactory(status=DayStatus.DRAFT)

    move(day, DayStatus.PUBLISHED, actor=coordinator, detail="spring day")

    day.refresh_from_db()
    assert day.status == DayStatus.PUBLISHED
    entry = history_of(day).get()
    assert (entry.actor, entry.verb, entry.detail) == (
        coordinator,
        "draft->published",
        "spring day",
    )


@pytest.mark.django_db
def test_illegal_move_is_refused_with_a_clear_message_and_nothing_is_saved():
    day = OpenDeskDayFactory(status=DayStatus.DRAFT)

    with pytest.raises(BusinessRuleError) as refused:
        move(day, DayStatus.ALLOCATION_PUBLISHED, actor=CoordinatorFactory())

    assert refused.value.messages == ["A day that is “Draft” cannot become “Panels published”."]
    assert day.status == DayStatus.DRAFT
    day.refresh_from_db()
    assert day.status == DayStatus.DRAFT
    assert not history_of(day).exists()


@pytest.mark.django_db
def test_refusal_is_in_the_language_of_the_person():
    project = ProjectFactory(status=ProjectStatus.DRAFT)

    with translation.override("fr"), pytest.raises(BusinessRuleError) as refused:
        move(project, ProjectStatus.ACTIVE, actor=None)

    assert refused.value.messages == [
        "Un projet «\u00a0Brouillon\u00a0» ne peut pas devenir «\u00a0En cours\u00a0»."
    ]


@pytest.mark.django_db
def test_move_saves_only_the_status_and_the_fields_it_is_told():
    day = OpenDeskDayFactory(status=DayStatus.DRAFT, title="Spring day")
    before = OpenDeskDay.objects.get(pk=day.pk).updated_at
    day.title = "Renamed in memory only"

    move(day, DayStatus.PUBLISHED, actor=None)

    saved = OpenDeskDay.objects.get(pk=day.pk)
    assert (saved.status, saved.title) == (DayStatus.PUBLISHED, "Spring day")
    assert saved.updated_at > before  # auto_now fields are saved with the move


@pytest.mark.django_db
def test_move_saves_the_extra_fields_with_the_status():
    booking = confirmed_booking()
    booking.panel_version = 7

    move(booking, BookingStatus.CANCELLED, actor=None, extra_fields=("panel_version",))

    booking.refresh_from_db()
    assert (booking.status, booking.panel_version) == (BookingStatus.CANCELLED, 7)


@pytest.mark.django_db
def test_moving_to_the_current_status_records_nothing():
    day = OpenDeskDayFactory(status=DayStatus.PUBLISHED)

    move(day, DayStatus.PUBLISHED, actor=CoordinatorFactory())

    assert not history_of(day).exists()


@pytest.mark.django_db
def test_a_failing_caller_transaction_undoes_the_move_and_its_log_line():
    day = OpenDeskDayFactory(status=DayStatus.DRAFT)

    with pytest.raises(RuntimeError), transaction.atomic():
        move(day, DayStatus.PUBLISHED, actor=None)
        raise RuntimeError("the mail server is down")

    assert OpenDeskDay.objects.get(pk=day.pk).status == DayStatus.DRAFT
    assert not history_of(day).exists()


@pytest.mark.django_db
def test_entering_a_status_stamps_its_time_and_logs_on_the_related_object():
    project = ProjectFactory(status=ProjectStatus.ASSIGNING)
    analyst = AnalystFactory()
    invitation = TeamInvitation.objects.create(
        project=project, analyst=analyst, role=TeamRole.LEAD, invited_by=CoordinatorFactory()
    )

    move(invitation, InvitationStatus.ACCEPTED, actor=analyst)

    invitation.refresh_from_db()
    assert isinstance(invitation.answered_at, datetime)
    assert history_of(project).get().verb == "pending->accepted"
    assert not history_of(invitation).exists()


@pytest.mark.django_db
def test_allowed_moves_lists_what_can_be_offered():
    booking = confirmed_booking()
    phase = PhaseFactory(status=PhaseStatus.GO)

    assert allowed_moves(booking) == {
        BookingStatus.HELD,
        BookingStatus.NO_SHOW,
        BookingStatus.CANCELLED,
        BookingStatus.SUBMITTED,
        BookingStatus.DATA_MISSING,
        BookingStatus.READY,
    }
    assert allowed_moves(phase) == set()


def test_a_model_without_a_table_cannot_be_moved():
    with pytest.raises(TypeError):
        transitions_of(ActivityEntry)


# --- move_rows --------------------------------------------------------------------------


@pytest.mark.django_db
def test_move_rows_moves_only_the_rows_in_the_source_status():
    planned = PhaseFactory(status=PhaseStatus.PLANNED)
    active = PhaseFactory(status=PhaseStatus.ACTIVE)

    moved = move_rows(
        Phase.objects.filter(pk__in=[planned.pk, active.pk]),
        PhaseStatus.GO,
        source=PhaseStatus.ACTIVE,
        decision_reason="Delivered.",
    )

    assert moved == 1
    assert list(Phase.objects.order_by("pk").values_list("status", "decision_reason")) == [
        (PhaseStatus.PLANNED, ""),
        (PhaseStatus.GO, "Delivered."),
    ]


@pytest.mark.django_db
def test_move_rows_refuses_a_move_the_table_does_not_declare():
    PhaseFactory(status=PhaseStatus.PLANNED)

    with pytest.raises(BusinessRuleError):
        move_rows(Phase.objects.all(), PhaseStatus.GO, source=PhaseStatus.PLANNED)

    assert Phase.objects.get().status == PhaseStatus.PLANNED
