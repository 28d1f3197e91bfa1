"""Read-only views of a project's money: hours per phase against the quote, invoices."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from biafed.billing.models import Invoice, InvoiceLine, InvoiceStatus, Quote, QuoteStatus
from biafed.billing.money import ZERO, hours
from biafed.billing.services.quotes import QUOTABLE_STATUSES
from biafed.projects.models import EffortEntry, Phase, Project


@dataclass
class PhaseBilling:
    """One phase (or the work logged outside any phase) of a project."""

    phase: Phase | None
    label: str
    budget_hours: Decimal | None  # the quoted hours, else the phase's budget
    quoted: bool
    logged_hours: Decimal = ZERO
    invoiced_hours: Decimal = ZERO

    @property
    def key(self) -> str:
        return str(self.phase.pk) if self.phase else "none"

    @property
    def billable_hours(self) -> Decimal:
        """Logged hours not yet on a valid invoice (never below zero)."""
        return max(self.logged_hours - self.invoiced_hours, ZERO)

    @property
    def difference(self) -> Decimal | None:
        """Logged minus budget: positive is over budget, negative under."""
        if self.budget_hours is None:
            return None
        return self.logged_hours - self.budget_hours

    @property
    def over_budget(self) -> bool:
        return self.difference is not None and self.difference > 0


@dataclass
class ProjectBilling:
    project: Project
    quote: Quote | None
    phases: list[PhaseBilling] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)

    @property
    def logged_hours(self) -> Decimal:
        return sum((row.logged_hours for row in self.phases), ZERO)

    @property
    def invoiced_hours(self) -> Decimal:
        return sum((row.invoiced_hours for row in self.phases), ZERO)

    @property
    def billable_hours(self) -> Decimal:
        return sum((row.billable_hours for row in self.phases), ZERO)

    @property
    def budget_hours(self) -> Decimal | None:
        if self.quote is not None:
            return self.quote.hours
        budgets = [row.budget_hours for row in self.phases if row.budget_hours is not None]
        return sum(budgets, ZERO) if budgets else self.project.estimated_hours

    @property
    def invoiced_total(self) -> Decimal:
        return sum((i.subtotal for i in self.invoices if i.status != InvoiceStatus.CANCELLED), ZERO)


def current_quote(project: Project) -> Quote | None:
    return (
        Quote.objects.filter(project=project, status=QuoteStatus.CURRENT)
        .prefetch_related("lines")
        .first()
    )


def project_billing(project: Project) -> ProjectBilling:
    """Hours per phase (logged, invoiced, against the quote) and the project's invoices."""
    quote = current_quote(project)
    quoted = {line.phase_id: line.hours for line in quote.lines.all()} if quote else {}
    logged = dict(
        EffortEntry.objects.filter(project=project)
        .values_list("phase_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    invoiced = dict(
        InvoiceLine.objects.filter(invoice__project=project)
        .exclude(invoice__status=InvoiceStatus.CANCELLED)
        .values_list("phase_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    rows = []
    for phase in Phase.objects.filter(project=project).order_by("order"):
        in_quote = phase.pk in quoted
        rows.append(
            PhaseBilling(
                phase=phase,
                label=phase.title,
                budget_hours=quoted[phase.pk] if in_quote else phase.budget_hours,
                quoted=in_quote,
                logged_hours=hours(logged.get(phase.pk, ZERO)),
                invoiced_hours=hours(invoiced.get(phase.pk, ZERO)),
            )
        )
    if not rows or None in logged or None in invoiced or None in quoted:
        whole = not rows
        rows.append(
            PhaseBilling(
                phase=None,
                label=_("Whole project") if whole else _("Work outside any phase"),
                budget_hours=quoted.get(None, project.estimated_hours if whole else None),
                quoted=None in quoted,
                logged_hours=hours(logged.get(None, ZERO)),
                invoiced_hours=hours(invoiced.get(None, ZERO)),
            )
        )
    invoices = list(
        Invoice.objects.filter(project=project)
        .select_related("credit_note")
        .order_by("-year", "-sequence")
    )
    return ProjectBilling(project=project, quote=quote, phases=rows, invoices=invoices)


def _hours_subquery(qs, group: str):
    return Coalesce(
        Subquery(qs.values(group).annotate(total=Sum("hours")).values("total")[:1]),
        Value(ZERO),
        output_field=DecimalField(max_digits=10, decimal_places=2),
    )


def with_hours(projects):
    """Annotate projects with `logged` and `invoiced` hours (two subqueries, no join fan-out)."""
    logged = EffortEntry.objects.filter(project=OuterRef("pk"))
    invoiced = InvoiceLine.objects.filter(invoice__project=OuterRef("pk")).exclude(
        invoice__status=InvoiceStatus.CANCELLED
    )
    return projects.annotate(
        logged=_hours_subquery(logged, "project"),
        invoiced=_hours_subquery(invoiced, "invoice__project"),
    )


def projects_to_bill(projects):
    """Projects with logged hours not yet invoiced, most hours left first."""
    return (
        with_hours(projects)
        .filter(logged__gt=F("invoiced"))
        .annotate(left=F("logged") - F("invoiced"))
        .select_related("requester")
        .order_by("-left", "title")
    )


def projects_to_quote(projects):
    """Accepted projects with an estimate but no current quote."""

    has_quote = Quote.objects.filter(project=OuterRef("pk"), status=QuoteStatus.CURRENT)
    return (
        projects.filter(status__in=QUOTABLE_STATUSES, estimated_hours__gt=0)
        .exclude(Exists(has_quote))
        .select_related("requester")
        .order_by("title")
    )
