from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from biafed.billing.models import NetworkRate
from biafed.billing.services.rates import RateBook, current_rate, rate_on, set_rate
from biafed.common.errors import BusinessRuleError
from tests.billing.factories import rate


@pytest.fixture
def history(db):
    return [
        rate(date(2024, 1, 1), price="50.00"),
        rate(date(2025, 1, 1), price="55.00"),
        rate(date(2025, 7, 1), price="60.00"),
    ]


@pytest.mark.parametrize(
    ("day", "price"),
    [
        (date(2023, 12, 31), None),
        (date(2024, 1, 1), "50.00"),
        (date(2024, 12, 31), "50.00"),
        (date(2025, 1, 1), "55.00"),
        (date(2025, 6, 30), "55.00"),
        (date(2025, 7, 1), "60.00"),
        (date(2030, 1, 1), "60.00"),
    ],
)
def test_rate_on_is_the_latest_start_on_or_before_the_day(history, day, price):
    found = rate_on(day)
    assert (found.hourly_price if found else None) == (Decimal(price) if price else None)
    book = RateBook().on(day)
    assert book == found


def test_set_rate_from_today_becomes_current(coordinator):
    today = timezone.localdate()
    new = set_rate(
        coordinator=coordinator,
        valid_from=today,
        hourly_price="62.5",
        facility_credit=Decimal("45"),
        consultation_credit=Decimal("0"),
        note="Board decision",
    )
    assert current_rate() == new
    assert (new.hourly_price, new.facility_credit) == (Decimal("62.50"), Decimal("45.00"))


def test_set_rate_refuses_a_past_start_so_history_is_never_rewritten(coordinator, history):
    with pytest.raises(BusinessRuleError, match="past days are never rewritten"):
        set_rate(
            coordinator=coordinator,
            valid_from=timezone.localdate() - timedelta(days=1),
            hourly_price=Decimal("10"),
            facility_credit=Decimal("5"),
        )
    assert [r.hourly_price for r in NetworkRate.objects.order_by("valid_from")] == [
        Decimal("50.00"),
        Decimal("55.00"),
        Decimal("60.00"),
    ]


def test_set_rate_refuses_two_rates_starting_the_same_day(coordinator):
    start = timezone.localdate() + timedelta(days=10)
    set_rate(coordinator=coordinator, valid_from=start, hourly_price=1, facility_credit=1)
    with pytest.raises(BusinessRuleError, match="already starts"):
        set_rate(coordinator=coordinator, valid_from=start, hourly_price=2, facility_credit=1)


def test_set_rate_refuses_negative_amounts(coordinator):
    with pytest.raises(BusinessRuleError):
        set_rate(
            coordinator=coordinator,
            valid_from=timezone.localdate(),
            hourly_price=Decimal("-1"),
            facility_credit=Decimal("0"),
        )


def test_rates_are_never_changed_or_deleted(history):
    first = history[0]
    first.hourly_price = Decimal("1")
    with pytest.raises(TypeError):
        first.save()
    with pytest.raises(TypeError):
        first.delete()
    with pytest.raises(TypeError):
        NetworkRate.objects.filter(pk=first.pk).update(hourly_price=Decimal("1"))
    assert NetworkRate.objects.get(pk=first.pk).hourly_price == Decimal("50.00")
