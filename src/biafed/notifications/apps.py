from typing import Any

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "biafed.notifications"
    label = "notifications"

    def ready(self):
        register_personal_data_of_notifications()


def register_personal_data_of_notifications() -> None:
    """The messages a person received are theirs: exported, and deleted at closure."""
    from biafed.notifications.models import Notification  # noqa: PLC0415 — models load after the app registry
    from biafed.people.privacy import register_personal_data  # noqa: PLC0415 — idem

    def export(user: Any) -> list[Any]:
        return list(
            Notification.objects.filter(recipient=user)
            .order_by("created_at", "id")
            .values("kind", "subject", "body", "link", "created_at", "read_at", "emailed_at")
        )

    def erase(*, user, actor) -> None:
        Notification.objects.filter(recipient=user).delete()

    register_personal_data("messages", export=export, erase=erase)
