"""Collaborative projects' part of each role's home page (registered in hooks.py)."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from biafed.common.home import HomeLists, link
from biafed.people.models import AnalystProfile
from biafed.projects.models import (
    InvitationStatus,
    Project,
    ProjectCapacity,
    ProjectStatus,
    ReviewRound,
    RoundStatus,
    TeamInvitation,
)
from biafed.projects.selectors import reviews_waiting_for

IN_PROGRESS = (
    ProjectStatus.SUBMITTED,
    ProjectStatus.UNDER_REVIEW,
    ProjectStatus.ACCEPTED,
    ProjectStatus.FEASIBILITY_ACCEPTED,
    ProjectStatus.ASSIGNING,
    ProjectStatus.ACTIVE,
)


def requester_home(user) -> HomeLists:
    drafts = Q(status=ProjectStatus.DRAFT)
    info = Q(status=ProjectStatus.INFO_REQUESTED)
    feedback = Q(status=ProjectStatus.COMPLETED, feedback__isnull=True)
    n = Project.objects.filter(requester=user).aggregate(
        drafts=Count("pk", filter=drafts),
        first_draft=Min("pk", filter=drafts),
        info=Count("pk", filter=info),
        first_info=Min("pk", filter=info),
        to_feedback=Count("pk", filter=feedback),
        first_feedback=Min("pk", filter=feedback),
        coming=Count("pk", filter=Q(status__in=IN_PROGRESS)),
    )
    lists = HomeLists()
    lists.wait(
        n["drafts"],
        ngettext_lazy(
            "%(count)d project request to finish", "%(count)d project requests to finish", "count"
        ),
        link(n["drafts"], n["first_draft"], "projects:edit", "projects:home"),
    )
    lists.wait(
        n["info"],
        ngettext_lazy(
            "%(count)d project request needing more information",
            "%(count)d project requests needing more information",
            "count",
        ),
        link(n["info"], n["first_info"], "projects:edit", "projects:home"),
    )
    lists.wait(
        n["to_feedback"],
        ngettext_lazy(
            "%(count)d completed project to give feedback on",
            "%(count)d completed projects to give feedback on",
            "count",
        ),
        link(n["to_feedback"], n["first_feedback"], "projects:feedback", "projects:home"),
    )
    lists.come(
        n["coming"],
        ngettext_lazy("%(count)d project under way", "%(count)d projects under way", "count"),
        reverse("projects:home") + "?mine=1",
    )
    return lists


def analyst_home(user) -> HomeLists:
    invitations = TeamInvitation.objects.filter(
        analyst=user, status=InvitationStatus.PENDING
    ).aggregate(count=Count("pk"), first=Min("project_id"))
    running = Project.objects.filter(
        Q(lead=user) | Q(mentor=user), status=ProjectStatus.ACTIVE
    ).count()
    lists = HomeLists()
    lists.wait(
        invitations["count"],
        ngettext_lazy(
            "%(count)d project invitation to answer",
            "%(count)d project invitations to answer",
            "count",
        ),
        link(invitations["count"], invitations["first"], "projects:detail", "projects:home"),
    )
    lists.come(
        running,
        ngettext_lazy("%(count)d project you work on", "%(count)d projects you work on", "count"),
        reverse("projects:home") + "?mine=1",
    )
    return lists


def committee_home(user) -> HomeLists:
    waiting = reviews_waiting_for(user).aggregate(count=Count("pk"), first=Min("pk"))
    rounds = ReviewRound.objects.filter(status=RoundStatus.OPEN).count()
    lists = HomeLists()
    lists.wait(
        waiting["count"],
        ngettext_lazy("%(count)d request to review", "%(count)d requests to review", "count"),
        link(waiting["count"], waiting["first"], "projects:review", "projects:home"),
    )
    lists.come(
        rounds,
        ngettext_lazy("%(count)d review round open", "%(count)d review rounds open", "count"),
        reverse("projects:home"),
    )
    return lists


def facility_manager_home(user) -> HomeLists:
    analysts = AnalystProfile.objects.filter(host_facility__managers=user).values("user_id")
    to_approve = ProjectCapacity.objects.filter(
        analyst_id__in=analysts, approved_at__isnull=True
    ).count()
    lists = HomeLists()
    lists.wait(
        to_approve,
        ngettext_lazy(
            "%(count)d project-capacity offer to approve",
            "%(count)d project-capacity offers to approve",
            "count",
        ),
        reverse("projects:capacity"),
    )
    return lists


def coordinator_home(user) -> HomeLists:
    decide = Q(status__in=(ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW))
    n = Project.objects.aggregate(
        decide=Count("pk", filter=decide),
        assigning=Count("pk", filter=Q(status=ProjectStatus.ASSIGNING)),
        active=Count("pk", filter=Q(status=ProjectStatus.ACTIVE)),
    )
    lists = HomeLists()
    lists.wait(
        n["decide"],
        ngettext_lazy(
            "%(count)d project request waiting for a decision",
            "%(count)d project requests waiting for a decision",
            "count",
        ),
        reverse("projects:queue"),
    )
    lists.wait(
        n["assigning"],
        ngettext_lazy(
            "%(count)d project whose team is being confirmed",
            "%(count)d projects whose team is being confirmed",
            "count",
        ),
        reverse("projects:queue"),
    )
    lists.come(
        n["active"],
        ngettext_lazy("%(count)d project in progress", "%(count)d projects in progress", "count"),
        reverse("projects:home") + "?status=active",
    )
    return lists
