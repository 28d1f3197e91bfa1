"""Closing an account: what the law or the network's statistics need stays (invoices,
ledger entries, bookings and projects as counted rows); the rest is erased or replaced."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.privacy.registry import parts

CLOSED_EMAIL_DOMAIN = "closed.invalid"


def closure_blockers(user) -> list[str]:
    """Why the account cannot be closed yet (upcoming sessions, projects in progress...)."""
    return [reason for part in parts() if part.blockers for reason in part.blockers(user)]


def pseudonym(user) -> str:
    return _("Closed account #%(id)s") % {"id": user.pk}


@transaction.atomic
def close_account(*, actor, user, reason: str = "closed account"):
    """Erase or pseudonymise the person's data and deactivate the account.

    Effects: each app's `erase` runs (files deleted, free-text answers cleared,
    messages deleted...); name, e-mail and institution are replaced; the password is made
    unusable and the account inactive (every session of it ends); the row stays, so
    bookings held, projects, Table 1, invoices and the ledger still add up. `actor` None
    is the retention job."""
    if actor is not None and not actor.has_perm("people.close_account", user):
        raise PermissionDenied(_("You can only close your own account."))
    if user.closed_at is not None:
        return user
    blockers = closure_blockers(user)
    if blockers:
        raise BusinessRuleError(blockers)
    for part in parts():
        if part.erase:
            part.erase(user=user, actor=actor)
    user.full_name = pseudonym(user)
    user.email = f"closed-{user.pk}@{CLOSED_EMAIL_DOMAIN}"
    user.institution = ""
    user.orcid = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.closed_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.__dict__.pop("role_names", None)
    activity.record(actor=actor, verb=reason, subject=user)
    return user
