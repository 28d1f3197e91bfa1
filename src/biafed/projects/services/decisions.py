"""The coordinator's decision on a request: accept, accept as a feasibility study, ask for
more information, or decline with guidance. Each one is a `Decision` row (who, when, why)."""

from decimal import Decimal

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move
from biafed.people.models import User
from biafed.projects.models import (
    Decision,
    DecisionKind,
    Phase,
    PhaseKind,
    Project,
    RoundStatus,
)
from biafed.projects.models import ProjectStatus as S
from biafed.projects.rules import may
from biafed.projects.services.common import lock, project_url, tell
from biafed.projects.services.transitions import DECIDABLE

TARGET: dict[str, S] = {
    DecisionKind.ACCEPT: S.ACCEPTED,
    DecisionKind.ACCEPT_FEASIBILITY: S.FEASIBILITY_ACCEPTED,
    DecisionKind.REQUEST_INFO: S.INFO_REQUESTED,
    DecisionKind.DECLINE: S.DECLINED,
}


def _first_phase(project: Project, kind: str) -> Phase:
    feasibility = kind == DecisionKind.ACCEPT_FEASIBILITY
    return Phase.objects.create(
        project=project,
        order=1,
        kind=PhaseKind.FEASIBILITY if feasibility else PhaseKind.IMPLEMENTATION,
        title=_("Feasibility study") if feasibility else _("Implementation"),
        goals=project.expected_outputs,
        budget_hours=project.estimated_hours,  # type: ignore[misc]  # set when accepting
    )


def early_decision_warnings(project: Project) -> list[str]:
    """What the coordinator is told before deciding while the project's review round is
    still open (empty otherwise): the decision then needs a confirmation."""
    review_round = project.review_round
    if review_round is None or review_round.status != RoundStatus.OPEN:
        return []
    reviews = project.reviews.filter(review_round=review_round).count()
    return [
        ngettext(
            "The review round “%(round)s” is still open (reviews due %(deadline)s) and "
            "%(n)s review is in: deciding now ends the review of this request.",
            "The review round “%(round)s” is still open (reviews due %(deadline)s) and "
            "%(n)s reviews are in: deciding now ends the review of this request.",
            reviews,
        )
        % {
            "round": review_round.title,
            "deadline": formats.date_format(review_round.review_deadline),
            "n": reviews,
        }
    ]


def decision_effects(
    project: Project, *, kind: str, estimated_hours: Decimal | None = None, **_answers: object
) -> list[str]:
    """What recording decision `kind` on `project` will do, for its confirmation page (with
    `early_decision_warnings` first)."""
    effects = list(early_decision_warnings(project))
    if kind in (DecisionKind.ACCEPT, DecisionKind.ACCEPT_FEASIBILITY):
        effects.append(
            _("The request is accepted and a first phase of %(hours)s hours is planned.")
            % {"hours": formats.number_format(estimated_hours or 0, decimal_pos=None)}
        )
    elif kind == DecisionKind.REQUEST_INFO:
        effects.append(_("The request goes back to the requester to complete."))
    elif kind == DecisionKind.DECLINE:
        effects.append(_("The request is declined and closed; it cannot be reopened."))
    effects.append(_("The requester is told the decision and your explanation."))
    return effects


@transaction.atomic
def decide(
    *,
    coordinator: User,
    project: Project,
    kind: str,
    rationale: str,
    guidance: str = "",
    estimated_hours: Decimal | None = None,
    duration_weeks: int | None = None,
) -> Decision:
    """Record the decision and move the request; the requester is told the decision and why.

    - accept / accept as feasibility study: needs the estimate in hours; the first phase
      (implementation, or feasibility study) is planned with that budget;
    - ask for more information: the request goes back to the requester, who edits and
      resubmits it;
    - decline: needs guidance (e.g. a research group to contact); the request is closed and
      the guidance becomes its conclusion.
    """
    if not may(coordinator, "projects.decide"):
        raise BusinessRuleError(_("Only coordinators decide on project requests."))
    project = lock(project)
    if kind not in TARGET:
        raise BusinessRuleError(_("Choose a decision."))
    if project.status not in DECIDABLE:
        raise BusinessRuleError(_("This request is not waiting for a decision."))
    if not rationale.strip():
        raise BusinessRuleError(_("Explain the decision: the requester will read it."))
    accepting = kind in (DecisionKind.ACCEPT, DecisionKind.ACCEPT_FEASIBILITY)
    if accepting and (estimated_hours is None or estimated_hours <= 0):
        raise BusinessRuleError(_("Give the accepted estimate in hours."))
    if kind == DecisionKind.DECLINE and not guidance.strip():
        raise BusinessRuleError(
            _("Tell the requester where to go instead (for example a research group to contact).")
        )
    if accepting:
        project.estimated_hours = estimated_hours
        project.planned_duration_weeks = duration_weeks
    if kind == DecisionKind.DECLINE:
        project.notes = f"{rationale.strip()}\n\n{guidance.strip()}"
    move(
        project,
        TARGET[kind],
        actor=coordinator,
        detail=rationale,
        extra_fields=("estimated_hours", "planned_duration_weeks", "notes"),
    )
    if accepting:
        _first_phase(project, kind)
    decision = Decision.objects.create(
        project=project,
        kind=kind,
        rationale=rationale.strip(),
        guidance=guidance.strip(),
        estimated_hours=estimated_hours if accepting else None,
        duration_weeks=duration_weeks if accepting else None,
        decided_by=coordinator,
    )
    activity.record(actor=coordinator, verb=f"decided {kind}", subject=project, detail=rationale)

    def message() -> tuple[str, str]:
        body = _("Decision: %(kind)s\n\n%(why)s") % {
            "kind": decision.get_kind_display(),
            "why": decision.rationale,
        }
        if decision.guidance:
            body += "\n\n" + decision.guidance
        if kind == DecisionKind.REQUEST_INFO:
            body += "\n\n" + _("Please complete your request and submit it again.")
        return _("Decision on your project request: %(title)s") % {"title": project.title}, body

    tell([project.requester], message=message, link=project_url(project))
    return decision
