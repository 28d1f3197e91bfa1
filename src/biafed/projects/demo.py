"""Demo collaborative projects: one or more in every state, including the five projects of
Table 1 of the F-BIAS paper with their notes and hours, built through the services (then
back-dated), so the demo obeys the same rules as real use.

Called by `load_demo` after the open-desk demo network exists.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from biafed.opendesk.models import Booking, BookingStatus
from biafed.people.models import ExpertiseTerm, HostFacility, Role, User
from biafed.people.services import grant_role
from biafed.projects.models import (
    Channel,
    Comment,
    Decision,
    DecisionKind,
    EffortActivity,
    EffortEntry,
    Feasibility,
    Phase,
    PhaseKind,
    ProgressReport,
    Project,
    ProjectCapacity,
    ProjectStatus,
    ReviewRound,
    TeamInvitation,
)
from biafed.projects.services import decisions, requests, review, team, work

D, M, T, R, C = (
    EffortActivity.DEVELOPMENT,
    EffortActivity.MEETING,
    EffortActivity.TRAINING,
    EffortActivity.REPORT,
    EffortActivity.CONSULTATION,
)

COMMITTEE = (
    "analyst02@example.org",
    "analyst03@example.org",
    "analyst05@example.org",
    "analyst16@example.org",
)
# analyst e-mail -> hours per month for projects (approved unless listed in PENDING)
CAPACITY = {
    "analyst@example.org": 24,
    "analyst02@example.org": 8,
    "analyst03@example.org": 6,
    "analyst04@example.org": 32,
    "analyst05@example.org": 8,
    "analyst06@example.org": 16,
    "analyst09@example.org": 12,
    "analyst12@example.org": 10,
    "analyst13@example.org": 16,
    "analyst15@example.org": 20,
    "analyst20@example.org": 16,
}
PENDING = ("analyst13@example.org",)

TABLE1 = [
    {
        "title": "Characterization of motile bacteria trajectories from microscopy time-lapse "
        "images",
        "notes": "The project involved adapting a Python library developed by a F-BIAS member to "
        "compute trajectory descriptors to characterize a new bacteria species, and deploying it "
        "to the user's lab. The analyst also trained the user to perform tracking of the "
        "bacteria.",
        "summary": "Compute trajectory descriptors (speed, curvature, run-and-tumble) for a new bacteria species from time-lapse movies, with a tool we can run in the lab.",
        "requester": "requester5@example.org",
        "lead": "analyst06@example.org",
        "mentor": "analyst20@example.org",
        "kind": DecisionKind.ACCEPT,
        "topics": ("Tracking", "Python", "Live time-lapse"),
        "months_ago": 22,
        # (phase order, activity, hours, by mentor?)
        "effort": [(1, D, 30, False), (1, T, 8, False), (1, M, 6, True), (1, R, 6, False)],
        "consultation": [3, 2],
        "end": "completed",
    },
    {
        "title": "Feasibility study on multi animal tracking tools on non-tagged individuals",
        "notes": "Testing the feasibility of using selected tracking tools to track single, "
        "non-tagged fishes, in aquaria containing a dozen of them. The study results are used in "
        "a grant application to implement and refine these tools for fish behavioral studies.",
        "summary": "Can existing tracking tools follow single, non-tagged fish in aquaria holding a dozen of them? We need the answer for a grant application.",
        "requester": "requester4@example.org",
        "lead": "analyst@example.org",
        "mentor": "analyst06@example.org",
        "kind": DecisionKind.ACCEPT_FEASIBILITY,
        "topics": ("Tracking", "TrackMate", "Deep learning frameworks"),
        "months_ago": 20,
        "effort": [(1, D, 44, False), (1, M, 8, True), (1, R, 8, False)],
        "consultation": [4, 4],
        "end": "completed",
    },
    {
        "title": "Automatic measurements of frequency and amplitude of beating cilia in bronchial "
        "cells from high-speed microscopy movies",
        "notes": "The project was deemed infeasible due to the complexity of the image content. We "
        "tested several approaches quickly, that made us confident we would not address the "
        "request. We guided users to pursue collaboration with research groups focused on image "
        "processing.",
        "summary": "Measure the frequency and amplitude of beating cilia in bronchial cells from high-speed microscopy movies.",
        "requester": "requester3@example.org",
        "lead": "analyst09@example.org",
        "mentor": None,
        "kind": DecisionKind.ACCEPT_FEASIBILITY,
        "topics": ("Live time-lapse", "Python"),
        "months_ago": 19,
        "effort": [(1, D, 3, False), (1, M, 1, False)],
        "consultation": [2],
        "end": "no_go",
    },
    {
        "title": "Automated recognition and classification of red blood cells",
        "notes": "The goal is to build an end-user tool that can detect several classes of red "
        "blood cells in a large collection of images. The first part of the project involves "
        "identifying the optimal algorithm for red blood cell detection and classification.",
        "summary": "Detect and classify several classes of red blood cells in a large collection of smear images, with a tool our technicians can use.",
        "requester": "requester2@example.org",
        "lead": "analyst04@example.org",
        "mentor": "analyst12@example.org",
        "kind": DecisionKind.ACCEPT_FEASIBILITY,
        "topics": ("Classification", "Cellpose", "Deep learning frameworks"),
        "months_ago": 8,
        "effort": [
            (1, D, 20, False),
            (1, R, 4, False),
            (2, D, 20, False),
            (2, M, 6, True),
        ],
        "consultation": [3],
        "end": "running",
    },
    {
        "title": "Custom development around an existing codebase",
        "notes": "Users required some changes to be made in the core of a scientific tool "
        "developed by a member of F-BIAS, so that they could build their own plugin based on it.",
        "summary": "We need changes in the core of a scientific tool developed by a network member so that we can build our own plugin on it.",
        "requester": "requester@example.org",
        "lead": "analyst20@example.org",
        "mentor": None,
        "kind": DecisionKind.ACCEPT,
        "topics": ("Mastodon", "BigDataViewer/BigStitcher"),
        "months_ago": 16,
        "effort": [(1, D, 64, False), (1, M, 8, False), (1, R, 8, False)],
        "consultation": [6, 4],
        "end": "completed",
    },
]


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

    def people(self) -> None:
        for email in COMMITTEE:
            grant_role(actor=self.coordinator, user=self.u(email), role=Role.COMMITTEE)
        managers = {
            f.pk: f.managers.first() for f in HostFacility.objects.prefetch_related("managers")
        }
        for email, hours in CAPACITY.items():
            analyst = self.u(email)
            capacity = team.declare_capacity(analyst=analyst, hours_per_month=Decimal(hours))
            if email in PENDING:
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

    def reviewed(self, project: Project, round_: ReviewRound, reviews) -> Project:
        """Send to review and add reviews: (reviewer e-mail, feasibility, hours, score)."""
        project = review.send_to_review(
            coordinator=self.coordinator, project=project, review_round=round_
        )
        for n, (email, feasibility, hours, score) in enumerate(reviews):
            review.submit_review(
                reviewer=self.u(email),
                project=project,
                values={
                    "feasibility": feasibility,
                    "effort_hours": Decimal(hours),
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

    def start(self, project: Project, lead: str, mentor: str | None) -> Project:
        team.assign_team(
            coordinator=self.coordinator,
            project=project,
            lead=self.u(lead),
            mentor=self.u(mentor) if mentor else None,
        )
        for invitation in TeamInvitation.objects.filter(project=project, status="pending"):
            team.answer_invitation(analyst=invitation.analyst, invitation=invitation, accept=True)
        project.refresh_from_db()
        return project

    def log(self, project: Project, day, entries, consultation=()) -> None:
        """Log effort as analysts do: a few hours a day (at most 6), on working days."""
        phases = {p.order: p for p in project.phases.all()}
        for order, activity, hours, by_mentor in entries:
            analyst = project.mentor if by_mentor and project.mentor else project.lead
            left = Decimal(str(hours))
            while left > 0:
                chunk = min(Decimal(6), left)
                day += timedelta(days=1 if day.weekday() < 4 else 3)
                work.log_effort(
                    analyst=analyst,
                    project=project,
                    day=day,
                    hours=chunk,
                    activity_kind=activity,
                    phase=phases.get(order),
                )
                left -= chunk
        for n, hours in enumerate(consultation):
            work.log_effort(
                analyst=project.lead,
                project=project,
                day=day - timedelta(days=7 * (n + 1)),
                hours=Decimal(hours),
                activity_kind=C,
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

    def table1(self) -> None:
        now = timezone.now()
        past_round = review.create_round(
            coordinator=self.coordinator,
            title="Committee round, early 2024",
            review_deadline=(now - timedelta(days=700)).date(),
        )
        for spec in TABLE1:
            requester = self.u(spec["requester"])
            project = self.request(
                requester,
                _answers(spec["title"], spec["summary"], requester),
                spec["topics"],
            )
            feasibility = (
                Feasibility.NEEDS_STUDY
                if spec["kind"] == DecisionKind.ACCEPT_FEASIBILITY
                else Feasibility.FEASIBLE
            )
            self.reviewed(
                project,
                past_round,
                [(COMMITTEE[0], feasibility, 50, 4), (COMMITTEE[3], feasibility, 60, 3)],
            )
            total = sum(e[2] for e in spec["effort"])
            first_phase = sum(e[2] for e in spec["effort"] if e[0] == 1)
            project = self.decide(
                project,
                spec["kind"],
                "Clear question; the network has the expertise and the time."
                if spec["kind"] == DecisionKind.ACCEPT
                else "Promising, but the image content is difficult: start with a short "
                "feasibility study.",
                hours=first_phase if spec["end"] == "running" else total,
            )
            project = self.start(project, spec["lead"], spec["mentor"])
            start = now - timedelta(days=30 * spec["months_ago"])
            work_day = (start + timedelta(days=40)).date()
            first = [e for e in spec["effort"] if e[0] == 1]
            self.log(project, work_day, first, spec["consultation"])
            work.submit_report(
                author=project.lead,
                project=project,
                done="First results shared with the requester; see the notebook.",
                next_steps="Refine on the full data set.",
            )
            phase = project.phases.get(order=1)
            if spec["end"] == "no_go":
                work.decide_phase(actor=project.lead, phase=phase, go=False, reason=spec["notes"])
            elif spec["end"] == "running":
                work.decide_phase(
                    actor=project.lead,
                    phase=phase,
                    go=True,
                    reason="Cellpose with a retrained model separates the classes well enough.",
                    next_phase={
                        "kind": PhaseKind.IMPLEMENTATION,
                        "title": "End-user tool",
                        "goals": "A napari plugin that detects and classifies the cells.",
                        "budget_hours": Decimal(40),
                    },
                )
                self.log(
                    project,
                    work_day + timedelta(days=90),
                    [e for e in spec["effort"] if e[0] == 2],
                )
                Project.objects.filter(pk=project.pk).update(notes=spec["notes"])
            else:
                work.add_deliverable(
                    actor=project.lead,
                    project=project,
                    values={
                        "kind": "pipeline" if spec["kind"] == DecisionKind.ACCEPT else "report",
                        "title": spec["title"][:60],
                        "url": "https://git.example.org/biafed/" + f"project-{project.pk}",
                        "version": "1.0",
                    },
                )
                work.complete_project(actor=project.lead, project=project, conclusion=spec["notes"])
                project.refresh_from_db()
                work.give_feedback(
                    requester=requester,
                    project=project,
                    usefulness=5,
                    comment="Exactly what we needed.",
                )
            project.refresh_from_db()
            self.backdate(project, start, days=150)
        review.close_round(coordinator=self.coordinator, review_round=past_round)
        fish = Project.objects.get(title=TABLE1[1]["title"])
        work.add_publication(
            actor=self.u(TABLE1[1]["requester"]),
            project=fish,
            title="Markerless tracking of shoaling fish in aquaria (preprint)",
            doi="10.1101/2024.00.000001",
            year=2024,
        )

    # --- every other state -------------------------------------------------------------

    def pipeline(self) -> None:
        now = timezone.now()
        me = self.u("requester@example.org")
        r2, r3, r4, r5 = (self.u(f"requester{n}@example.org") for n in range(2, 6))
        current = review.create_round(
            coordinator=self.coordinator,
            title=f"Committee round, {now:%B %Y}",
            review_deadline=(now + timedelta(days=14)).date(),
        )

        # Draft: the demo requester's unfinished request.
        draft = requests.start_request(requester=me)
        requests.save_answers(
            actor=me,
            project=draft,
            answers={
                "title": "Mitochondrial fragmentation in live neurons",
                "summary": "Measure how fragmented the mitochondrial network becomes after "
                "treatment, over 2 h of live imaging.",
            },
        )
        self.count += 1

        # Submitted from an open-desk session (the EM mitochondria booking of the past day).
        booking = (
            Booking.objects.filter(
                status=BookingStatus.HELD, outcome__follow_up="project", requester=r2
            )
            .select_related("requester")
            .first()
        )
        if booking is not None:
            panelist = booking.panel.first().analyst
            converted = requests.convert_booking(actor=panelist, booking=booking)
            requests.save_answers(
                actor=r2,
                project=converted,
                answers={
                    "expected_outputs": "A trained 3D U-Net and napari proofreading notebooks.",
                    "funding_source": "ERC StG MitoShape",
                    "invoice_institution": "Université Paris Cité, service financier",
                },
            )
            requests.submit_request(requester=r2, project=converted)
            self.count += 1

        # Submitted by e-mail and through the Euro-BioImaging portal, entered by a coordinator.
        requests.enter_request(
            coordinator=self.coordinator,
            requester_email="jana.novak@example.cz",
            requester_name="Jana Nováková",
            channel=Channel.EURO_BIOIMAGING,
            external_reference="EuBI PID 2025-0412",
            answers=_answers(
                "Lineage tracing in light-sheet movies of zebrafish embryos",
                "Track every nucleus over 24 h and build the lineage tree of the tail bud.",
                User(institution="Masaryk University"),
                outputs="Lineage trees and a Mastodon project we can explore.",
            ),
            topics=self.topics(("Tracking", "Light-sheet")),
        )
        self.count += 1
        requests.enter_request(
            coordinator=self.coordinator,
            requester_email=r3.email,
            channel=Channel.EMAIL,
            external_reference="E-mail of " + (now - timedelta(days=3)).strftime("%d %B"),
            answers=_answers(
                "Automatic measurements of cilia beating frequency in bronchial cells",
                "Measure the frequency and amplitude of beating cilia in high-speed movies of "
                "bronchial cells.",
                r3,
            ),
        )  # flagged as a possible duplicate of the cilia project of Table 1
        self.count += 1

        # Under review, with reviews (and a conflict of interest).
        organoids = self.request(
            r5,
            _answers(
                "Organoid growth curves from brightfield time-lapse",
                "Segment each organoid in 96-well brightfield movies and plot growth curves.",
                r5,
                question="Does the drug slow down organoid growth?",
            ),
            ("Segmentation", "Cellpose"),
        )
        self.reviewed(
            organoids,
            current,
            [
                (COMMITTEE[0], Feasibility.FEASIBLE, 30, 4),
                (COMMITTEE[2], Feasibility.FEASIBLE, 40, 5),
                (COMMITTEE[3], Feasibility.FEASIBLE, 35, 4),
            ],
        )
        synapses = self.request(
            r3,
            _answers(
                "Synapse density in expansion microscopy of mouse cortex",
                "Count pre- and post-synaptic puncta pairs in expanded tissue, 3D.",
                r3,
            ),
            ("Spot detection", "Colocalisation"),
        )
        review.declare_conflict(
            reviewer=self.u("analyst03@example.org"), project=synapses, reason="Same institute"
        )
        self.reviewed(synapses, current, [(COMMITTEE[2], Feasibility.NEEDS_STUDY, 60, 3)])
        waiting = self.request(
            me,
            _answers(
                "Root hair growth in Arabidopsis time-lapse",
                "Measure the elongation speed of every root hair in 200 movies.",
                me,
            ),
            ("Tracking",),
        )
        review.send_to_review(coordinator=self.coordinator, project=waiting, review_round=current)

        # More information requested.
        plankton = self.request(
            r4,
            _answers(
                "Plankton classification from imaging flow cytometry",
                "Classify plankton images into 40 taxa.",
                r4,
            ),
            ("Classification",),
        )
        self.reviewed(plankton, current, [(COMMITTEE[1], Feasibility.NEEDS_STUDY, 80, 3)])
        self.decide(
            plankton,
            DecisionKind.REQUEST_INFO,
            "How many annotated images per taxon do you already have, and in which format?",
        )

        # Accepted, waiting for a team.
        coloc = self.request(
            r5,
            _answers(
                "Colocalisation of synaptic markers in cultured neurons",
                "Batch colocalisation analysis with proper controls for 300 confocal images.",
                r5,
            ),
            ("Colocalisation", "Fiji/ImageJ macro"),
        )
        self.reviewed(coloc, current, [(COMMITTEE[0], Feasibility.FEASIBLE, 25, 4)])
        self.decide(coloc, DecisionKind.ACCEPT, "A well-defined job for a Fiji macro.", hours=25)

        # Accepted as a feasibility study.
        brains = self.request(
            r2,
            _answers(
                "Registration of cleared mouse brains to the Allen atlas",
                "Register 30 light-sheet brains and count labelled cells per region.",
                r2,
            ),
            ("Registration", "Light-sheet"),
        )
        self.reviewed(brains, current, [(COMMITTEE[1], Feasibility.NEEDS_STUDY, 90, 4)])
        self.decide(
            brains,
            DecisionKind.ACCEPT_FEASIBILITY,
            "Feasible in principle; check first that elastix copes with the clearing artefacts.",
            hours=16,
        )

        # Declined with guidance.
        closed_loop = self.request(
            r3,
            _answers(
                "Real-time closed-loop optogenetics from live segmentation",
                "Segment cells at 50 frames per second and trigger the laser on selected ones.",
                r3,
            ),
        )
        self.reviewed(closed_loop, current, [(COMMITTEE[3], Feasibility.INFEASIBLE, 400, 1)])
        self.decide(
            closed_loop,
            DecisionKind.DECLINE,
            "Real-time control of the microscope is instrument development, outside the "
            "network's services.",
            guidance="Contact the microscope-automation team of the umbrella infrastructure "
            "(e.g. the smart-microscopy working group) who build such closed loops.",
        )

        # Team being confirmed: the demo analyst is invited as lead, the mentor accepted.
        envelope = self.request(
            me,
            _answers(
                "Nuclear envelope deformation under compression",
                "Measure the curvature of the nuclear envelope in 3D stacks under confinement.",
                me,
            ),
            ("Segmentation", "Fiji/ImageJ macro"),
        )
        self.reviewed(envelope, current, [(COMMITTEE[0], Feasibility.FEASIBLE, 40, 4)])
        self.decide(envelope, DecisionKind.ACCEPT, "Well scoped.", hours=40)
        team.assign_team(
            coordinator=self.coordinator,
            project=envelope,
            lead=self.u("analyst@example.org"),
            mentor=self.u("analyst02@example.org"),
        )
        mentor_invitation = envelope.invitations.get(role="mentor")
        team.answer_invitation(
            analyst=mentor_invitation.analyst, invitation=mentor_invitation, accept=True
        )

        # In progress, led by the demo analyst: effort, a report, comments, a deliverable.
        neutrophils = self.request(
            me,
            _answers(
                "Tracking neutrophils in zebrafish larvae after wounding",
                "Track neutrophils migrating to a tail-fin wound over 3 h, 40 larvae.",
                me,
            ),
            ("Tracking", "TrackMate"),
        )
        self.reviewed(neutrophils, current, [(COMMITTEE[2], Feasibility.FEASIBLE, 45, 4)])
        self.decide(neutrophils, DecisionKind.ACCEPT, "The network has done this before.", hours=45)
        neutrophils = self.start(neutrophils, "analyst@example.org", "analyst20@example.org")
        start = now - timedelta(days=35)
        self.log(
            neutrophils,
            (start + timedelta(days=2)).date(),
            [(1, D, 6, False), (1, M, 1.5, True), (1, D, 4, False)],
            [1],
        )
        work.submit_report(
            author=neutrophils.lead,
            project=neutrophils,
            done="TrackMate with the LoG detector follows 90 % of the cells; crossings remain.",
            next_steps="Try the Kalman tracker; batch the 40 larvae.",
            blockers="Two larvae were imaged at another frame rate: please confirm which.",
        )
        work.add_comment(author=me, project=neutrophils, text="Larvae 12 and 31: 30 s per frame.")
        work.add_comment(
            author=neutrophils.lead, project=neutrophils, text="Thanks, noted in the pipeline."
        )
        work.add_deliverable(
            actor=neutrophils.lead,
            project=neutrophils,
            values={
                "kind": "script",
                "title": "TrackMate batch script",
                "url": "https://git.example.org/biafed/neutrophil-tracking",
                "version": "0.2",
            },
        )
        self.backdate(neutrophils, start, days=30)
        # Its progress report is due (the reminder job will tell the lead).
        Project.objects.filter(pk=neutrophils.pk).update(
            next_report_due=timezone.localdate() - timedelta(days=1)
        )

        # Withdrawn by the requester.
        gone = self.request(
            r5,
            _answers(
                "Counting colonies on agar plates",
                "Count bacterial colonies on 2,000 plate photos.",
                r5,
            ),
        )
        requests.withdraw(actor=r5, project=gone, reason="A student wrote a macro meanwhile.")


def load(*, stored_files: list) -> str:
    """Build the demo projects; returns a one-line summary."""
    if Project.objects.exists():
        return ""
    demo = _Demo()
    demo.people()
    demo.table1()
    demo.pipeline()
    states = set(Project.objects.values_list("status", flat=True))
    missing = set(ProjectStatus.values) - states
    if missing:
        raise RuntimeError(f"demo projects miss the states {sorted(missing)}")
    hours = sum(EffortEntry.objects.values_list("hours", flat=True), Decimal(0))
    return (
        f"Collaborative projects: {Project.objects.count()} in all {len(states)} states "
        f"(the five of Table 1 included), {hours} h of effort, "
        f"{ProjectCapacity.objects.count()} analysts with project time."
    )
