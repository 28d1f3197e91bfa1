from datetime import date
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from biafed.billing import rules as billing_rules  # noqa: F401  (registers the rules)
from biafed.billing.models import NumberSeries, format_number
from biafed.common.errors import BusinessRuleError
from biafed.people.models import User


def require_manager(actor: User) -> None:
    """Money changes are coordinators' work; views check first, services check again."""
    if actor is None or not rules.has_perm("billing.manage", actor):
        raise PermissionDenied


def next_number(kind: str, year: int) -> tuple[int, str]:
    """The next gap-free number of `kind` in `year`, as (sequence, formatted number).

    Must run inside the transaction that stores the document: the series row stays
    locked until it commits, and a rollback gives the number back.
    """
    assert transaction.get_connection().in_atomic_block, "next_number needs a transaction"
    NumberSeries.objects.get_or_create(kind=kind, year=year)
    series = NumberSeries.objects.select_for_update().get(kind=kind, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return series.last, format_number(kind, year, series.last)


def check_chronology(model: Any, on: date) -> None:
    """Numbers follow dates: refuse a document dated before the latest one of its year."""

    if model.objects.filter(year=on.year, issued_on__gt=on).exists():
        raise BusinessRuleError(
            _("A %(kind)s dated later than %(date)s already exists: numbers must follow dates.")
            % {"kind": model._meta.verbose_name, "date": on.isoformat()}
        )
