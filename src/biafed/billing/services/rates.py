"""The network's price per hour and the host-facility credit rates, with their history."""

from bisect import bisect_right
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.billing.models import NetworkRate
from biafed.billing.money import ZERO, money
from biafed.billing.services.common import require_manager
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import User

RATE_FIELDS = ("valid_from", "hourly_price", "facility_credit", "consultation_credit", "note")


def rate_on(day: date) -> NetworkRate | None:
    """The rate in force on `day`: the one with the latest start on or before it."""
    return NetworkRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def current_rate() -> NetworkRate | None:
    return rate_on(timezone.localdate())


class RateBook:
    """All rates loaded once, to price many dates without a query each."""

    def __init__(self) -> None:
        self.rates = list(NetworkRate.objects.order_by("valid_from"))
        self.starts = [rate.valid_from for rate in self.rates]

    def on(self, day: date) -> NetworkRate | None:
        index = bisect_right(self.starts, day)
        return self.rates[index - 1] if index else None


@transaction.atomic
def set_rate(
    *,
    coordinator: User,
    valid_from: date,
    hourly_price: Decimal,
    facility_credit: Decimal,
    consultation_credit: Decimal = ZERO,
    note: str = "",
) -> NetworkRate:
    """Record new rates from `valid_from` on (today or later): past rates are never rewritten."""
    require_manager(coordinator)
    if valid_from < timezone.localdate():
        raise BusinessRuleError(
            _("A new rate starts today or later: the rates of past days are never rewritten.")
        )
    amounts = {
        "hourly_price": money(hourly_price),
        "facility_credit": money(facility_credit),
        "consultation_credit": money(consultation_credit),
    }
    if any(value < ZERO for value in amounts.values()):
        raise BusinessRuleError(_("Rates cannot be negative."))
    if NetworkRate.objects.filter(valid_from=valid_from).exists():
        raise BusinessRuleError(
            _("A rate already starts on %(date)s; choose another start date.")
            % {"date": valid_from.isoformat()}
        )
    try:
        with transaction.atomic():
            rate = NetworkRate.objects.create(
                valid_from=valid_from, note=note, set_by=coordinator, **amounts
            )
    except IntegrityError:  # someone recorded a rate for the same day a moment ago
        raise BusinessRuleError(
            _("A rate already starts on %(date)s; choose another start date.")
            % {"date": valid_from.isoformat()}
        ) from None
    activity.record(
        actor=coordinator,
        verb="set rate",
        subject=rate,
        detail=f"{rate.hourly_price}/h from {valid_from.isoformat()}",
    )
    return rate
