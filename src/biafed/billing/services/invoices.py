"""Invoices per phase from logged hours; payment; cancellation by credit note."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biafed.billing.models import (
    CreditNote,
    DocumentKind,
    EntryKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    LedgerEntry,
)
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
from biafed.billing.selectors import project_billing
from biafed.billing.services.common import check_chronology, next_number, require_manager
from biafed.billing.services.quotes import invoice_recipient
from biafed.billing.services.rates import rate_on
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import allowed_moves, move
from biafed.notifications.services import in_language_of, notify
from biafed.people.models import User
from biafed.projects.models import Project, ProjectStatus

NOT_BILLABLE_STATUSES = (
    ProjectStatus.DRAFT,
    ProjectStatus.SUBMITTED,
    ProjectStatus.UNDER_REVIEW,
    ProjectStatus.INFO_REQUESTED,
    ProjectStatus.DECLINED,
    ProjectStatus.WITHDRAWN,
)


def unit_price_for(project_billing_view: Any, on: date) -> Decimal:
    """The quote's price per hour (the price promised), else the rate in force on `on`."""
    if project_billing_view.quote is not None:
        return project_billing_view.quote.hourly_price
    rate = rate_on(on)
    if rate is None:
        raise BusinessRuleError(_("No hourly rate is in force yet: set one on the rates page."))
    return rate.hourly_price


@dataclass
class InvoiceDraft:
    """What an invoice would contain: the phases' hours priced, before it is numbered."""

    wanted: list  # (PhaseBilling row, hours billed)
    amounts: list[Decimal]
    unit_price: Decimal
    vat_percent: Decimal
    subtotal: Decimal
    vat_amount: Decimal
    total: Decimal

    @property
    def hours(self) -> Decimal:
        return sum((billed for _row, billed in self.wanted), ZERO)

    @property
    def lines(self) -> list:
        return [
            (row, billed, amount)
            for (row, billed), amount in zip(self.wanted, self.amounts, strict=True)
        ]


def draft_invoice(
    view: Any,
    hours_by_phase: dict[Any, Decimal],
    *,
    on: date,
    vat_percent: Decimal | None = None,
) -> InvoiceDraft:
    """Check the hours asked per phase against those left to invoice and price them."""
    rows = {row.key: row for row in view.phases}
    wanted = []
    for key, value in hours_by_phase.items():
        row = rows.get(str(key))
        if row is None:
            raise BusinessRuleError(_("This phase does not belong to the project."))
        billed = hours(value)
        if billed < ZERO:
            raise BusinessRuleError(_("Hours to bill cannot be negative."))
        if billed == ZERO:
            continue
        if billed > row.billable_hours:
            raise BusinessRuleError(
                _(
                    "“%(phase)s”: %(asked)s hours asked but only %(left)s logged hours are not invoiced yet."
                )
                % {"phase": row.label, "asked": billed, "left": row.billable_hours}
            )
        wanted.append((row, billed))
    if not wanted:
        raise BusinessRuleError(_("Choose at least one phase with hours to bill."))
    price = unit_price_for(view, on)
    vat = default_vat_percent() if vat_percent is None else vat_percent
    amounts = [line_amount(billed, price) for _row, billed in wanted]
    subtotal, vat_amount, total = money_totals(amounts, vat)
    return InvoiceDraft(wanted, amounts, price, vat, subtotal, vat_amount, total)


@transaction.atomic
def issue_invoice(
    *,
    coordinator: User,
    project: Project,
    hours_by_phase: dict,
    on: date | None = None,
    vat_percent: Decimal | None = None,
    vat_note: str = "",
    purchase_order: str = "",
) -> Invoice:
    """Bill hours logged on the project's phases to the requester's institution.

    `hours_by_phase` maps a phase id (or "none" for work outside any phase) to the hours
    to bill; each is at most the hours logged there and not yet invoiced. Effects: the
    next invoice number of the year; the net amount booked as income in the central
    ledger; the requester notified; the activity log.
    """
    require_manager(coordinator)
    on = on or timezone.localdate()
    # One invoice at a time per project, so the same hours are never billed twice.
    project = Project.objects.select_for_update().select_related("requester").get(pk=project.pk)
    if project.status in NOT_BILLABLE_STATUSES:
        raise BusinessRuleError(_("Only accepted projects are invoiced."))
    view = project_billing(project)
    draft = draft_invoice(view, hours_by_phase, on=on, vat_percent=vat_percent)
    wanted, amounts = draft.wanted, draft.amounts
    price, vat = draft.unit_price, draft.vat_percent
    subtotal, vat_amount, total = draft.subtotal, draft.vat_amount, draft.total
    institution, address = invoice_recipient(project)
    sequence, number = next_number(DocumentKind.INVOICE, on.year)
    check_chronology(Invoice, on)  # after the lock on the series
    invoice = Invoice.objects.create(
        project=project,
        quote=view.quote,
        year=on.year,
        sequence=sequence,
        number=number,
        institution=institution,
        address=address,
        requester_name=str(project.requester),
        requester_email=project.requester.email,
        purchase_order=purchase_order or project.external_reference,
        currency=default_currency(),
        vat_percent=vat,
        vat_note=vat_note,
        hours=sum((billed for _row, billed in wanted), ZERO),
        subtotal=subtotal,
        vat_amount=vat_amount,
        total=total,
        issued_on=on,
        due_on=on + timedelta(days=settings.BILLING_PAYMENT_DAYS),
        issued_by=coordinator,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            order=index,
            phase=row.phase,
            description=row.label,
            logged_hours=row.logged_hours,
            quoted_hours=row.budget_hours if row.quoted else None,
            hours=billed,
            unit_price=price,
            amount=amount,
        )
        for index, ((row, billed), amount) in enumerate(zip(wanted, amounts, strict=True), 1)
    )
    if subtotal != ZERO:
        LedgerEntry.objects.create(
            booked_on=on,
            kind=EntryKind.INVOICE,
            amount=subtotal,
            currency=invoice.currency,
            label=_("Invoice %(number)s – %(title)s") % {"number": number, "title": project.title},
            invoice=invoice,
            recorded_by=coordinator,
        )
    activity.record(actor=coordinator, verb="issued invoice", subject=project, detail=number)
    _tell_requester(invoice)
    return invoice


@transaction.atomic
def mark_paid(*, coordinator: User, invoice: Invoice, paid_on: date | None = None) -> Invoice:
    """Record that an issued invoice was paid (income was booked when it was issued)."""
    require_manager(coordinator)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != InvoiceStatus.ISSUED:
        raise BusinessRuleError(_("Only an issued, unpaid invoice can be marked as paid."))
    paid_on = paid_on or timezone.localdate()
    if paid_on < invoice.issued_on:
        raise BusinessRuleError(_("An invoice cannot be paid before it was issued."))
    invoice.paid_on = paid_on
    invoice.paid_recorded_by = coordinator
    move(
        invoice,
        InvoiceStatus.PAID,
        actor=coordinator,
        verb="marked paid",
        detail=invoice.number,
        extra_fields=("paid_on", "paid_recorded_by"),
    )
    return invoice


def cancellation_refusals(invoice: Invoice) -> list[str]:
    """Why `invoice` cannot be cancelled now (empty when it can)."""
    if invoice.status != InvoiceStatus.ISSUED or InvoiceStatus.CANCELLED not in allowed_moves(
        invoice
    ):
        return [_("Only an issued, unpaid invoice can be cancelled; a paid one needs a refund.")]
    return []


def cancellation_effects(invoice: Invoice) -> list[str]:
    """What cancelling `invoice` will do, for its confirmation page."""
    return [
        _("A credit note of %(total)s takes the next number and cancels the invoice.")
        % {"total": format_money(invoice.total, invoice.currency)},
        _("The ledger records the reversal; the invoice's hours can be invoiced again."),
        _("The requester is told, with your reason."),
    ]


def invoice_effects(project: Project, draft: InvoiceDraft) -> list[str]:
    """What issuing the invoice `draft` for `project` will do, for its confirmation page."""
    institution, _address = invoice_recipient(project)
    return [
        _(
            "An invoice of %(hours)s hours, %(total)s with VAT, to %(institution)s takes the next number."
        )
        % {
            "hours": format_hours(draft.hours),
            "total": format_money(draft.total, default_currency()),
            "institution": institution,
        },
        _("Once issued it is never changed: only a credit note can cancel it."),
        _("The requester is told; the ledger records the income."),
    ]


@transaction.atomic
def cancel_invoice(
    *, coordinator: User, invoice: Invoice, reason: str, on: date | None = None
) -> CreditNote:
    """Cancel an unpaid invoice by a credit note; it is never deleted.

    Effects: the next credit-note number; the invoice marked cancelled; a reversing
    entry in the ledger; its hours can be invoiced again; the requester notified.
    """
    require_manager(coordinator)
    if not reason.strip():
        raise BusinessRuleError(_("Say why the invoice is cancelled."))
    on = on or timezone.localdate()
    invoice = (
        Invoice.objects.select_for_update().select_related("project__requester").get(pk=invoice.pk)
    )
    refusals = cancellation_refusals(invoice)
    if refusals:
        raise BusinessRuleError(refusals)
    if on < invoice.issued_on:
        raise BusinessRuleError(_("A credit note cannot be dated before its invoice."))
    sequence, number = next_number(DocumentKind.CREDIT_NOTE, on.year)
    check_chronology(CreditNote, on)  # after the lock on the series
    note = CreditNote.objects.create(
        invoice=invoice,
        year=on.year,
        sequence=sequence,
        number=number,
        reason=reason.strip(),
        issued_on=on,
        issued_by=coordinator,
    )
    move(
        invoice, InvoiceStatus.CANCELLED, actor=coordinator, verb="cancelled invoice", detail=number
    )
    income = LedgerEntry.objects.filter(invoice=invoice, reverses__isnull=True).first()
    if income is not None:
        LedgerEntry.objects.create(
            booked_on=on,
            kind=EntryKind.INVOICE,
            amount=-income.amount,
            currency=income.currency,
            label=_("Credit note %(number)s cancels invoice %(invoice)s")
            % {"number": number, "invoice": invoice.number},
            invoice=invoice,
            credit_note=note,
            reverses=income,
            recorded_by=coordinator,
        )
    requester = invoice.project.requester
    with in_language_of(requester):
        notify(
            recipient=requester,
            kind=NotificationKind.BILLING_CREDIT_NOTE,
            message=lambda: (
                _("Invoice %(number)s cancelled") % {"number": invoice.number},
                _("Invoice %(invoice)s is cancelled by credit note %(number)s: %(reason)s")
                % {"invoice": invoice.number, "number": number, "reason": note.reason},
            ),
            link=reverse("billing:invoice", args=[invoice.pk]),
        )
    return note


def _tell_requester(invoice: Invoice) -> None:
    requester = invoice.project.requester
    with in_language_of(requester):
        notify(
            recipient=requester,
            kind=NotificationKind.BILLING_INVOICE,
            message=lambda: (
                _("Invoice %(number)s for your project") % {"number": invoice.number},
                _(
                    "Invoice %(number)s for “%(title)s” was sent to %(institution)s: %(hours)s "
                    "hours, %(total)s %(currency)s including VAT, due on %(due)s."
                )
                % {
                    "number": invoice.number,
                    "title": invoice.project.title,
                    "institution": invoice.institution,
                    "hours": invoice.hours,
                    "total": invoice.total,
                    "currency": invoice.currency,
                    "due": date_format(invoice.due_on, "DATE_FORMAT"),
                },
            ),
            link=reverse("billing:invoice", args=[invoice.pk]),
        )
