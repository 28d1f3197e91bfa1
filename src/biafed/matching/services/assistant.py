"""The booking form's assistant: suggestions next to each answer, the next question, articles.

As the requester writes, `assist` reads every answer (`understanding.understand`) and
returns, for the answer being written, the tools and methods its words point to
(with a one-line reason), the next most useful question (from the Twenty Questions
the form already asks) and knowledge-base articles about what the request needs.
Accepting a suggestion adds it to the booking's topics; accepting and dismissing are
recorded (`SuggestionFeedback`) and counted for the coordinator (`feedback_counts`).
"""

import re
from dataclasses import dataclass, field

import rules
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from biafed.catalogue.rules import articles_for
from biafed.common.errors import BusinessRuleError
from biafed.matching.engine import Need
from biafed.matching.models import SuggestionAction, SuggestionFeedback
from biafed.matching.services import understanding as reading
from biafed.opendesk.models import Booking
from biafed.people.models import ExpertiseTerm, User

FREE_TEXT_FIELDS = (
    "title",
    "biological_question",
    "objects_of_interest",
    "measurements",
    "tried_so_far",
)
"""The guided questions answered in the requester's words, each with its assistant."""

LIMIT = 4  # suggestions shown under one answer
MIN_SUGGESTED = 0.15  # weaker needs are not shown
VAGUE_WORDS = 4  # an answer of fewer words is vague

_TOUCHING = re.compile(
    r"touch|overlap|clump|stick|cluster|crowd|se touch|chevauch|coll|agglom|amas|toca|solap|pegad|junt",
    re.IGNORECASE,
)
_DIMENSIONS = re.compile(
    r"\b(2d|3d|4d|z-?stack|stack|volume|pile|time-?lapse|movie|film|video|vídeo|pila|volumen)s?\b",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\d")

QUESTIONS = {
    "touching": (
        "objects_of_interest",
        gettext_lazy("Do the objects touch or overlap each other in the images?"),
    ),
    "objects": (
        "objects_of_interest",
        gettext_lazy("What are the objects in your images (nuclei, cells, bacteria, fibres...)?"),
    ),
    "measure": (
        "measurements",
        gettext_lazy("What exactly must be measured: a count, a size, an intensity, a speed?"),
    ),
    "dimensions": (
        "dimensionality",
        gettext_lazy("Are your images 2D, 3D (z-stacks) or time-lapse?"),
    ),
    "how_many": (
        "image_count_and_size",
        gettext_lazy("How many images do you have, and how big is each file?"),
    ),
}


@dataclass(frozen=True)
class Suggestion:
    term: ExpertiseTerm
    need: Need
    reason: str


@dataclass
class Help:
    suggestions: list[Suggestion] = field(default_factory=list)
    question: str = ""
    question_field: str = ""
    articles: list = field(default_factory=list)
    language: str = "en"


def _reason(need: Need, names: dict[str, str]) -> str:
    """One line saying why, in the viewer's language, from the strongest evidence."""
    for ev in need.evidence:
        if ev.path in ("name", "alias") and ev.words:
            return _("you named it (“%(words)s”)") % {"words": ev.words}
        if ev.path == "feature" and ev.words:
            return _("you wrote “%(words)s”") % {"words": ev.words}
        if ev.path == "operation" and ev.words and need.family != "tool":
            return _("suggested by “%(words)s”") % {"words": ev.words}
        if ev.path == "operation" and ev.words:
            return _("for %(method)s, suggested by “%(words)s”") % {
                "method": names.get(ev.via, ev.via),
                "words": ev.words,
            }
        if ev.path == "text" and ev.words:
            return _("its description mentions %(words)s") % {"words": ev.words}
        if ev.path == "past":
            return _("it helped similar questions")
        if ev.path == "parent":
            return _("it hosts a plugin that may fit")
    return _("close to what you describe")


def next_question(answers: dict[str, str]) -> tuple[str, str]:
    """The most useful question still unanswered: (its field, the question)."""
    text = " ".join(answers.get(f, "") for f in FREE_TEXT_FIELDS)
    objects = answers.get("objects_of_interest", "")
    if len(objects.split()) < VAGUE_WORDS:
        key = "objects"
    elif not _TOUCHING.search(text):  # objects to tell apart: do they touch?
        key = "touching"
    elif len(answers.get("measurements", "").split()) < VAGUE_WORDS:
        key = "measure"
    elif not answers.get("dimensionality") and not _DIMENSIONS.search(text):
        key = "dimensions"
    elif not _COUNT.search(answers.get("image_count_and_size", "")):
        key = "how_many"
    else:
        return "", ""
    where, question = QUESTIONS[key]
    return where, str(question)


def assist(*, actor: User, answers: dict[str, str], field: str, exclude: set[int]) -> Help:
    """What the assistant shows under answer `field`, given every answer so far."""
    segments = [(f, answers.get(f, "")) for f in FREE_TEXT_FIELDS if answers.get(f, "").strip()]
    if not segments:
        return Help()
    understanding = reading.understand(segments)
    reader = reading.understander()
    viewer = (get_language() or "en")[:2]
    concept_names = {c.edam_id: c.label(viewer) for c in reader.concepts.values()}
    wanted = [
        n
        for n in understanding.of_family("tool", "method")
        if n.weight >= MIN_SUGGESTED
        and n.entry not in exclude
        and any(e.field == field for e in n.evidence)
    ][:LIMIT]
    terms = ExpertiseTerm.objects.select_related("catalogue").in_bulk([n.entry for n in wanted])
    help_ = Help(language=understanding.language)
    help_.suggestions = [
        Suggestion(terms[n.entry], n, _reason(n, concept_names)) for n in wanted if n.entry in terms
    ]
    help_.question_field, help_.question = next_question(answers)
    articles = articles_for(actor).prefetch_related("entries", "concepts")
    help_.articles = [f.article for f in reading.articles_for_needs(understanding, articles)]
    return help_


def dismissed(booking: Booking) -> set[int]:
    return set(
        booking.suggestion_feedback.filter(action=SuggestionAction.DISMISSED).values_list(
            "term_id", flat=True
        )
    )


@transaction.atomic
def record_feedback(
    *, actor: User, booking: Booking, term: ExpertiseTerm, action: str, field: str = ""
) -> SuggestionFeedback:
    """The requester accepts (the term joins the booking's topics) or dismisses a suggestion."""
    if not rules.has_perm("opendesk.edit_booking", actor, booking):
        raise BusinessRuleError(_("You cannot change this booking."))
    if action not in SuggestionAction.values:
        raise BusinessRuleError(_("Choose to accept or dismiss the suggestion."))
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        booking=booking,
        term=term,
        defaults={"action": action, "field": field[:40], "by": actor},
    )
    if action == SuggestionAction.ACCEPTED:
        booking.topics.add(term)
    return feedback


def feedback_counts() -> list[dict]:
    """Per suggested term: how often accepted and dismissed, most seen first."""
    rows = (
        SuggestionFeedback.objects.values("term_id", "term__name")
        .annotate(
            accepted=Count("pk", filter=Q(action=SuggestionAction.ACCEPTED)),
            dismissed=Count("pk", filter=Q(action=SuggestionAction.DISMISSED)),
        )
        .order_by("-accepted", "-dismissed", "term__name")
    )
    return [dict(row) for row in rows]
