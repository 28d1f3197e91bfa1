from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from biafed.billing import demo
from biafed.billing.models import (
    CreditNote,
    FacilityCredit,
    Invoice,
    InvoiceStatus,
    LedgerEntry,
    NetworkRate,
    Quote,
)
from biafed.opendesk.models import OpenDeskDay
from biafed.projects.models import PhaseStatus, ProjectStatus
from tests.billing.factories import EffortFactory, PhaseFactory, ProjectFactory
from tests.factories import CoordinatorFactory, held_booking

D = Decimal


def test_demo_bills_the_projects_and_credits_the_facilities(db):
    CoordinatorFactory(email=demo.COORDINATOR_EMAIL)
    today = timezone.localdate()
    long_ago = today - timedelta(days=200)
    done = ProjectFactory(status=ProjectStatus.COMPLETED, title="Bacteria trajectories")
    phase = PhaseFactory(project=done, budget_hours=D(50), status=PhaseStatus.GO)
    EffortFactory(project=done, phase=phase, hours=D(50), date=long_ago)
    no_go = ProjectFactory(status=ProjectStatus.CLOSED_NO_GO, title="Beating cilia")
    EffortFactory(project=no_go, hours=D(4), date=long_ago + timedelta(days=3))
    running = ProjectFactory(status=ProjectStatus.ACTIVE, title="Red blood cells")
    feasibility = PhaseFactory(project=running, order=1, budget_hours=D(20), status=PhaseStatus.GO)
    implementation = PhaseFactory(
        project=running, order=2, budget_hours=D(30), status=PhaseStatus.ACTIVE
    )
    EffortFactory(project=running, phase=feasibility, hours=D(18), date=today - timedelta(days=40))
    EffortFactory(project=running, phase=implementation, hours=D(5), date=today - timedelta(days=2))
    ProjectFactory(status=ProjectStatus.SUBMITTED)
    session = held_booking()
    OpenDeskDay.objects.filter(pk=session.day_id).update(date=today - timedelta(days=60))

    summary = demo.load(stored_files=[])

    assert summary.startswith("Billing: 3 rates, 3 quotes, 4 invoices (")
    assert NetworkRate.objects.count() == 3
    assert Quote.objects.count() == 3
    numbers = list(Invoice.objects.order_by("year", "sequence").values_list("number", "issued_on"))
    assert [n for n, _ in numbers] == sorted(n for n, _ in numbers)
    assert [d for _, d in numbers] == sorted(d for _, d in numbers)
    assert Invoice.objects.filter(project=running).get().hours == D("18.00")
    assert CreditNote.objects.count() == 1
    assert Invoice.objects.filter(status=InvoiceStatus.CANCELLED).count() == 1
    assert Invoice.objects.filter(status=InvoiceStatus.PAID).exists()
    assert FacilityCredit.objects.exists()
    total = LedgerEntry.objects.aggregate(total=Sum("amount"))["total"]
    assert f"balance {total}" in summary
