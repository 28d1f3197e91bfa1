"""Each indicator against the hand-counted network of network_world.py, for 2025, the
year before, and each host facility."""

import pytest

from biafed.reporting.registry import indicators
from biafed.reporting.report import Period, build_report
from tests.reporting import network_world

pytestmark = pytest.mark.django_db

YEAR = Period.year(2025)


@pytest.fixture
def world():
    return network_world.build()


def values(report) -> dict:
    return {row["key"]: (row["value"], row["previous"]) for row in report["indicators"]}


def test_open_desk_indicators_count_the_hand_made_network(world):
    got = values(build_report(period=YEAR))

    assert got["opendesk.requests"] == (4, 1)
    assert got["opendesk.sessions_held"] == (2, 1)
    assert got["opendesk.no_show_rate"] == (33.3, 0)  # 1 of 3 sessions held or missed
    assert got["opendesk.data_ready"] == (33.3, 100)  # 1 of 3 with data before the deadline
    assert got["opendesk.days_to_session"] == (7.5, 6)  # (10 + 5) / 2
    assert got["opendesk.satisfaction"] == (4, 4)  # (5 + 3) / 2


def test_project_indicators_count_the_hand_made_network(world):
    got = values(build_report(period=YEAR))

    channel, previous_channel = got["projects.by_channel"]
    assert channel == {"form": 1, "open_desk": 1, "email": 0, "euro_bioimaging": 0, "other": 0}
    assert previous_channel["email"] == 1
    state, _ = got["projects.by_state"]
    assert {k: v for k, v in state.items() if v} == {"active": 1, "declined": 1}
    assert got["projects.by_domain"] == ({"Neuroscience": 2, "Plant biology": 1}, {})
    assert got["projects.by_outcome"][0] == {
        "completed": 1,
        "closed_no_go": 0,
        "declined": 1,
        "withdrawn": 0,
    }
    assert got["projects.funnel"][0] == {
        "sessions_held": 2,
        "project_advised": 1,
        "project_requested": 1,
        "project_started": 1,
    }
    assert got["projects.effort_hours"] == (14.5, 2)
    assert got["projects.publications"] == (1, 0)
    assert got["facilities.panel_seats"] == (3, 1)
    assert got["facilities.projects_led"] == (2, 1)


def test_each_host_facility_gets_its_share(world):
    report = build_report(period=YEAR)

    by_site = {entry["site"]["name"]: entry["values"] for entry in report["by_site"]}
    alpha, beta = by_site["Alpha imaging"], by_site["Beta imaging"]
    assert (alpha["opendesk.requests"], beta["opendesk.requests"]) == (2, 2)
    assert (alpha["opendesk.sessions_held"], beta["opendesk.sessions_held"]) == (2, 1)
    assert (alpha["opendesk.no_show_rate"], beta["opendesk.no_show_rate"]) == (0, 50)
    assert (alpha["facilities.panel_seats"], beta["facilities.panel_seats"]) == (2, 1)
    assert (alpha["projects.effort_hours"], beta["projects.effort_hours"]) == (10, 4.5)
    assert (alpha["facilities.projects_led"], beta["facilities.projects_led"]) == (1, 1)


def test_one_facility_report_compares_with_its_own_previous_year(world):
    report = build_report(period=YEAR, site=world.alpha)

    assert report["period"]["site"] == {"id": world.alpha.pk, "name": "Alpha imaging"}
    assert report["by_site"] == []
    assert values(report)["opendesk.sessions_held"] == (2, 1)


def test_empty_period_gives_zero_or_no_value_not_an_error(world):
    got = values(build_report(period=Period.year(2010)))

    assert got["opendesk.requests"] == (0, 0)
    assert got["opendesk.no_show_rate"] == (None, None)
    assert got["opendesk.satisfaction"] == (None, None)


def test_every_indicator_has_a_definition_and_a_known_category():
    for indicator in indicators():
        assert str(indicator.definition), indicator.key
        assert indicator.key.split(".")[0] in {
            "opendesk",
            "projects",
            "facilities",
            "billing",
            "network",
        }


def test_previous_period_of_a_span_is_the_same_length_just_before():
    from datetime import date

    assert Period(date(2025, 3, 1), date(2025, 3, 31)).previous() == Period(
        date(2025, 1, 29), date(2025, 2, 28)
    )
    assert Period.year(2025).previous() == Period.year(2024)


def _measured(value) -> bool:
    """A number other than zero, or a breakdown with at least one part other than zero."""
    if isinstance(value, dict):
        return any(value.values())
    return value is not None and value != 0


def test_the_demo_network_gives_every_indicator_a_value_for_last_year():
    """A coordinator opening last year's report on the demo sees data in every row and
    chart (and the open desk's sessions the year before)."""
    from datetime import date

    from django.core.management import call_command
    from django.utils import timezone

    call_command("load_demo", stdout=None)
    this_year = timezone.localdate().year
    last_year = build_report(period=Period.year(this_year - 1), by_site=False)
    empty = [row["key"] for row in last_year["indicators"] if not _measured(row["value"])]
    assert empty == []
    assert {row["key"] for row in last_year["indicators"]} == {i.key for i in indicators()}
    before = values(
        build_report(period=Period(date(this_year - 2, 1, 1), date(this_year - 2, 12, 31)))
    )
    assert before["opendesk.sessions_held"][0] > 0
    assert before["opendesk.satisfaction"][0] is not None


def test_every_facility_at_once_gives_what_each_facility_alone_gives(world):
    """The grouped queries of the report's per-facility table agree with the indicator
    computed for one facility, for every indicator that has them."""
    from biafed.people.models import HostFacility

    sites = list(HostFacility.objects.all())
    grouped = [i for i in indicators() if i.compute_by_site is not None]
    assert grouped
    for period in (YEAR, YEAR.previous()):
        for indicator in grouped:
            together = indicator.compute_by_site(start=period.start, end=period.end, sites=sites)
            alone = {
                site.pk: indicator.compute(start=period.start, end=period.end, site=site)
                for site in sites
            }
            assert together == alone, (indicator.key, period)
