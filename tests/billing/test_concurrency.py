"""Races the database must decide: numbers given at the same instant, the same hours
billed or credited twice. Threads with their own connections, released together by a
barrier; only PostgreSQL runs these (SQLite serialises every writer)."""

from datetime import date
from decimal import Decimal

from biafed.billing.models import CreditLine, FacilityCredit, Invoice, NumberSeries
from biafed.billing.services.credits import record_credit
from biafed.billing.services.invoices import issue_invoice
from biafed.people.models import HostFacility, User
from biafed.projects.models import Project
from tests.billing.factories import EffortFactory, rate
from tests.concurrency import POSTGRES_RACES, outcomes, race
from tests.factories import AnalystFactory, CoordinatorFactory, HostFacilityFactory

pytestmark = POSTGRES_RACES

ROUNDS = 3


def invoicer(coordinator_id, project_id, hours="2"):
    def issue():
        return issue_invoice(
            coordinator=User.objects.get(pk=coordinator_id),
            project=Project.objects.get(pk=project_id),
            hours_by_phase={"none": hours},
            on=date(2026, 4, 1),
        ).sequence

    return issue


def test_invoices_issued_at_once_get_consecutive_numbers():
    rate()
    for round_ in range(ROUNDS):
        coordinators = [CoordinatorFactory().pk for _ in range(6)]
        projects = [EffortFactory(hours=Decimal("2")).project_id for _ in range(6)]
        results = race(*(invoicer(c, p) for c, p in zip(coordinators, projects, strict=True)))
        assert [kind for kind, _ in results] == ["ok"] * 6, results
        first = round_ * 6 + 1
        assert sorted(seq for _, seq in results) == list(range(first, first + 6))
    sequences = list(
        Invoice.objects.filter(year=2026).order_by("sequence").values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, ROUNDS * 6 + 1))
    assert NumberSeries.objects.get(kind="invoice", year=2026).last == ROUNDS * 6


def test_same_hours_billed_at_once_only_once():
    rate()
    for _ in range(ROUNDS):
        project = EffortFactory(hours=Decimal("2")).project_id
        results = race(
            invoicer(CoordinatorFactory().pk, project), invoicer(CoordinatorFactory().pk, project)
        )
        assert outcomes(results) == ["ok", "refused"], results
        assert Invoice.objects.filter(project_id=project).count() == 1
    last = NumberSeries.objects.get(kind="invoice", year=2026).last
    assert last == Invoice.objects.count() == ROUNDS  # the refused one left no gap


def test_same_hours_credited_at_once_only_once():
    rate()
    for _ in range(ROUNDS):
        facility = HostFacilityFactory()
        analyst = AnalystFactory(profile__facility=facility)
        EffortFactory(
            project__lead=analyst, analyst=analyst, hours=Decimal("3"), date=date(2026, 1, 5)
        )

        def credit(coordinator_id, facility_id=facility.pk):
            def run():
                return record_credit(
                    coordinator=User.objects.get(pk=coordinator_id),
                    facility=HostFacility.objects.get(pk=facility_id),
                    up_to=date(2026, 1, 31),
                ).pk

            return run

        results = race(credit(CoordinatorFactory().pk), credit(CoordinatorFactory().pk))
        assert outcomes(results) == ["ok", "refused"], results
        assert FacilityCredit.objects.filter(facility=facility).count() == 1
        assert CreditLine.objects.filter(credit__facility=facility).count() == 1
