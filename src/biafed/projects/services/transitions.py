"""Groups of project statuses the services ask about; the moves themselves are declared
in `Project.transitions` and made with `biafed.common.states.move`."""

from biafed.projects.models import Project
from biafed.projects.models import ProjectStatus as S

DECIDABLE = (S.SUBMITTED, S.UNDER_REVIEW)
"""A coordinator decides on a request once it is submitted (normally after the reviews)."""

ACCEPTED = (S.ACCEPTED, S.FEASIBILITY_ACCEPTED)
WITHDRAWABLE = Project.transitions.sources_of(S.WITHDRAWN)
