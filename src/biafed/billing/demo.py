"""Demo money for `load_demo` (`data/demo_billing.json`): rate history, quotes and invoices
for the demo projects (two years of them), the umbrella's subsidies and other grants, the
network's spending on training, compute, meetings and recruitment, budget lines planned for
last year and this one, and the host facilities' credits.

Runs after the open-desk and projects demos, inside load_demo's transaction. Documents
are issued through the services, oldest first, so numbers follow dates.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Min
from django.utils import timezone

from biafed.billing.models import Invoice, InvoiceStatus, NetworkRate, Quote
from biafed.billing.selectors import project_billing
from biafed.billing.services.budget import plan_budget_line
from biafed.billing.services.credits import propose_credit, record_credit
from biafed.billing.services.invoices import cancel_invoice, issue_invoice, mark_paid
from biafed.billing.services.ledger import balance, record_expense, record_subsidy
from biafed.billing.services.quotes import estimate_lines, issue_quote
from biafed.billing.services.rates import set_rate
from biafed.common.data import read_data
from biafed.common.errors import BusinessRuleError
from biafed.opendesk.models import BookingStatus, OpenDeskDay
from biafed.people.models import HostFacility, User
from biafed.projects.models import EffortEntry, PhaseStatus, Project, ProjectStatus

COORDINATOR_EMAIL = "coordinator@example.org"
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
    data = read_data("biafed.billing", "demo_billing.json")
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    today = timezone.localdate()
    rates = _rates(coordinator, today, data)
    _ledger(coordinator, today, data)
    quotes = _quotes(coordinator, today)
    _invoices(coordinator, today)
    paid, cancelled = _payments(coordinator, today, data["reissued_invoice"])
    invoices = Invoice.objects.count()
    credits = _credits(coordinator, today, data["facility_credit_note"])
    for line in data["budget_lines"]:
        plan_budget_line(
            coordinator=coordinator,
            year=today.year - line["years_ago"],
            kind=line["kind"],
            category=line["category"],
            planned=line["planned"],
            note=line["note"],
        )
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


def _rates(coordinator, today: date, data: dict) -> int:
    """Two past rates (written directly: the service refuses past starts) and a scheduled one."""
    starts = {
        "first_year_of_work": _first_day_of_work(today),
        "last_year": date(today.year - 1, 1, 1),
    }
    for rate in data["past_rates"]:
        valid_from = starts[rate["from"]]
        if not NetworkRate.objects.filter(valid_from=valid_from).exists():
            NetworkRate.objects.create(
                valid_from=valid_from,
                **_amounts(rate),
                note=rate["note"],
                set_by=coordinator,
            )
    scheduled = data["scheduled_rate"]
    set_rate(
        coordinator=coordinator,
        valid_from=today + timedelta(days=scheduled["days_ahead"]),
        **_amounts(scheduled),
        note=scheduled["note"],
    )
    return NetworkRate.objects.count()


def _amounts(rate: dict) -> dict[str, Decimal]:
    keys = ("hourly_price", "facility_credit", "consultation_credit")
    return {key: Decimal(rate[key]) for key in keys}


def _on(today: date, entry: dict) -> date:
    return date(today.year - entry["years_ago"], entry["month"], entry["day"])


def _ledger(coordinator, today: date, data: dict) -> None:
    """Subsidies, other grants and the network's own spending; future ones are left out."""
    for subsidy in data["subsidies"]:
        year = today.year - subsidy["years_ago"]
        record_subsidy(
            coordinator=coordinator,
            amount=subsidy["amount"],
            source=data["subsidy_source"],
            label=data["subsidy_label"].format(year=year),
            booked_on=min(date(year, 1, 15), today),
        )
    for grant in data["grants"]:
        if _on(today, grant) <= today:
            record_subsidy(
                coordinator=coordinator,
                amount=grant["amount"],
                source=grant["source"],
                label=grant["label"].format(year=today.year - grant["years_ago"]),
                booked_on=_on(today, grant),
            )
    for expense in data["expenses"]:
        if _on(today, expense) <= today:
            record_expense(
                coordinator=coordinator,
                amount=expense["amount"],
                category=expense["category"],
                label=expense["label"],
                booked_on=_on(today, expense),
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


def _payments(coordinator, today: date, reissued: dict) -> tuple[int, int]:
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
            reason=reissued["reason"],
            on=latest,
        )
        issue_invoice(
            coordinator=coordinator,
            project=wrong.project,
            hours_by_phase={line.phase_id or "none": line.hours for line in wrong.lines.all()},
            on=latest,
            purchase_order=reissued["purchase_order"].format(year=latest.year),
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


def _credits(coordinator, today: date, note: str) -> int:
    """Each host facility is credited for its analysts' hours up to the end of last month."""
    up_to = today.replace(day=1) - timedelta(days=1)
    count = 0
    for facility in HostFacility.objects.order_by("name"):
        if propose_credit(facility, up_to=up_to).lines:
            record_credit(
                coordinator=coordinator,
                facility=facility,
                up_to=up_to,
                note=note,
            )
            count += 1
    return count
