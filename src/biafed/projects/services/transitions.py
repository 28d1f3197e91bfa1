"""The project state machine: every status change goes through `move_to`.

draft ──submit──▶ submitted ──open review──▶ under_review ──decide──▶ accepted
  │                  ▲    │                      │                 feasibility_accepted
  │                  │    └──decide (early)──────┤                 info_requested ──resubmit──▶ submitted
  │                  │                           └─────────────────declined
  │                  └──────────── resubmit ◀── info_requested
accepted / feasibility_accepted ──assign team──▶ assigning ──both accept──▶ active
active ──complete──▶ completed          active ──no-go──▶ closed_no_go
any state before active ──withdraw──▶ withdrawn
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.projects.models import FINAL_STATUSES, Project
from biafed.projects.models import ProjectStatus as S

ALLOWED = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.UNDER_REVIEW, S.INFO_REQUESTED, S.DECLINED, S.WITHDRAWN},
    S.UNDER_REVIEW: {
        S.ACCEPTED,
        S.FEASIBILITY_ACCEPTED,
        S.INFO_REQUESTED,
        S.DECLINED,
        S.WITHDRAWN,
    },
    S.INFO_REQUESTED: {S.SUBMITTED, S.WITHDRAWN},
    S.ACCEPTED: {S.ASSIGNING, S.WITHDRAWN},
    S.FEASIBILITY_ACCEPTED: {S.ASSIGNING, S.WITHDRAWN},
    S.ASSIGNING: {S.ACTIVE, S.WITHDRAWN},
    S.ACTIVE: {S.COMPLETED, S.CLOSED_NO_GO},
    S.COMPLETED: set(),
    S.CLOSED_NO_GO: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
}

DECIDABLE = (S.SUBMITTED, S.UNDER_REVIEW)
"""A coordinator decides on a request once it is submitted (normally after the reviews)."""

ACCEPTED = (S.ACCEPTED, S.FEASIBILITY_ACCEPTED)
WITHDRAWABLE = tuple(s for s, targets in ALLOWED.items() if S.WITHDRAWN in targets)


def move_to(project: Project, status: str, *, actor, detail: str = "") -> Project:
    """Change `project.status` (not saved) if the state machine allows it; log who and when.

    Entering a final status also stamps `closed_at`."""
    if status == project.status:
        return project
    if status not in ALLOWED[project.status]:
        raise BusinessRuleError(
            _("A project that is “%(current)s” cannot become “%(new)s”.")
            % {"current": project.get_status_display(), "new": S(status).label}
        )
    previous = project.status
    project.status = status
    if status in FINAL_STATUSES:
        project.closed_at = timezone.now()
    activity.record(actor=actor, verb=f"{previous}->{status}", subject=project, detail=detail)
    return project
