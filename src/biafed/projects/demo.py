"""Demo collaborative projects (`data/demo_projects.json`): one or more in every state,
including the five projects of Table 1 of the F-BIAS paper with their titles and hours,
built through the services (then back-dated), so the demo obeys the same rules as real use.

Called by `load_demo` after the open-desk demo network exists.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from biafed.common.data import read_data
from biafed.opendesk.models import Booking, BookingStatus
from biafed.people.models import ExpertiseTerm, HostFacility, Role, User
from biafed.people.services import grant_role
from biafed.projects.demo_history import load_history
from biafed.projects.models import (
    Comment,
    Decision,
    DecisionKind,
    EffortActivity,
    EffortEntry,
    Feasibility,
    Phase,
    ProgressReport,
    Project,
    ProjectCapacity,
    ProjectStatus,
    ReviewRound,
    TeamInvitation,
    TeamRole,
)
from biafed.projects.registry import start_conditions_waived
from biafed.projects.services import decisions, requests, review, team, work

TEAM = (TeamRole.LEAD, TeamRole.MENTOR)


def _answers(title: str, summary: str, requester: User, **extra) -> dict:
    return {
        "title": title,
        "summary": summary,
        "biological_question": extra.pop("question", ""),
        "images_description": extra.pop("images", ""),
        "expected_outputs": extra.pop("outputs", "A documented pipeline and a short report."),
        "requester_institution": requester.institution,
        "funding_source": extra.pop("funding", "ANR project grant"),
        "invoice_institution": extra.pop("invoice", requester.institution),
        "invoice_address": extra.pop("address", ""),
        **extra,
    }


class _Demo:
    def __init__(self):
        self.users = {u.email: u for u in User.objects.all()}
        self.coordinator = self.users["coordinator@example.org"]
        self.terms = {t.name: t for t in ExpertiseTerm.objects.all()}
        self.criteria = review.ensure_default_criteria()
        self.count = 0

    def u(self, email: str) -> User:
        return self.users[email]

    def topics(self, names) -> list[ExpertiseTerm]:
        return [self.terms[n] for n in names if n in self.terms]

    # --- people -----------------------------------------------------------------------

    def people(self, committee: list[str], capacities: list[dict]) -> None:
        """The committee, and the analysts' project hours (approved by their facility's head)."""
        for email in committee:
            grant_role(actor=self.coordinator, user=self.u(email), role=Role.COMMITTEE)
        managers = {
            f.pk: f.managers.first() for f in HostFacility.objects.prefetch_related("managers")
        }
        for entry in capacities:
            analyst = self.u(entry["analyst"])
            hours = Decimal(entry["hours_per_month"])
            capacity = team.declare_capacity(analyst=analyst, hours_per_month=hours)
            if not entry["approved"]:
                continue
            manager = managers.get(analyst.analyst_profile.host_facility_id) or self.coordinator
            if manager.pk == analyst.pk:
                manager = self.coordinator
            team.approve_capacity(manager=manager, capacity=capacity)

    # --- building blocks --------------------------------------------------------------

    def request(self, requester: User, answers: dict, topics=()) -> Project:
        project = requests.start_request(requester=requester)
        requests.save_answers(
            actor=requester, project=project, answers=answers, topics=self.topics(topics)
        )
        self.count += 1
        return requests.submit_request(requester=requester, project=project)

    def reviewed(self, project: Project, round_: ReviewRound, reviews: list[dict]) -> Project:
        """Send to review and add reviews (reviewer, feasibility, hours, score: one score
        per criterion is derived from it)."""
        project = review.send_to_review(
            coordinator=self.coordinator, project=project, review_round=round_
        )
        for n, entry in enumerate(reviews):
            score = entry["score"]
            review.submit_review(
                reviewer=self.u(entry["reviewer"]),
                project=project,
                values={
                    "feasibility": entry["feasibility"],
                    "effort_hours": Decimal(entry["hours"]),
                    "start_delay_weeks": 2 + n,
                    "duration_weeks": 8 + 2 * n,
                    "comment": "",
                },
                scores={
                    c.pk: max(0, min(5, score + (i % 2) - n % 2))
                    for i, c in enumerate(self.criteria)
                },
                expertise=list(project.topics.all()),
            )
        return project

    def decide(self, project: Project, kind: str, rationale: str, hours=None, guidance=""):
        decisions.decide(
            coordinator=self.coordinator,
            project=project,
            kind=kind,
            rationale=rationale,
            guidance=guidance,
            estimated_hours=Decimal(hours) if hours is not None else None,
            duration_weeks=12 if hours is not None else None,
        )
        project.refresh_from_db()
        return project

    def start(self, project: Project, lead: str, mentor: str | None, accepted=TEAM) -> Project:
        """Assign the team; the invitations of the roles in `accepted` are accepted."""
        team.assign_team(
            coordinator=self.coordinator,
            project=project,
            lead=self.u(lead),
            mentor=self.u(mentor) if mentor else None,
        )
        # the demo's history: billing records each project's quote afterwards, dated then
        with start_conditions_waived():
            for invitation in TeamInvitation.objects.filter(
                project=project, status="pending", role__in=accepted
            ):
                team.answer_invitation(
                    analyst=invitation.analyst, invitation=invitation, accept=True
                )
        project.refresh_from_db()
        return project

    def log(self, project: Project, day, entries: list[dict], consultation=()) -> None:
        """Log effort as analysts do: a few hours a day (at most 6), on working days.
        Entries: phase (order), activity, hours, by_mentor; consultations: hours of calls."""
        phases = {p.order: p for p in project.phases.all()}
        for entry in entries:
            by_mentor = entry["by_mentor"] and project.mentor
            analyst = project.mentor if by_mentor else project.lead
            left = Decimal(str(entry["hours"]))
            while left > 0:
                chunk = min(Decimal(6), left)
                day += timedelta(days=1 if day.weekday() < 4 else 3)
                work.log_effort(
                    analyst=analyst,
                    project=project,
                    day=day,
                    hours=chunk,
                    activity_kind=entry["activity"],
                    phase=phases.get(entry["phase"]),
                )
                left -= chunk
        for n, hours in enumerate(consultation):
            work.log_effort(
                analyst=project.lead,
                project=project,
                day=day - timedelta(days=7 * (n + 1)),
                hours=Decimal(hours),
                activity_kind=EffortActivity.CONSULTATION,
                note="Video call with the requester",
            )

    def backdate(self, project: Project, start: datetime, *, days: int) -> None:
        """Move the project's history to `start` (submission) … `start + days` (closure)."""
        shift = start - (project.submitted_at or project.created_at)
        Project.objects.filter(pk=project.pk).update(
            created_at=F("created_at") + shift,
            submitted_at=F("submitted_at") + shift,
            started_at=F("started_at") + shift,
            updated_at=start + timedelta(days=days),
        )
        if project.closed_at:
            Project.objects.filter(pk=project.pk).update(closed_at=start + timedelta(days=days))
        Decision.objects.filter(project=project).update(decided_at=F("decided_at") + shift)
        Phase.objects.filter(project=project).update(
            started_at=F("started_at") + shift, decided_at=F("decided_at") + shift
        )
        Phase.objects.filter(project=project, ended_at__isnull=False).update(
            ended_at=F("decided_at")
        )
        ProgressReport.objects.filter(project=project).update(
            submitted_at=F("submitted_at") + shift
        )
        Comment.objects.filter(project=project).update(created_at=F("created_at") + shift)

    # --- Table 1 ----------------------------------------------------------------------

    def table1(self, spec: dict) -> None:
        """The five projects of Table 1, in a past round, worked on and back-dated."""
        now = timezone.now()
        past_round = review.create_round(
            coordinator=self.coordinator,
            title=spec["round"]["title"],
            review_deadline=(now - timedelta(days=spec["round"]["deadline_days_ago"])).date(),
        )
        for entry in spec["projects"]:
            self.table1_project(entry, spec, past_round, now)
        review.close_round(coordinator=self.coordinator, review_round=past_round)
        for entry in spec["projects"]:
            if "publication" in entry:
                work.add_publication(
                    actor=self.u(entry["requester"]),
                    project=Project.objects.get(title=entry["title"]),
                    **entry["publication"],
                )

    def table1_project(self, entry: dict, spec: dict, past_round: ReviewRound, now) -> None:
        requester = self.u(entry["requester"])
        project = self.request(
            requester, _answers(entry["title"], entry["summary"], requester), entry["topics"]
        )
        kind = entry["decision"]["kind"]
        feasibility = (
            Feasibility.NEEDS_STUDY
            if kind == DecisionKind.ACCEPT_FEASIBILITY
            else Feasibility.FEASIBLE
        )
        self.reviewed(
            project, past_round, [{**r, "feasibility": feasibility} for r in spec["reviews"]]
        )
        total = sum(e["hours"] for e in entry["effort"])
        first = [e for e in entry["effort"] if e["phase"] == 1]
        project = self.decide(
            project,
            kind,
            entry["decision"]["rationale"],
            hours=sum(e["hours"] for e in first) if entry["end"] == "running" else total,
        )
        project = self.start(project, entry["lead"], entry["mentor"])
        start = now - timedelta(days=30 * entry["months_ago"])
        work_day = (start + timedelta(days=40)).date()
        self.log(project, work_day, first, entry["consultations"])
        work.submit_report(author=project.lead, project=project, **spec["report"])
        phase = project.phases.get(order=1)
        if entry["end"] == "no_go":
            work.decide_phase(actor=project.lead, phase=phase, go=False, reason=entry["notes"])
        elif entry["end"] == "running":
            next_phase = entry["go"]["next_phase"]
            work.decide_phase(
                actor=project.lead,
                phase=phase,
                go=True,
                reason=entry["go"]["reason"],
                next_phase={**next_phase, "budget_hours": Decimal(next_phase["budget_hours"])},
            )
            later = [e for e in entry["effort"] if e["phase"] == 2]
            self.log(project, work_day + timedelta(days=90), later)
            Project.objects.filter(pk=project.pk).update(notes=entry["notes"])
        else:
            work.add_deliverable(
                actor=project.lead,
                project=project,
                values={
                    "kind": entry["deliverable"],
                    "title": entry["title"][:60],
                    "url": "https://git.example.org/biafed/" + f"project-{project.pk}",
                    "version": "1.0",
                },
            )
            work.complete_project(actor=project.lead, project=project, conclusion=entry["notes"])
            project.refresh_from_db()
            work.give_feedback(requester=requester, project=project, **spec["feedback"])
        project.refresh_from_db()
        self.backdate(project, start, days=150)

    # --- every other state -------------------------------------------------------------

    def current(self, spec: dict, entries: list[dict]) -> None:
        """Requests of the current round, each taken as far as its `stage`."""
        now = timezone.now()
        current_round = review.create_round(
            coordinator=self.coordinator,
            title=spec["title"].format(date=now),
            review_deadline=(now + timedelta(days=spec["deadline_days_ahead"])).date(),
        )
        for entry in entries:
            stage = entry["stage"]
            if stage == "draft":
                self.draft(entry)
            elif stage == "from_open_desk":
                self.from_open_desk(entry)
            elif stage == "entered":
                self.entered(entry, now)
            elif stage == "withdrawn":
                project = self.submitted(entry)
                requests.withdraw(actor=project.requester, project=project, reason=entry["reason"])
            else:
                self.through_review(entry, current_round, now)

    def submitted(self, entry: dict) -> Project:
        requester = self.u(entry["requester"])
        extra = {}
        if "biological_question" in entry:
            extra["question"] = entry["biological_question"]
        answers = _answers(entry["title"], entry["summary"], requester, **extra)
        return self.request(requester, answers, entry.get("topics", ()))

    def draft(self, entry: dict) -> None:
        """The demo requester's unfinished request."""
        requester = self.u(entry["requester"])
        draft = requests.start_request(requester=requester)
        answers = {"title": entry["title"], "summary": entry["summary"]}
        requests.save_answers(actor=requester, project=draft, answers=answers)
        self.count += 1

    def from_open_desk(self, entry: dict) -> None:
        """Converted from the requester's held session that called for a project."""
        requester = self.u(entry["requester"])
        booking = (
            Booking.objects.filter(
                status=BookingStatus.HELD, outcome__follow_up="project", requester=requester
            )
            .select_related("requester")
            .order_by("-day__date", "pk")  # the recent past day, not the generated history
            .first()
        )
        if booking is None:
            return
        panelist = booking.panel.first().analyst
        converted = requests.convert_booking(actor=panelist, booking=booking)
        requests.save_answers(actor=requester, project=converted, answers=entry["answers"])
        requests.submit_request(requester=requester, project=converted)
        self.count += 1

    def entered(self, entry: dict, now) -> None:
        """Received by e-mail or through the Euro-BioImaging portal, entered by a coordinator."""
        if "requester" in entry:
            requester = self.u(entry["requester"])
            email, name = requester.email, {}
        else:
            requester = User(institution=entry["institution"])
            email, name = entry["requester_email"], {"requester_name": entry["requester_name"]}
        received = now - timedelta(days=entry.get("received_days_ago", 0))
        reference = entry["external_reference"].format(received=received)
        extra = {"outputs": entry["expected_outputs"]} if "expected_outputs" in entry else {}
        topics = {"topics": self.topics(entry["topics"])} if "topics" in entry else {}
        requests.enter_request(
            coordinator=self.coordinator,
            requester_email=email,
            **name,
            channel=entry["channel"],
            external_reference=reference,
            answers=_answers(entry["title"], entry["summary"], requester, **extra),
            **topics,
        )
        self.count += 1

    def through_review(self, entry: dict, current_round: ReviewRound, now) -> None:
        """Under review, decided, with a team being confirmed, or active."""
        project = self.submitted(entry)
        for conflict in entry.get("conflicts", ()):
            review.declare_conflict(
                reviewer=self.u(conflict["reviewer"]), project=project, reason=conflict["reason"]
            )
        project = self.reviewed(project, current_round, entry["reviews"])
        decision = entry.get("decision")
        if decision is None:
            return
        project = self.decide(
            project,
            decision["kind"],
            decision["rationale"],
            hours=decision.get("hours"),
            guidance=decision.get("guidance", ""),
        )
        if "team" in entry:
            spec = entry["team"]
            project = self.start(project, spec["lead"], spec["mentor"], spec["accepted"])
        if entry["stage"] == "active":
            self.active(project, entry, now)

    def active(self, project: Project, entry: dict, now) -> None:
        """Effort, a report, comments and deliverables, then moved back in time."""
        start = now - timedelta(days=entry["started_days_ago"])
        self.log(
            project, (start + timedelta(days=2)).date(), entry["effort"], entry["consultations"]
        )
        work.submit_report(author=project.lead, project=project, **entry["report"])
        authors = {"requester": project.requester, "lead": project.lead}
        for comment in entry["comments"]:
            work.add_comment(
                author=authors[comment["author"]], project=project, text=comment["text"]
            )
        for deliverable in entry["deliverables"]:
            work.add_deliverable(actor=project.lead, project=project, values=deliverable)
        self.backdate(project, start, days=entry["days_of_history"])
        if entry.get("report_overdue"):  # the reminder job will tell the lead
            Project.objects.filter(pk=project.pk).update(
                next_report_due=timezone.localdate() - timedelta(days=1)
            )


def load(*, stored_files: list) -> str:
    """Build the demo projects; returns a one-line summary."""
    if Project.objects.exists():
        return ""
    data = read_data("biafed.projects", "demo_projects.json")
    demo = _Demo()
    demo.people(data["committee"], data["capacity"])
    demo.table1(data["table1"])
    demo.current(data["current_round"], data["requests"])
    history = load_history(coordinator=demo.coordinator, today=timezone.localdate())
    states = set(Project.objects.values_list("status", flat=True))
    missing = set(ProjectStatus.values) - states
    if missing:
        raise RuntimeError(f"demo projects miss the states {sorted(missing)}")
    hours = sum(EffortEntry.objects.values_list("hours", flat=True), Decimal(0))
    return (
        f"Collaborative projects: {Project.objects.count()} in all {len(states)} states "
        f"(the five of Table 1 and {history} from the two years before included), "
        f"{hours} h of effort, "
        f"{ProjectCapacity.objects.count()} analysts with project time."
    )
