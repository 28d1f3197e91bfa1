"""The network's indicators in the report to the umbrella infrastructure (registered into
`biafed.reporting.registry` from `hooks.py`): meetings, topics, peer help, shared resources.
Network life is not attributed to host facilities (`per_site=False`)."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from biafed.network import selectors
from biafed.network.models import ResourceKind, TopicKind
from biafed.reporting.registry import register_indicator, register_part_labels

NETWORK_LIFE = _("Network life")


class HelpRequests(TextChoices):
    """The parts of `network.help_threads` (stable keys; pages show the labels)."""

    OPENED = "opened", _("Requests asked")
    ANSWERED = "answered", _("Answered by another member")


def register_indicators() -> None:
    register_part_labels(TopicKind)
    register_part_labels(ResourceKind)
    register_part_labels(HelpRequests)
    register_indicator(
        key="network.meetings_held",
        label=_("Meetings held"),
        category=NETWORK_LIFE,
        unit="count",
        definition=_("Network meetings and events held, counted by their start, in the period."),
        compute=lambda *, start, end, site=None: selectors.meetings_held(start=start, end=end),
        per_site=False,
    )
    register_indicator(
        key="network.topics_by_kind",
        label=_("Meeting topics by kind"),
        category=NETWORK_LIFE,
        unit="count",
        definition=_(
            "Topics discussed at the meetings held in the period, by kind (a member's tool "
            "or pipeline, help on a user project, an article or new tool, organisation)."
        ),
        compute=lambda *, start, end, site=None: selectors.topics_by_kind(start=start, end=end),
        per_site=False,
    )
    register_indicator(
        key="network.help_threads",
        label=_("Peer-help requests"),
        category=NETWORK_LIFE,
        unit="count",
        definition=_(
            "Requests for help an analyst asked the network in the period, and how many "
            "of them got an answer from another member."
        ),
        compute=lambda *, start, end, site=None: {
            "opened": selectors.help_threads_opened(start=start, end=end),
            "answered": selectors.help_threads_answered(start=start, end=end),
        },
        per_site=False,
    )
    register_indicator(
        key="network.resources_shared",
        label=_("Shared resources"),
        category=NETWORK_LIFE,
        unit="count",
        definition=_("Code, datasets and compute resources members shared in the period, by kind."),
        compute=lambda *, start, end, site=None: selectors.resources_shared(start=start, end=end),
        per_site=False,
    )
