from django.apps import AppConfig

from biafed.billing.notification_kinds import NotificationKind
from biafed.notifications.registry import register_kinds


class BillingConfig(AppConfig):
    name = "biafed.billing"
    label = "billing"

    def ready(self):
        register_kinds(NotificationKind)
