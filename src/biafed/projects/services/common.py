"""Small helpers shared by the project services: links, notifications, locking."""

from collections.abc import Callable, Iterable

from django.urls import reverse

from biafed.notifications.services import in_language_of, notify
from biafed.people.models import Role, User
from biafed.projects.models import Project
from biafed.projects.notification_kinds import NotificationKind

NOTIFICATION_KIND = NotificationKind.PROJECT


def project_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


def coordinators() -> list[User]:
    return list(User.objects.filter(roles__role=Role.COORDINATOR, is_active=True).distinct())


def tell(
    people: Iterable[User | None],
    *,
    message: Callable[[], tuple[str, str]],
    link: str,
    dedupe: str | None = None,
    skip: User | None = None,
) -> int:
    """Notify each person once, in their own language; `message()` returns (subject, body)
    and is called inside the recipient's language. `skip` (the actor) is not told."""
    sent, seen = 0, set()
    for person in people:
        if person is None or person.pk in seen or (skip is not None and person.pk == skip.pk):
            continue
        seen.add(person.pk)
        with in_language_of(person):
            note = notify(
                recipient=person,
                kind=NOTIFICATION_KIND,
                message=message,
                link=link,
                dedupe_key=f"{dedupe}:{person.pk}" if dedupe else None,
            )
        sent += note is not None
    return sent


def lock(project: Project) -> Project:
    """The project row, locked until the end of the transaction."""
    return Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
