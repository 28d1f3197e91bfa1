from django import template

from biafed.projects.models import ProjectStatus
from biafed.projects.rules import may, visible_projects
from biafed.projects.services.requests import CONVERTIBLE_BOOKING_STATUSES

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


@register.simple_tag(takes_context=True)
def from_booking(context, booking):
    """For the open-desk booking page: the projects that came from this booking (visible to
    the person) and whether they may propose one."""

    user = context["request"].user
    projects = list(
        visible_projects(user)
        .filter(source_booking=booking)
        .exclude(status=ProjectStatus.WITHDRAWN)
    )
    can_convert = (
        not projects
        and booking.status in CONVERTIBLE_BOOKING_STATUSES
        and may(user, "projects.convert_booking", booking)
    )
    return {"projects": projects, "can_convert": can_convert}
