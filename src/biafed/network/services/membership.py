"""Membership history: when each analyst and host facility joined or left the network."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from biafed.common.activity import record
from biafed.common.errors import BusinessRuleError
from biafed.network.models import Membership
from biafed.network.services.common import require
from biafed.people.models import User


def _current(*, analyst: Any = None, facility: Any = None) -> Any:
    return Membership.objects.filter(analyst=analyst, facility=facility, left_on__isnull=True)


@transaction.atomic
def record_joining(
    *, coordinator: User, on: date, analyst: Any = None, facility: Any = None
) -> Membership:
    require(coordinator, "network.record_membership")
    if (analyst is None) == (facility is None):
        raise BusinessRuleError(_("Choose either an analyst or a host facility."))
    if _current(analyst=analyst, facility=facility).exists():
        raise BusinessRuleError(_("%(who)s is already a member.") % {"who": analyst or facility})
    membership = Membership.objects.create(analyst=analyst, facility=facility, joined_on=on)
    record(actor=coordinator, verb="joined", subject=membership, detail=str(on))
    return membership


@transaction.atomic
def record_leaving(
    *, coordinator: User, on: date, analyst: Any = None, facility: Any = None
) -> Membership:
    require(coordinator, "network.record_membership")
    membership = _current(analyst=analyst, facility=facility).select_for_update().first()
    if membership is None:
        raise BusinessRuleError(
            _("%(who)s is not a member at the moment.") % {"who": analyst or facility}
        )
    if on < membership.joined_on:
        raise BusinessRuleError(_("The leaving date comes before the joining date."))
    membership.left_on = on
    membership.save(update_fields=["left_on"])
    record(actor=coordinator, verb="left", subject=membership, detail=str(on))
    return membership
