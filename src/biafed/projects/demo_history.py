"""Two years of past collaborative projects for the demo's reports
(`data/demo_project_history.json`): a few requests a month from every channel (those from
the open desk follow a session whose panel advised a project), reviewed in quarterly
rounds, decided, worked in phases with effort and progress reports, then closed with
feedback, deliverables and sometimes a publication; the latest months' projects are still
running. Written directly, like the open desk's history (the services refuse past dates);
generated from a fixed seed, so the same rows on every load."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.utils import timezone

from biafed.common.data import read_data
from biafed.opendesk.models import Booking, FollowUp
from biafed.people.models import ExpertiseTerm, Role, User
from biafed.projects.models import (
    CriterionScore,
    Decision,
    DecisionKind,
    Deliverable,
    EffortActivity,
    EffortEntry,
    Feasibility,
    InvitationStatus,
    Phase,
    PhaseKind,
    PhaseStatus,
    ProgressReport,
    Project,
    ProjectFeedback,
    ProjectStatus,
    Publication,
    Review,
    ReviewRound,
    RoundStatus,
    SelectionCriterion,
    TeamInvitation,
    TeamRole,
)

ACTIVITIES = (
    (EffortActivity.DEVELOPMENT, 6),
    (EffortActivity.MEETING, 1),
    (EffortActivity.REPORT, 1),
    (EffortActivity.TRAINING, 1),
)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


class _History:
    def __init__(self, spec: dict, coordinator: User):
        self.spec = spec
        self.rng = random.Random(spec["seed"])
        self.coordinator = coordinator
        users = {u.email: u for u in User.objects.all()}
        self.reviewers = [users[e] for e in spec["reviewers"]]
        self.leads = [users[e] for e in spec["leads"]]
        self.requesters = list(User.objects.filter(roles__role=Role.REQUESTER).order_by("email"))
        self.terms = {t.name: t for t in ExpertiseTerm.objects.all()}
        self.criteria = list(SelectionCriterion.objects.filter(is_active=True))
        self.rounds: dict[tuple[int, int], ReviewRound] = {}
        # Held sessions whose panel advised a project: where open-desk requests come from.
        self.advised = list(
            Booking.objects.filter(outcome__follow_up=FollowUp.PROJECT)
            .select_related("day")
            .order_by("day__date", "pk")
        )
        self.taken: set[int] = set()
        # auto_now_add fields, set after the insert: (model, pk, {field: value})
        self.stamps: list[tuple[type[models.Model], int, dict]] = []

    def choice(self, weights: dict) -> str:
        keys, values = zip(*weights.items(), strict=True)
        return self.rng.choices(keys, values)[0]

    def review_round(self, day: date, today: date) -> ReviewRound:
        """The quarter's round, closed (its deadline at the latest two weeks ago)."""
        quarter = (day.year, (day.month - 1) // 3 + 1)
        if quarter not in self.rounds:
            deadline = min(
                date(quarter[0], 3 * quarter[1], 1) + timedelta(days=27),
                today - timedelta(days=14),
            )
            review_round = ReviewRound.objects.create(
                title=f"Committee round {quarter[0]} Q{quarter[1]}",
                review_deadline=deadline,
                status=RoundStatus.CLOSED,
                created_by=self.coordinator,
            )
            self.rounds[quarter] = review_round
        return self.rounds[quarter]

    def source_booking(self, submitted: date) -> Booking | None:
        for booking in self.advised:
            if booking.day.date < submitted and booking.pk not in self.taken:
                self.taken.add(booking.pk)
                return booking
        return None

    # --- one project ----------------------------------------------------------------

    def project(self, number: int, submitted: date, today: date) -> None:
        spec, rng = self.spec, self.rng
        subject = spec["subjects"][number % len(spec["subjects"])]
        context = spec["contexts"][number % len(spec["contexts"])]
        requester = self.requesters[number % len(self.requesters)]
        channel = self.choice(spec["channel_weights"])
        booking = self.source_booking(submitted) if channel == "open_desk" else None
        if channel == "open_desk":
            if booking is None:
                channel = "form"
            else:
                requester = booking.requester
        age = (today - submitted).days
        ending = (
            ProjectStatus.SUBMITTED  # waits for the next committee round
            if age < spec["waiting_days"]
            else ProjectStatus.ACTIVE
            if age < 30 * spec["running_months"]
            else self.choice(spec["ending_weights"])
        )
        feasibility_first = ending == ProjectStatus.CLOSED_NO_GO or number % 3 == 0
        project = Project.objects.create(
            title=f"{subject['title']} ({context})",
            summary=subject["title"] + ".",
            requester=requester,
            requester_institution=requester.institution,
            invoice_institution=requester.institution,
            funding_source="Laboratory budget",
            channel=channel,
            entered_by=None if channel in ("form", "open_desk") else self.coordinator,
            external_reference=f"EB-{submitted:%Y}-{number:03d}"
            if channel == "euro_bioimaging"
            else "",
            source_booking=booking,
            status=ending,
            submitted_at=_at(submitted),
        )
        project.topics.set([self.terms[name] for name in subject["topics"]])
        self.stamps.append((Project, project.pk, {"created_at": _at(submitted, 9)}))
        if ending == ProjectStatus.SUBMITTED:
            return
        if ending == ProjectStatus.WITHDRAWN:
            closed = submitted + timedelta(days=rng.randint(5, 20))
            Project.objects.filter(pk=project.pk).update(
                closed_at=_at(closed), notes=spec["withdraw_note"]
            )
            return
        review_round = self.review_round(submitted, today)
        decided = max(review_round.review_deadline, submitted) + timedelta(days=rng.randint(3, 10))
        hours = self.reviews(project, review_round, submitted, decided, feasibility_first, ending)
        kind = (
            DecisionKind.DECLINE
            if ending == ProjectStatus.DECLINED
            else DecisionKind.ACCEPT_FEASIBILITY
            if feasibility_first
            else DecisionKind.ACCEPT
        )
        decision = Decision.objects.create(
            project=project,
            kind=kind,
            rationale=spec["decision_rationale"][kind],
            estimated_hours=None if kind == DecisionKind.DECLINE else hours,
            duration_weeks=None if kind == DecisionKind.DECLINE else 12,
            decided_by=self.coordinator,
        )
        self.stamps.append((Decision, decision.pk, {"decided_at": _at(decided, 16)}))
        Project.objects.filter(pk=project.pk).update(review_round=review_round)
        if ending == ProjectStatus.DECLINED:
            Project.objects.filter(pk=project.pk).update(closed_at=_at(decided, 16))
            return
        self.work(project, number, decided, today, feasibility_first, ending, subject, hours)

    def reviews(self, project, review_round, submitted, decided, feasibility_first, ending):
        rng = self.rng
        feasibility = (
            Feasibility.INFEASIBLE
            if ending == ProjectStatus.DECLINED
            else Feasibility.NEEDS_STUDY
            if feasibility_first
            else Feasibility.FEASIBLE
        )
        estimates = []
        for n in range(2):
            reviewer = self.reviewers[(project.pk + n) % len(self.reviewers)]
            estimate = Decimal(rng.randint(4, 12) * 5)
            estimates.append(estimate)
            review = Review.objects.create(
                project=project,
                review_round=review_round,
                reviewer=reviewer,
                feasibility=feasibility,
                effort_hours=estimate,
                start_delay_weeks=rng.randint(1, 6),
                duration_weeks=rng.randint(6, 16),
            )
            written = submitted + timedelta(days=(decided - submitted).days // 2)
            self.stamps.append((Review, review.pk, {"created_at": _at(written, 11)}))
            CriterionScore.objects.bulk_create(
                CriterionScore(review=review, criterion=c, score=rng.randint(2, 5))
                for c in self.criteria
            )
        return sum(estimates) / len(estimates)

    def work(self, project, number, decided, today, feasibility_first, ending, subject, hours):
        spec, rng = self.spec, self.rng
        lead = self.leads[number % len(self.leads)]
        mentor = self.leads[(number + 3) % len(self.leads)]
        started = decided + timedelta(days=rng.randint(7, 21))
        for role, analyst in ((TeamRole.LEAD, lead), (TeamRole.MENTOR, mentor)):
            TeamInvitation.objects.create(
                project=project,
                analyst=analyst,
                role=role,
                status=InvitationStatus.ACCEPTED,
                invited_by=self.coordinator,
                answered_at=_at(started, 9),
            )
        kinds = [PhaseKind.FEASIBILITY] if feasibility_first else []
        if ending != ProjectStatus.CLOSED_NO_GO:
            kinds.append(PhaseKind.IMPLEMENTATION)
        day, entries, logged = started, [], Decimal(0)
        for order, kind in enumerate(kinds, start=1):
            facts = spec["phases"][kind]
            budget = Decimal(rng.randint(*facts["hours"]))
            last = order == len(kinds)
            still_running = ending == ProjectStatus.ACTIVE and last
            status = (
                PhaseStatus.ACTIVE
                if still_running
                else PhaseStatus.NO_GO
                if ending == ProjectStatus.CLOSED_NO_GO
                else PhaseStatus.GO
            )
            phase = Phase.objects.create(
                project=project,
                order=order,
                kind=kind,
                title=facts["title"],
                goals=facts["goals"],
                budget_hours=budget,
                status=status,
                decision_reason=spec["no_go_reason"] if status == PhaseStatus.NO_GO else "",
                started_at=_at(day, 9),
            )
            spent = Decimal(0)
            target = budget * Decimal(rng.randint(70, 110)) / 100
            while spent < target and day < today - timedelta(days=1):
                day += timedelta(days=rng.randint(2, 6))
                if day.weekday() >= 5:
                    day += timedelta(days=7 - day.weekday())
                chunk = Decimal(rng.randint(2, 6))
                activity = self.rng.choices(*zip(*ACTIVITIES, strict=True))[0]
                analyst = mentor if activity == EffortActivity.MEETING else lead
                entries.append(
                    EffortEntry(
                        project=project, phase=phase, analyst=analyst, date=day,
                        hours=chunk, activity=activity,
                    )
                )  # fmt: skip
                spent += chunk
            logged += spent
            report = ProgressReport.objects.create(
                project=project, phase=phase, author=lead, **spec["report"]
            )
            self.stamps.append((ProgressReport, report.pk, {"submitted_at": _at(day, 17)}))
            if not still_running:
                Phase.objects.filter(pk=phase.pk).update(
                    decided_by=lead, decided_at=_at(day, 17), ended_at=_at(day, 17)
                )
                day += timedelta(days=1)
        EffortEntry.objects.bulk_create(entries)
        done = ending in (ProjectStatus.COMPLETED, ProjectStatus.CLOSED_NO_GO)
        Project.objects.filter(pk=project.pk).update(
            lead=lead,
            mentor=mentor,
            estimated_hours=hours,
            planned_duration_weeks=12,
            started_at=_at(started, 9),
            closed_at=_at(day, 17) if done else None,
            next_report_due=None if done else today + timedelta(days=14),
        )
        if ending == ProjectStatus.COMPLETED:
            self.closure(project, number, day, subject, lead)

    def closure(self, project, number, closed, subject, lead):
        spec, rng = self.spec, self.rng
        deliverable = Deliverable.objects.create(
            project=project,
            kind=subject["deliverable"],
            title=subject["title"],
            url=f"https://git.example.org/network/project-{project.pk}",
            version="1.0",
            added_by=lead,
        )
        self.stamps.append((Deliverable, deliverable.pk, {"added_at": _at(closed, 15)}))
        if rng.random() < spec["feedback_share"]:
            marks = spec["usefulness_weights"]
            feedback = ProjectFeedback.objects.create(
                project=project,
                usefulness=int(self.choice(marks)),
                comment=spec["feedback_comments"][number % len(spec["feedback_comments"])],
            )
            self.stamps.append(
                (ProjectFeedback, feedback.pk, {"submitted_at": _at(closed + timedelta(days=5))})
            )
        if rng.random() < spec["publication_share"]:
            out = closed + timedelta(days=rng.randint(20, 90))
            doi = f"10.5281/zenodo.{7000000 + project.pk}"
            paper = Deliverable.objects.create(
                project=project,
                kind="report",
                title=f"Preprint: {subject['title'].lower()}",
                doi=doi,
                added_by=lead,
            )
            self.stamps.append((Deliverable, paper.pk, {"added_at": _at(out, 15)}))
            publication = Publication.objects.create(
                project=project, title=paper.title, doi=doi, year=out.year, added_by=lead
            )
            self.stamps.append((Publication, publication.pk, {"added_at": _at(out, 15)}))

    def stamp(self, today: date) -> None:
        """Write the dates auto_now_add set to the load's time (never past today)."""
        now = timezone.now()
        for model, pk, fields in self.stamps:
            model._default_manager.filter(pk=pk).update(
                **{name: min(value, now) for name, value in fields.items()}
            )


def load_history(*, coordinator: User, today: date) -> int:
    """Projects submitted over the `months` months before today; returns how many."""
    spec = read_data("biafed.projects", "demo_project_history.json")
    history = _History(spec, coordinator)
    number = 0
    for back in range(spec["months"], 0, -1):
        month_index = today.year * 12 + today.month - 1 - back
        year, month = month_index // 12, month_index % 12 + 1
        for _ in range(history.rng.randint(*spec["requests_per_month"])):
            submitted = date(year, month, history.rng.randint(1, 28))
            history.project(number, submitted, today)
            number += 1
    history.stamp(today)
    return number
