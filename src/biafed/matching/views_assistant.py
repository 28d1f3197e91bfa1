"""The booking form's assistant (htmx fragments) and the coordinator's count of its feedback.

Each free-text answer of the booking form has an assistant box below it; as the
requester types, the box posts the whole form here (`hx-trigger="keyup changed
delay:400ms"`) and shows what `services.assistant.assist` finds for that answer.
Without JavaScript the form stays a plain form.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.catalogue.text import in_language
from biafed.common.errors import BusinessRuleError
from biafed.common.web import (
    choice_param,
    int_list_param,
    int_param,
    refusals_shown,
    require,
    text_param,
)
from biafed.matching.models import SuggestionAction
from biafed.matching.services import assistant
from biafed.opendesk.views.common import booking_for
from biafed.people.models import ExpertiseTerm

TEXT_READ = 5000
"""Characters read of each answer: what the requester writes, not a hostile flood."""


def _link(name: str, pk: int) -> str:
    """The catalogue page of an entry (its term's id) or of an article."""
    return reverse(name, args=[pk])


@login_required
@require_POST
def assist(request, pk: int):
    booking = booking_for(request, pk, "opendesk.edit_booking")
    field = choice_param(request.POST, "field", assistant.FREE_TEXT_FIELDS, "biological_question")
    answers = {
        name: text_param(request.POST, name, max_length=TEXT_READ)
        for name in (*assistant.FREE_TEXT_FIELDS, "dimensionality", "image_count_and_size")
    }
    chosen = set(int_list_param(request.POST, "topics")) | set(
        int_list_param(request.POST, "tools_tried")
    )
    found = assistant.assist(
        actor=request.user,
        answers=answers,
        field=field,
        exclude=chosen | assistant.dismissed(booking),
    )
    items = [
        {
            "s": s,
            "link": _link("catalogue:entry", s.term.pk),
            "family": s.term.get_family_display(),
        }
        for s in found.suggestions
    ]
    articles = [
        {
            "article": a,
            "link": _link("catalogue:article", a.pk),
            "summary": in_language(a.summary),
        }
        for a in found.articles
    ]
    return render(
        request,
        "matching/_assistant.html",
        {"booking": booking, "help": found, "items": items, "articles": articles, "field": field},
    )


@login_required
@require_POST
def feedback(request, pk: int):
    booking = booking_for(request, pk, "opendesk.edit_booking")
    term_id = int_param(request.POST, "term") or 0
    term = ExpertiseTerm.objects.filter(pk=term_id, is_active=True).first()
    action = choice_param(request.POST, "action", SuggestionAction.values)
    field = choice_param(request.POST, "field", assistant.FREE_TEXT_FIELDS)
    with refusals_shown() as refusal:
        if term is None:
            raise BusinessRuleError(_("This suggestion is no longer offered."))
        assistant.record_feedback(
            actor=request.user, booking=booking, term=term, action=action, field=field
        )
    return render(
        request,
        "matching/_assistant_feedback.html",
        {"term": term, "action": action, "refusal": refusal, "accepted": SuggestionAction.ACCEPTED},
    )


@login_required
def feedback_report(request):
    require(request.user, "matching.allocate")
    return render(
        request,
        "matching/assistant_report.html",
        {"rows": assistant.feedback_counts(), "title": _("The booking assistant’s suggestions")},
    )
