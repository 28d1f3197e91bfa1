"""Demo money for `load_demo`: rate history, quotes and invoices for the demo projects,
the umbrella's subsidies, a few expenses and the host facilities' credits.

Runs after the open-desk and projects demos, inside load_demo's transaction. Documents
are issued through the services, oldest first, so numbers follow dates.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Min
from django.utils import timezone

from biafed.billing.models import ExpenseCategory, Invoice, InvoiceStatus, NetworkRate, Quote
from biafed.billing.selectors import project_billing
from biafed.billing.services.credits import propose_credit, record_credit
from biafed.billing.services.invoices import cancel_invoice, issue_invoice, mark_paid
from biafed.billing.services.ledger import balance, record_expense, record_subsidy
from biafed.billing.services.quotes import estimate_lines, issue_quote
from biafed.billing.services.rates import set_rate
from biafed.common.errors import BusinessRuleError
from biafed.opendesk.models import BookingStatus, OpenDeskDay
from biafed.people.models import HostFacility, User
from biafed.projects.models import EffortEntry, PhaseStatus, Project, ProjectStatus

COORDINATOR_EMAIL = "coordinator@example.org"
UMBRELLA = "France-BioImaging (ANR-10-INBS-04)"
QUOTED = (
    ProjectStatus.ACCEPTED,
    ProjectStatus.FEASIBILITY_ACCEPTED,
    ProjectStatus.ASSIGNING,
    ProjectStatus.ACTIVE,
    ProjectStatus.COMPLETED,
    ProjectStatus.CLOSED_NO_GO,
)
CLOSED = (ProjectStatus.COMPLETED, ProjectStatus.CLOSED_NO_GO)


def load(*, stored_files: list) -> str:
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    today = timezone.localdate()
    rates = _rates(coordinator, today)
    _ledger(coordinator, today)
    quotes = _quotes(coordinator, today)
    _invoices(coordinator, today)
    paid, cancelled = _payments(coordinator, today)
    invoices = Invoice.objects.count()
    credits = _credits(coordinator, today)
    return (
        f"Billing: {rates} rates, {quotes} quotes, {invoices} invoices ({paid} paid, "
        f"{cancelled} cancelled by credit note), {credits} host-facility credits; "
        f"central budget balance {balance()}."
    )


def _first_day_of_work(today: date) -> date:
    """The first rate must cover every hour the demo has: effort and held sessions."""
    first = [date(today.year - 2, 1, 1)]
    effort = EffortEntry.objects.aggregate(first=Min("date"))["first"]
    held = OpenDeskDay.objects.filter(bookings__status=BookingStatus.HELD).aggregate(
        first=Min("date")
    )["first"]
    first += [day for day in (effort, held) if day]
    return date(min(first).year, 1, 1)


def _rates(coordinator, today: date) -> int:
    """Two past rates (written directly: the service refuses past starts) and a scheduled one."""
    first = _first_day_of_work(today)
    history = [
        (first, "55.00", "40.00", "0.00", "Homogeneous price agreed by the host facilities"),
        (
            date(today.year - 1, 1, 1),
            "60.00",
            "45.00",
            "25.00",
            "Yearly revision; open-desk hours credited to host facilities",
        ),
    ]
    for valid_from, price, credit, consultation, note in history:
        if not NetworkRate.objects.filter(valid_from=valid_from).exists():
            NetworkRate.objects.create(
                valid_from=valid_from,
                hourly_price=Decimal(price),
                facility_credit=Decimal(credit),
                consultation_credit=Decimal(consultation),
                note=note,
                set_by=coordinator,
            )
    set_rate(
        coordinator=coordinator,
        valid_from=today + timedelta(days=45),
        hourly_price=Decimal("62.00"),
        facility_credit=Decimal("46.00"),
        consultation_credit=Decimal("25.00"),
        note="Scheduled revision voted at the annual meeting",
    )
    return NetworkRate.objects.count()


def _ledger(coordinator, today: date) -> None:
    for year, amount in ((today.year - 1, "35000"), (today.year, "40000")):
        day = min(date(year, 1, 15), today)
        record_subsidy(
            coordinator=coordinator,
            amount=amount,
            source=UMBRELLA,
            label=f"Umbrella subsidy {year}: two junior engineer positions' projects",
            booked_on=day,
        )
    for days_ago, amount, category, label in (
        (300, "4800.00", ExpenseCategory.TRAINING, "Bioimage analysis school, Montpellier"),
        (200, "1250.00", ExpenseCategory.COMPUTING, "Shared GPU hours on FBI.Data"),
        (90, "2300.00", ExpenseCategory.MEETINGS, "Annual F-BIAS hackathon, Strasbourg"),
    ):
        record_expense(
            coordinator=coordinator,
            amount=amount,
            category=category,
            label=label,
            booked_on=today - timedelta(days=days_ago),
        )


def _day(value, default: date) -> date:
    return value.date() if value else default


def _quotes(coordinator, today: date) -> int:
    """A quote for every accepted project with an estimate, dated when it was accepted."""
    plans = []
    for project in Project.objects.filter(status__in=QUOTED).order_by("created_at"):
        if not estimate_lines(project):
            continue
        first_effort = project.effort.aggregate(first=Min("date"))["first"]
        day = _day(project.started_at, _day(project.submitted_at, project.created_at.date()))
        if first_effort:
            day = min(day, first_effort)
        plans.append((min(day, today), project.pk))
    for day, project_id in sorted(plans):
        try:
            issue_quote(
                coordinator=coordinator,
                project=Project.objects.get(pk=project_id),
                on=day,
                closed_ok=True,
            )
        except BusinessRuleError:  # e.g. no institution to invoice: left for the coordinator
            continue
    return Quote.objects.count()


def _invoices(coordinator, today: date) -> None:
    """Closed projects are invoiced in full; running ones for their phases that ended."""
    plans = []
    for project in Project.objects.filter(status__in=(*CLOSED, ProjectStatus.ACTIVE)):
        view = project_billing(project)
        if project.status in CLOSED:
            rows = [row for row in view.phases if row.billable_hours > 0]
        else:
            rows = [
                row
                for row in view.phases
                if row.phase is not None
                and row.phase.status in (PhaseStatus.GO, PhaseStatus.NO_GO)
                and row.billable_hours > 0
            ]
        if not rows:
            continue
        last_work = (
            EffortEntry.objects.filter(project=project).aggregate(last=Max("date"))["last"] or today
        )
        ended = [_day(row.phase.ended_at, last_work) for row in rows if row.phase is not None]
        day = max(
            [*ended, _day(project.closed_at, last_work)]
            if project.status in CLOSED
            else ended or [last_work]
        )
        day = min(day + timedelta(days=2), today)
        plans.append((day, project.pk, {row.key: row.billable_hours for row in rows}))
    for day, project_id, hours in sorted(plans, key=lambda plan: (plan[0], plan[1])):
        try:
            issue_invoice(
                coordinator=coordinator,
                project=Project.objects.get(pk=project_id),
                hours_by_phase=hours,
                on=day,
            )
        except BusinessRuleError:
            continue


def _payments(coordinator, today: date) -> tuple[int, int]:
    """Invoices older than three weeks are paid; the latest one of a closed project was
    sent without its purchase order: cancelled by a credit note and issued again."""
    invoices = list(Invoice.objects.select_related("project").order_by("issued_on", "sequence"))
    closed = [i for i in invoices if i.project.status in CLOSED]
    cancelled = 0
    if closed:
        wrong = closed[-1]
        latest = max(i.issued_on for i in invoices)
        cancel_invoice(
            coordinator=coordinator,
            invoice=wrong,
            reason="The purchase-order number was missing; reissued with it.",
            on=latest,
        )
        issue_invoice(
            coordinator=coordinator,
            project=wrong.project,
            hours_by_phase={line.phase_id or "none": line.hours for line in wrong.lines.all()},
            on=latest,
            purchase_order=f"PO-{latest.year}-0413",
        )
        cancelled = 1
    paid = 0
    for invoice in Invoice.objects.filter(status=InvoiceStatus.ISSUED):
        if invoice.issued_on + timedelta(days=21) <= today:
            mark_paid(
                coordinator=coordinator,
                invoice=invoice,
                paid_on=invoice.issued_on + timedelta(days=21),
            )
            paid += 1
    return paid, cancelled


def _credits(coordinator, today: date) -> int:
    """Each host facility is credited for its analysts' hours up to the end of last month."""
    up_to = today.replace(day=1) - timedelta(days=1)
    count = 0
    for facility in HostFacility.objects.order_by("name"):
        if propose_credit(facility, up_to=up_to).lines:
            record_credit(
                coordinator=coordinator,
                facility=facility,
                up_to=up_to,
                note="Monthly credit from the central budget",
            )
            count += 1
    return count
