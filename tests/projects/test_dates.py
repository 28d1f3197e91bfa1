"""Dates that make no sense in the past: a project deadline; effort before 2000."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.projects.models import Project
from biafed.projects.services import work
from biafed.projects.services.requests import save_answers
from tests.factories import RequesterFactory
from tests.projects.factories import active_project

pytestmark = pytest.mark.django_db


def test_a_deadline_in_the_past_is_refused_and_what_was_typed_is_kept(client):
    requester = RequesterFactory()
    client.force_login(requester)
    client.post(reverse("projects:new"))
    project = Project.objects.get(requester=requester)

    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        {"title": "Counting cells", "deadline": "2020-06-30"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Deadline: the date 2020-06-30 is in the past." in page
    assert 'value="Counting cells"' in page
    project.refresh_from_db()
    assert (project.title, project.deadline) == ("", None)


def test_a_deadline_before_2000_is_refused_by_the_form(client):
    requester = RequesterFactory()
    client.force_login(requester)
    client.post(reverse("projects:new"))
    project = Project.objects.get(requester=requester)

    response = client.post(reverse("projects:edit", args=[project.pk]), {"deadline": "1999-12-31"})

    assert "Enter a date from 2000 on." in response.content.decode()


def test_a_deadline_that_passed_while_waiting_does_not_block_other_answers():
    project = Project.objects.create(
        title="Old", requester=RequesterFactory(), deadline=timezone.localdate() - timedelta(days=3)
    )

    save_answers(actor=project.requester, project=project, answers={"title": "Older"})

    project.refresh_from_db()
    assert project.title == "Older"


def test_effort_dated_1900_is_refused():
    project = active_project()

    with pytest.raises(BusinessRuleError) as excinfo:
        work.log_effort(
            analyst=project.lead,
            project=project,
            day=date(1900, 1, 1),
            hours=Decimal(2),
            activity_kind="development",
        )

    assert excinfo.value.messages == ["Enter a date from 2000 on."]
    assert not project.effort.exists()
