"""Quotes: the accepted estimate priced at the network's rate in force."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.billing.models import DocumentKind, Quote, QuoteLine, QuoteStatus
from biafed.billing.money import (
    ZERO,
    default_currency,
    default_vat_percent,
    format_hours,
    format_money,
    hours,
    line_amount,
)
from biafed.billing.money import totals as money_totals
from biafed.billing.notification_kinds import NotificationKind
from biafed.billing.services.common import check_chronology, next_number, require_manager
from biafed.billing.services.rates import rate_on
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move_rows
from biafed.notifications.services import in_language_of, notify
from biafed.people.models import User
from biafed.projects.models import Phase, Project, ProjectStatus
from biafed.projects.services import team

QUOTABLE_STATUSES = (
    ProjectStatus.ACCEPTED,
    ProjectStatus.FEASIBILITY_ACCEPTED,
    ProjectStatus.ASSIGNING,
    ProjectStatus.ACTIVE,
)
"""A quote follows the decision to accept, and may be renewed while the project runs."""


def invoice_recipient(project: Project) -> tuple[str, str]:
    """(institution, address) that quotes and invoices are addressed to."""
    institution = (
        project.invoice_institution
        or project.requester_institution
        or project.requester.institution
    ).strip()
    if not institution:
        raise BusinessRuleError(
            _("The project has no institution to invoice; ask the requester to add it.")
        )
    return institution, project.invoice_address.strip()


def estimate_lines(project: Project) -> list[tuple[Phase | None, str, Decimal]]:
    """(phase, description, hours): one per phase with budgeted hours, else the whole estimate."""
    lines: list[tuple[Phase | None, str, Decimal]] = [
        (phase, phase.title, hours(phase.budget_hours))
        for phase in Phase.objects.filter(project=project).order_by("order")
        if phase.budget_hours and phase.budget_hours > 0
    ]
    if not lines and project.estimated_hours and project.estimated_hours > 0:
        lines = [
            (
                None,
                _("Accepted estimate: %(title)s") % {"title": project.title},
                hours(project.estimated_hours),
            )
        ]
    return lines


def quote_refusals(project: Project) -> list[str]:
    """Why a quote cannot be issued for `project` now (empty when it can)."""
    if project.status not in QUOTABLE_STATUSES:
        return [_("A quote is issued once the project is accepted and before it is closed.")]
    if rate_on(timezone.localdate()) is None:
        return [_("No hourly rate is in force yet: set one on the rates page.")]
    if not estimate_lines(project):
        return [_("The project has no accepted estimate or budgeted phase to quote.")]
    return []


def quote_effects(project: Project) -> list[str]:
    """What issuing a quote for `project` today will do, for its confirmation page."""
    rate = rate_on(timezone.localdate())
    total_hours = sum((h for _p, _d, h in estimate_lines(project)), ZERO)
    effects = [
        _("A quote of %(hours)s hours at %(price)s per hour takes the next number.")
        % {
            "hours": format_hours(total_hours),
            "price": format_money(rate.hourly_price if rate else ZERO, default_currency()),
        }
    ]
    current = Quote.objects.filter(project=project, status=QuoteStatus.CURRENT).first()
    if current is not None:
        effects.append(
            _("It replaces quote %(number)s, which stays on record as superseded.")
            % {"number": current.number}
        )
    effects.append(_("The requester is told and can download it."))
    if project.status == ProjectStatus.ASSIGNING and team.team_confirmed(project):
        effects.append(_("The team has accepted: the work starts now."))
    return effects


@transaction.atomic
def issue_quote(
    *,
    coordinator: User,
    project: Project,
    on: date | None = None,
    vat_percent: Decimal | None = None,
    vat_note: str = "",
    closed_ok: bool = False,
) -> Quote:
    """Price the accepted estimate at the rate in force and number the quote.

    Effects: the project's previous current quote (if any) is superseded; the requester
    is notified; the activity log records it. `closed_ok` lets data imports (and the
    demo) record the quote of a project that has closed since.
    """
    require_manager(coordinator)
    on = on or timezone.localdate()
    project = Project.objects.select_for_update().select_related("requester").get(pk=project.pk)
    allowed = QUOTABLE_STATUSES + (
        (ProjectStatus.COMPLETED, ProjectStatus.CLOSED_NO_GO) if closed_ok else ()
    )
    if project.status not in allowed:
        raise BusinessRuleError(
            _("A quote is issued once the project is accepted and before it is closed.")
        )
    rate = rate_on(on)
    if rate is None:
        raise BusinessRuleError(_("No hourly rate is in force yet: set one on the rates page."))
    lines = estimate_lines(project)
    if not lines:
        raise BusinessRuleError(
            _("The project has no accepted estimate or budgeted phase to quote.")
        )
    institution, address = invoice_recipient(project)
    vat = default_vat_percent() if vat_percent is None else vat_percent
    amounts = [line_amount(h, rate.hourly_price) for _phase, _desc, h in lines]
    subtotal, vat_amount, total = money_totals(amounts, vat)
    move_rows(
        Quote.objects.filter(project=project), QuoteStatus.SUPERSEDED, source=QuoteStatus.CURRENT
    )
    sequence, number = next_number(DocumentKind.QUOTE, on.year)
    check_chronology(Quote, on)  # after the lock on the series
    try:
        with transaction.atomic():
            quote = Quote.objects.create(
                project=project,
                year=on.year,
                sequence=sequence,
                number=number,
                rate=rate,
                hourly_price=rate.hourly_price,
                currency=default_currency(),
                vat_percent=vat,
                vat_note=vat_note,
                hours=sum((h for _p, _d, h in lines), ZERO),
                subtotal=subtotal,
                vat_amount=vat_amount,
                total=total,
                institution=institution,
                address=address,
                issued_on=on,
                valid_until=on + timedelta(days=settings.BILLING_QUOTE_VALID_DAYS),
                issued_by=coordinator,
            )
    except IntegrityError:
        raise BusinessRuleError(
            _("Someone issued a quote for this project at the same time; reload the page.")
        ) from None
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            order=index,
            phase=phase,
            description=description,
            hours=h,
            unit_price=rate.hourly_price,
            amount=amount,
        )
        for index, ((phase, description, h), amount) in enumerate(
            zip(lines, amounts, strict=True), start=1
        )
    )
    activity.record(actor=coordinator, verb="issued quote", subject=project, detail=number)
    _tell_requester(quote)
    team.start_when_ready(actor=coordinator, project=project)  # the work waited for it
    return quote


def _tell_requester(quote: Quote) -> None:
    requester = quote.project.requester
    link = reverse("billing:project", args=[quote.project_id])
    with in_language_of(requester):
        notify(
            recipient=requester,
            kind=NotificationKind.BILLING_QUOTE,
            message=lambda: (
                _("Quote %(number)s for your project") % {"number": quote.number},
                _(
                    "The quote %(number)s for “%(title)s” is ready: %(hours)s hours, "
                    "%(total)s %(currency)s including VAT. You can download it from the "
                    "project's billing page."
                )
                % {
                    "number": quote.number,
                    "title": quote.project.title,
                    "hours": quote.hours,
                    "total": quote.total,
                    "currency": quote.currency,
                },
            ),
            link=link,
        )
