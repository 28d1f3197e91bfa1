"""The demo network has projects in every state, including the five of Table 1."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from biafed.projects import demo
from biafed.projects.models import Project, ProjectStatus, TeamInvitation
from biafed.reporting.selectors import table1
from tests.reporting.table1_seed import TABLE1

pytestmark = pytest.mark.django_db


def test_demo_projects_cover_every_state_and_table1():
    call_command("load_demo", stdout=StringIO())
    assert set(Project.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    rows = {row.title: row for row in table1()}
    for title, notes, effort, consultation in TABLE1:
        assert (rows[title].notes, rows[title].effort_h, rows[title].consultation_h) == (
            notes,
            Decimal(effort),
            Decimal(consultation),
        )
    cilia = Project.objects.get(title=TABLE1[2][0])
    assert cilia.status == ProjectStatus.CLOSED_NO_GO
    assert TeamInvitation.objects.filter(
        analyst__email="analyst@example.org", status="pending"
    ).exists()
    assert Project.objects.filter(possible_duplicate_of=cilia).exists()
    before = Project.objects.count()
    assert demo.load(stored_files=[]) == ""
    assert Project.objects.count() == before
