"""Peer help: an analyst asks the network about a local user's problem; members answer."""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common.activity import record
from biafed.common.errors import BusinessRuleError
from biafed.common.validators import check_fields
from biafed.network.models import HelpReply, HelpThread, TopicKind
from biafed.network.notification_kinds import NotificationKind
from biafed.network.services.common import require
from biafed.network.services.meetings import propose_topic
from biafed.notifications.services import in_language_of, notify
from biafed.people.models import User


@transaction.atomic
def ask_for_help(*, analyst: User, title: str, question: str) -> HelpThread:
    """Open a thread, readable by members only (the membership rules' confidentiality)."""
    require(analyst, "network.ask_help")
    if not title.strip() or not question.strip():
        raise BusinessRuleError(_("Give your request a title and describe the problem."))
    thread = HelpThread(title=title, question=question, asked_by=analyst)
    check_fields(thread, "title", "question")
    thread.save()
    record(actor=analyst, verb="asked the network for help", subject=thread)
    return thread


@transaction.atomic
def answer(*, member: User, thread: HelpThread, body: str) -> HelpReply:
    """A member answers; the one who asked is notified."""
    require(member, "network.view_network")
    if not body.strip():
        raise BusinessRuleError(_("Write an answer before sending it."))
    reply = HelpReply(thread=thread, author=member, body=body)
    check_fields(reply, "body")
    reply.save()
    if thread.asked_by_id != member.pk:
        with in_language_of(thread.asked_by):
            notify(
                recipient=thread.asked_by,
                kind=NotificationKind.HELP_ANSWER,
                message=lambda: (
                    _("%(name)s answered your request “%(title)s”")
                    % {"name": member, "title": thread.title},
                    body[:500],
                ),
                link=reverse("network:thread", args=[thread.pk]),
            )
    record(actor=member, verb="answered", subject=thread)
    return reply


@transaction.atomic
def mark_solved(*, analyst: User, thread: HelpThread) -> HelpThread:
    """The one who asked says the problem is solved."""
    if thread.asked_by_id != analyst.pk and not analyst.has_perm("network.record_membership"):
        raise BusinessRuleError(_("Only the member who asked can mark the request solved."))
    thread.solved_at = thread.solved_at or timezone.now()
    thread.save(update_fields=["solved_at", "updated_at"])
    record(actor=analyst, verb="marked solved", subject=thread)
    return thread


def bring_to_meeting(*, member: User, thread: HelpThread, meeting: Any) -> Any:
    """Propose the request as a topic of a coming meeting ("help asked by a peer")."""
    return propose_topic(
        member=member,
        meeting=meeting,
        kind=TopicKind.PEER_HELP,
        title=thread.title,
        summary=thread.question,
        help_thread=thread,
    )
