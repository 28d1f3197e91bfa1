"""Credits to host facilities for the hours their analysts gave.

The rule: each hour is credited at the rate in force on the day it was given —
`facility_credit` per hour of project work or mentoring, `consultation_credit` per
open-desk hour — rounded to the cent per line. Each effort entry and each open-desk
seat is credited at most once; hours given before the first rate are not credited.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.billing.models import (
    CreditLine,
    EntryKind,
    FacilityCredit,
    HourKind,
    LedgerEntry,
)
from biafed.billing.money import ZERO, default_currency, line_amount
from biafed.billing.services.common import require_manager
from biafed.billing.services.ledger import reversal_of
from biafed.billing.services.rates import RateBook
from biafed.billing.statements import GivenHours, hours_given
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import HostFacility, User


@dataclass
class CreditProposal:
    facility: HostFacility
    up_to: date
    lines: list[tuple[GivenHours, Decimal, Decimal]]  # (hours given, rate, amount)
    without_rate: list[GivenHours]

    @property
    def hours(self) -> Decimal:
        return sum((given.hours for given, _r, _a in self.lines), ZERO)

    @property
    def amount(self) -> Decimal:
        return sum((amount for _g, _r, amount in self.lines), ZERO)


def propose_credit(facility: HostFacility, *, up_to: date) -> CreditProposal:
    """The hours given up to `up_to` not credited yet, priced by the credit rule."""
    book = RateBook()
    lines, without_rate = [], []
    for given in hours_given(facility, end=up_to):
        if given.credit is not None:
            continue
        rate = book.on(given.date)
        if rate is None:
            without_rate.append(given)
            continue
        per_hour = (
            rate.consultation_credit
            if given.kind == HourKind.CONSULTATION
            else rate.facility_credit
        )
        lines.append((given, per_hour, line_amount(given.hours, per_hour)))
    return CreditProposal(facility=facility, up_to=up_to, lines=lines, without_rate=without_rate)


@transaction.atomic
def record_credit(
    *,
    coordinator: User,
    facility: HostFacility,
    up_to: date,
    note: str = "",
    on: date | None = None,
) -> FacilityCredit:
    """Credit a host facility for the hours its analysts gave up to `up_to`.

    Effects: a credit with one line per effort entry or open-desk seat; the amount
    booked out of the central ledger; the activity log.
    """
    require_manager(coordinator)
    on = on or timezone.localdate()
    if up_to > on:
        raise BusinessRuleError(_("Hours can only be credited once they have been given."))
    # Serialise credits of one facility; the partial unique indexes are the last word.
    facility = HostFacility.objects.select_for_update().get(pk=facility.pk)
    proposal = propose_credit(facility, up_to=up_to)
    if not proposal.lines:
        raise BusinessRuleError(_("There are no hours left to credit up to that date."))
    try:
        with transaction.atomic():
            credit = FacilityCredit.objects.create(
                facility=facility,
                up_to=up_to,
                hours=proposal.hours,
                amount=proposal.amount,
                currency=default_currency(),
                note=note.strip(),
                recorded_by=coordinator,
            )
            CreditLine.objects.bulk_create(
                CreditLine(
                    credit=credit,
                    kind=given.kind,
                    effort_id=given.effort_id,
                    panel_seat_id=given.seat_id,
                    analyst=given.analyst,
                    project=given.project,
                    date=given.date,
                    hours=given.hours,
                    rate=rate,
                    amount=amount,
                )
                for given, rate, amount in proposal.lines
            )
    except IntegrityError:
        raise BusinessRuleError(
            _("Some of these hours were credited a moment ago; reload the statement.")
        ) from None
    if credit.amount > ZERO:
        LedgerEntry.objects.create(
            booked_on=on,
            kind=EntryKind.FACILITY_CREDIT,
            amount=-credit.amount,
            currency=credit.currency,
            label=_("Credit to %(facility)s for %(hours)s hours up to %(date)s")
            % {"facility": facility.name, "hours": credit.hours, "date": up_to.isoformat()},
            facility=facility,
            facility_credit=credit,
            recorded_by=coordinator,
        )
    activity.record(
        actor=coordinator,
        verb="credited facility",
        subject=facility,
        detail=f"{credit.hours} h, {credit.amount} {credit.currency}",
    )
    return credit


@transaction.atomic
def reverse_credit(
    *, coordinator: User, credit: FacilityCredit, reason: str, on: date | None = None
) -> LedgerEntry | None:
    """Undo a credit recorded by mistake: a reversing ledger entry; its hours can be credited again."""
    require_manager(coordinator)
    if not reason.strip():
        raise BusinessRuleError(_("Say why the credit is reversed."))
    line_ids = list(
        CreditLine.objects.select_for_update()
        .filter(credit=credit, active=True)
        .values_list("pk", flat=True)
    )
    if not line_ids:
        raise BusinessRuleError(_("This credit has already been reversed."))
    CreditLine.objects.filter(pk__in=line_ids).update(active=False)
    entry = LedgerEntry.objects.filter(facility_credit=credit, reverses__isnull=True).first()
    reversal = None
    if entry is not None:
        reversal = reversal_of(
            entry,
            coordinator=coordinator,
            label=_("Reversal of the credit to %(facility)s: %(reason)s")
            % {"facility": credit.facility.name, "reason": reason.strip()},
            booked_on=on or timezone.localdate(),
        )
    activity.record(
        actor=coordinator, verb="reversed credit", subject=credit.facility, detail=reason
    )
    return reversal
