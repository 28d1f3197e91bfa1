"""Who may use the allocation page: declared once, used by views and querysets."""

import rules
from django.db.models import QuerySet

from biafed.matching.models import AllocationRun
from biafed.opendesk.rules import is_panel_member
from biafed.people.rules import is_staff_member

rules.add_perm("matching.allocate", is_staff_member)
# Past consultations similar to a booking, with other requesters' questions and the advice
# given: its panel and coordinators. Its requester sees only the tools that helped.
rules.add_perm("matching.view_similar_cases", is_panel_member | is_staff_member)


def visible_runs(user, queryset: QuerySet | None = None) -> QuerySet:
    """The allocation runs `user` may see: the queryset form of `matching.allocate`."""
    qs = AllocationRun.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not is_staff_member(user):
        return qs.none()
    return qs
