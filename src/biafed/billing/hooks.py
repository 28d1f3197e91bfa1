"""How billing plugs into the registries of the apps below it (called from
`BillingConfig.ready()`): a quote before any project work, the homes' billing lists."""

from django.urls import reverse
from django.utils.translation import gettext as _

from biafed.billing import home
from biafed.billing.models import Quote, QuoteStatus
from biafed.common.home import register_home_section
from biafed.projects.registry import StartBlocker, register_start_condition


def register() -> None:
    register_start_condition(quote_needed)
    register_home_section("coordinator", home.coordinator_home)
    register_home_section("facility_manager", home.facility_manager_home)


def quote_needed(project) -> StartBlocker | None:
    """The request form promises a quote before any work: none current, the work waits."""
    if Quote.objects.filter(project=project, status=QuoteStatus.CURRENT).exists():
        return None
    return StartBlocker(
        message=_("Quote needed before work starts."),
        url=reverse("billing:project", args=[project.pk]),
        action=_("Issue the quote"),
    )
