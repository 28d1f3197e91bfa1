from django import template

register = template.Library()


@register.simple_tag
def score_of(review, criterion):
    """The review's score on `criterion` (scores prefetched), or an em dash."""
    for score in review.scores.all():
        if score.criterion_id == criterion.pk:
            return score.score
    return "—"


@register.simple_tag
def mean_of(row, criterion):
    return row.criterion_means.get(criterion.pk, "—")
