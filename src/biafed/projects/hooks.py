"""How collaborative projects plug into the registries of the apps below them (called
from `ProjectsConfig.ready()`): project files, notification kinds, report reminders."""

from biafed.common.home import register_home_section
from biafed.common.periodic import register_periodic_job
from biafed.intake.registry import register_attachable
from biafed.matching.services.similar import PastCase, register_case_source
from biafed.notifications.registry import register_kinds
from biafed.opendesk.registry import register_booking_section
from biafed.people.models import ExpertiseFamily
from biafed.people.rules import is_staff_member
from biafed.projects import home
from biafed.projects.models import Deliverable, Project, ProjectStatus
from biafed.projects.notification_kinds import NotificationKind
from biafed.projects.rules import visible_projects
from biafed.projects.services.common import project_url
from biafed.projects.services.work import send_report_reminders


def register() -> None:
    register_project_files()
    register_kinds(NotificationKind)
    register_periodic_job("projects.report_reminders", send_report_reminders)
    register_booking_section("projects/_from_booking.html")  # its projects, or "propose one"
    register_home_sections()
    register_case_source(completed_projects)  # similar past consultations (matching)


def completed_projects() -> list[PastCase]:
    """Completed projects as past cases: their question and the tools among their topics."""
    projects = Project.objects.filter(status=ProjectStatus.COMPLETED).prefetch_related("topics")
    return [
        PastCase(
            id=f"project:{p.pk}",
            title=str(p),
            text="\n".join(
                v for v in (p.title, p.summary, p.biological_question, p.images_description) if v
            ),
            tools=tuple(sorted(t.pk for t in p.topics.all() if t.family == ExpertiseFamily.TOOL)),
            advice=p.expected_outputs,
            url=project_url(p),
        )
        for p in projects
    ]


def register_home_sections() -> None:
    register_home_section("requester", home.requester_home)
    register_home_section("analyst", home.analyst_home)
    register_home_section("committee", home.committee_home)
    register_home_section("facility_manager", home.facility_manager_home)
    register_home_section("coordinator", home.coordinator_home)


def register_project_files() -> None:
    """Files of a project request (example images, often carried over from an open-desk
    booking) and of its deliverables are intake.DataFiles. Whoever sees the project sees its
    files; the requester brings data until the work ends, the lead and mentor (and
    coordinators) while it runs; retention counts from the project's closure."""
    requester_open = (
        ProjectStatus.DRAFT,
        ProjectStatus.SUBMITTED,
        ProjectStatus.UNDER_REVIEW,
        ProjectStatus.INFO_REQUESTED,
        ProjectStatus.ACCEPTED,
        ProjectStatus.FEASIBILITY_ACCEPTED,
        ProjectStatus.ASSIGNING,
        ProjectStatus.ACTIVE,
    )

    def team_or_staff(user, project) -> bool:
        return user.pk in (project.lead_id, project.mentor_id) or is_staff_member(user)

    def may_upload(user, project) -> bool:
        if user.pk == project.requester_id:
            return project.status in requester_open
        return project.status == ProjectStatus.ACTIVE and team_or_staff(user, project)

    def closed_on(project):
        return project.closed_at.date() if project.closed_at else None

    register_attachable(
        Project,
        can_view=lambda user, project: user.has_perm("projects.view_project", project),
        can_upload=may_upload,
        session_date=closed_on,
        label=str,
        visible=visible_projects,
        link=project_url,
        owner=lambda project: project.requester_id,
        audience=lambda project: [
            p for p in (project.requester, project.lead, project.mentor) if p
        ],
    )
    register_attachable(
        Deliverable,
        can_view=lambda user, d: user.has_perm("projects.view_project", d.project),
        can_upload=lambda user, d: (
            d.project.status in (ProjectStatus.ACTIVE, ProjectStatus.COMPLETED)
            and team_or_staff(user, d.project)
        ),
        session_date=lambda d: closed_on(d.project),
        label=lambda d: f"{d.project}: {d.title}",
        visible=lambda user: Deliverable.objects.filter(project__in=visible_projects(user)),
        link=lambda d: project_url(d.project),
        audience=lambda d: [p for p in (d.project.requester, d.project.lead) if p],
        owner=lambda d: d.project.requester_id,
    )
