"""Projects through the API: seen by the same people as on the site (projects.view_project
in its queryset form); the lead logs effort, nobody else does."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from biafed.projects.models import EffortEntry
from tests.api.helpers import Api, api_for, token
from tests.factories import AnalystFactory, CoordinatorFactory, RequesterFactory
from tests.projects.factories import active_project, committee_member, submitted_project

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_requester_lead_and_coordinator_see_the_project_outsiders_do_not():
    project = active_project()
    people = {
        "owner": project.requester,
        "lead": project.lead,
        "coordinator": CoordinatorFactory(),
        "other requester": RequesterFactory(),
        "outsider analyst": AnalystFactory(),
        "committee": committee_member(),  # not under review any more
    }
    for name, user in people.items():
        api = api_for(user)
        seen = ids(api.get("projects/"))
        detail = api.get(f"projects/{project.pk}/")
        if name in ("owner", "lead", "coordinator"):
            assert project.pk in seen, name
            assert detail.status_code == 200, name
            assert [p["status"] for p in detail.json()["phases"]][:1] == ["active"]
            assert api.get(f"projects/{project.pk}/phases/").status_code == 200
            assert api.get(f"projects/{project.pk}/deliverables/").json() == []
        else:
            assert seen == set(), name
            assert detail.status_code == 404, name
            assert api.get(f"projects/{project.pk}/effort/").status_code == 404, name


def test_committee_members_see_requests_under_review():
    project = submitted_project()
    member = committee_member()
    assert project.pk in ids(api_for(member).get("projects/?status=submitted"))


def test_the_lead_logs_effort_the_requester_cannot():
    project = active_project()
    lead_api = Api(token(project.lead, ["projects:write"]))
    today = timezone.localdate().isoformat()
    logged = lead_api.post(
        f"projects/{project.pk}/effort/", {"date": today, "hours": "2.5", "activity": "development"}
    )
    assert logged.status_code == 201, logged.content
    assert lead_api.get(f"projects/{project.pk}/effort/").json()[0]["hours"] == "2.50"
    refused = api_for(project.requester).post(
        f"projects/{project.pk}/effort/", {"date": today, "hours": "1", "activity": "development"}
    )
    assert refused.status_code == 403
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    rule = lead_api.post(
        f"projects/{project.pk}/effort/", {"date": future, "hours": "1", "activity": "development"}
    )
    assert rule.status_code == 409
    assert rule["Content-Type"] == "application/problem+json"
    read_only = Api(token(project.lead, ["projects:read"]))
    assert (
        read_only.post(
            f"projects/{project.pk}/effort/",
            {"date": today, "hours": "1", "activity": "development"},
        ).status_code
        == 403
    )
    assert EffortEntry.objects.filter(project=project).count() == 1


def test_table1_and_the_directory_follow_the_site_rules():
    coordinator, requester, analyst = CoordinatorFactory(), RequesterFactory(), AnalystFactory()
    assert api_for(coordinator).get("reports/table1/").status_code == 200
    assert api_for(requester).get("reports/table1/").status_code == 403
    assert api_for(analyst).get("analysts/").status_code == 200
    assert api_for(requester).get("analysts/").status_code == 403
    assert api_for(requester).get("expertise-terms/").status_code == 200


def test_the_network_report_is_the_commands_json_for_coordinators_only(tmp_path):
    from django.core.management import call_command

    coordinator, requester = CoordinatorFactory(), RequesterFactory()
    output = tmp_path / "report.json"
    call_command(
        "network_report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "json",
        "--output",
        str(output),
    )
    response = api_for(coordinator).get("reports/network/?start=2026-01-01&end=2026-12-31")
    assert response.status_code == 200
    assert response.json() == json.loads(output.read_text())
    assert len(response.json()["indicators"]) >= 20
    assert api_for(requester).get("reports/network/").status_code == 403
    bad = api_for(coordinator).get("reports/network/?start=2026-12-31&end=2026-01-01")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")


def test_a_network_report_over_centuries_is_refused_not_a_crash():
    coordinator = CoordinatorFactory()
    response = api_for(coordinator).get("reports/network/?start=0161-07-24&end=8225-05-29")
    assert response.status_code == 400
    assert api_for(coordinator).get("reports/network/?start=").status_code == 400
