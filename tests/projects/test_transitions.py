"""The project state machine: allowed moves, refusals, and what a move records."""

import pytest

from biafed.common.activity import history_of
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move
from biafed.projects.models import FINAL_STATUSES, Project, ProjectStatus
from tests.factories import CoordinatorFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ALLOWED = Project.transitions.moves


def test_every_status_has_its_transitions_declared():
    assert set(ALLOWED) == set(ProjectStatus.values)


def test_final_statuses_lead_nowhere():
    assert all(ALLOWED[s] == set() for s in FINAL_STATUSES)


def test_allowed_move_is_logged_with_actor():
    coordinator = CoordinatorFactory()
    project = ProjectFactory()
    move(project, ProjectStatus.SUBMITTED, actor=coordinator)
    entry = history_of(project).first()
    assert (entry.actor, entry.verb) == (coordinator, "draft->submitted")


def test_entering_a_final_status_stamps_closed_at():
    project = ProjectFactory()
    move(project, ProjectStatus.WITHDRAWN, actor=None)
    assert project.closed_at is not None


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ProjectStatus.DRAFT, ProjectStatus.ACTIVE),
        (ProjectStatus.SUBMITTED, ProjectStatus.ACCEPTED),
        (ProjectStatus.ACTIVE, ProjectStatus.WITHDRAWN),
        (ProjectStatus.COMPLETED, ProjectStatus.ACTIVE),
        (ProjectStatus.DECLINED, ProjectStatus.SUBMITTED),
    ],
)
def test_forbidden_moves_are_refused(start, target):
    project = ProjectFactory(status=start)
    with pytest.raises(BusinessRuleError):
        move(project, target, actor=None)
    assert project.status == start
