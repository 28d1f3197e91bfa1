"""Tag suggestions for the open-desk booking form, from what the requester has written so far.

The booking form posts its fields here as the requester types (htmx); the
answer is a fragment of buttons, one per suggested term, that tick the matching
box (tools tried, topics) or choose the modality.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.web import int_list_param, text_param
from biafed.matching.services.suggestions import suggest_terms as find_terms
from biafed.people.models import ExpertiseFamily

# The booking form's free-text answers, and the field each family of terms fills.
TEXT_FIELDS = (
    "title",
    "biological_question",
    "objects_of_interest",
    "measurements",
    "dimensionality",
    "tried_so_far",
)
FIELD_OF_FAMILY = {
    ExpertiseFamily.TOOL: "tools_tried",
    ExpertiseFamily.METHOD: "topics",
    ExpertiseFamily.MODALITY: "modality",
}
LIMIT = 8
TEXT_READ = 5000
"""Characters read of each answer: what the requester writes, not a hostile flood."""


def _why(suggestion) -> str:
    if suggestion.how == "phrase":
        return _("you wrote “%(words)s”") % {"words": suggestion.via}
    if suggestion.how == "related":
        return _("often needed with %(term)s") % {"term": suggestion.via}
    return _("close to what you describe")


def _chosen(post) -> set[int]:
    return {pk for field in FIELD_OF_FAMILY.values() for pk in int_list_param(post, field)}


@login_required
@require_POST
def suggest_terms(request):
    text = "\n".join(text_param(request.POST, field, max_length=TEXT_READ) for field in TEXT_FIELDS)
    found = find_terms(
        text=text, families=list(FIELD_OF_FAMILY), exclude=_chosen(request.POST), limit=LIMIT
    )
    items = [
        {
            "term": s.term,
            "field": FIELD_OF_FAMILY[s.term.family],
            "family": s.term.get_family_display(),
            "why": _why(s),
        }
        for s in found
    ]
    return render(request, "matching/suggest_terms.html", {"suggestions": items})
