"""Table 1 regenerated from the data: in the site, as CSV, and by `manage.py table1 --csv`."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from biafed.projects import selectors
from biafed.projects.models import EffortActivity, EffortEntry, Project, ProjectStatus
from biafed.reporting.selectors import TABLE1_COLUMNS, table1, table1_csv
from tests.factories import AnalystFactory, CoordinatorFactory, RequesterFactory, held_booking
from tests.reporting.table1_seed import TABLE1

pytestmark = pytest.mark.django_db

# Effort split over several entries and activities, as analysts log it.
SPLIT = (
    (EffortActivity.DEVELOPMENT, 0.6),
    (EffortActivity.MEETING, 0.2),
    (EffortActivity.REPORT, 0.2),
)


@pytest.fixture
def table1_projects():
    """The five Table 1 projects, their effort and consultation entries."""
    analyst = AnalystFactory()
    start = timezone.now() - timedelta(days=400)
    projects = []
    for n, (title, notes, effort, consultation) in enumerate(TABLE1):
        status = ProjectStatus.CLOSED_NO_GO if "infeasible" in notes else ProjectStatus.COMPLETED
        project = Project.objects.create(
            title=title,
            notes=notes,
            requester=RequesterFactory(),
            status=status,
            lead=analyst,
            started_at=start + timedelta(days=30 * n),
        )
        day = (start + timedelta(days=30 * n)).date()
        logged = Decimal(0)
        for index, (activity, share) in enumerate(SPLIT):
            hours = (
                Decimal(effort) - logged
                if index == len(SPLIT) - 1
                else (Decimal(effort) * Decimal(str(share))).quantize(Decimal("0.25"))
            )
            logged += hours
            EffortEntry.objects.create(
                project=project, analyst=analyst, date=day, hours=hours, activity=activity
            )
        EffortEntry.objects.create(
            project=project,
            analyst=analyst,
            date=day,
            hours=Decimal(consultation),
            activity=EffortActivity.CONSULTATION,
        )
        projects.append(project)
    # Not in Table 1: a request still under review, with nothing logged.
    Project.objects.create(title="Pending", requester=RequesterFactory(), status="under_review")
    return projects


def _expected_csv_rows():
    return [[title, notes, str(effort), str(cons)] for title, notes, effort, cons in TABLE1]


def test_table1_is_regenerated_from_the_data(table1_projects):
    rows = table1()
    assert [(r.title, r.notes, r.effort_h, r.consultation_h) for r in rows] == [
        (title, notes, Decimal(effort), Decimal(cons)) for title, notes, effort, cons in TABLE1
    ]


def test_table1_agrees_with_the_project_selectors(table1_projects):
    for row, project in zip(table1(), table1_projects, strict=True):
        assert row.effort_h == selectors.effort_hours(project)
        assert row.consultation_h == selectors.consultation_hours(project)


def test_table1_csv_has_the_documented_columns(table1_projects):
    parsed = list(csv.reader(io.StringIO(table1_csv(table1()))))
    assert parsed[0] == list(TABLE1_COLUMNS) == ["title", "notes", "effort_h", "consultation_h"]
    assert parsed[1:] == _expected_csv_rows()


def test_manage_table1_csv_prints_the_table(table1_projects):
    out = io.StringIO()
    call_command("table1", "--csv", stdout=out)
    parsed = list(csv.reader(io.StringIO(out.getvalue())))
    assert parsed == [list(TABLE1_COLUMNS), *_expected_csv_rows()]


def test_manage_table1_prints_readable_text(table1_projects):
    out = io.StringIO()
    call_command("table1", stdout=out)
    assert "effort 80 h, consultations 10 h" in out.getvalue()


def test_held_open_desk_sessions_count_as_consultations():
    booking = held_booking(panel=[AnalystFactory(), AnalystFactory()])
    project = Project.objects.create(
        title="From a session",
        requester=booking.requester,
        status=ProjectStatus.ACTIVE,
        source_booking=booking,
        started_at=timezone.now(),
    )
    [row] = table1()
    assert (row.project_id, row.consultation_h, row.effort_h) == (project.pk, Decimal(2), 0)


def test_coordinator_sees_table1_and_downloads_it(client, table1_projects):
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("reporting:home"))
    assert page.status_code == 200
    assert TABLE1[2][0] in page.content.decode()
    export = client.get(reverse("reporting:table1_csv"))
    assert export["Content-Type"].startswith("text/csv")
    parsed = list(csv.reader(io.StringIO(export.content.decode())))
    assert parsed[1:] == _expected_csv_rows()


@pytest.mark.parametrize("factory", [RequesterFactory, AnalystFactory])
def test_reports_are_for_coordinators_only(client, factory):
    client.force_login(factory())
    assert client.get(reverse("reporting:home")).status_code == 403
    assert client.get(reverse("reporting:table1_csv")).status_code == 403


def test_table1_page_query_count_does_not_grow(
    client, table1_projects, django_assert_max_num_queries
):
    client.force_login(CoordinatorFactory())
    with django_assert_max_num_queries(12):
        client.get(reverse("reporting:home"))


def test_table1_csv_neutralises_formulas_in_titles_and_notes(table1_projects):
    project = table1_projects[0]
    project.title = "+cmd|' /C calc'!A0"
    project.notes = "-2+3"
    project.save(update_fields=["title", "notes"])
    parsed = list(csv.reader(io.StringIO(table1_csv(table1()))))
    assert parsed[1][:2] == ["'+cmd|' /C calc'!A0", "'-2+3"]
