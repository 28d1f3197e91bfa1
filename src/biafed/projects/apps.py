from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "biafed.projects"
    label = "projects"

    def ready(self):
        from biafed.projects import rules  # noqa: F401  (registers the permissions)

        register_project_files()
        register_personal_data_of_projects()


def register_personal_data_of_projects() -> None:
    from biafed.people.privacy import register_personal_data
    from biafed.projects.services import privacy

    register_personal_data(
        "projects",
        export=privacy.export_projects,
        erase=privacy.erase_projects,
        blockers=privacy.closure_blockers,
    )


def register_project_files() -> None:
    """Files of a project request (example images, often carried over from an open-desk
    booking) and of its deliverables are intake.DataFiles. Whoever sees the project sees its
    files; the requester brings data until the work ends, the lead and mentor (and
    coordinators) while it runs; retention counts from the project's closure."""
    try:
        from biafed.intake.registry import register_attachable
    except ImportError:  # the intake app is not there yet
        return
    from biafed.people.rules import is_staff_member
    from biafed.projects.models import Deliverable, Project, ProjectStatus
    from biafed.projects.rules import visible_projects
    from biafed.projects.services.common import project_url

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
        audience=lambda project: [
            p for p in (project.requester, project.lead, project.mentor) if p
        ],
        owner=lambda project: project.requester_id,
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
