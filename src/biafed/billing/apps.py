from django.apps import AppConfig

from biafed.billing.notification_kinds import NotificationKind
from biafed.notifications.registry import register_kinds


class BillingConfig(AppConfig):
    name = "biafed.billing"
    label = "billing"

    def ready(self):
        from biafed.billing import indicators  # noqa: PLC0415 — models load after the app registry

        register_kinds(NotificationKind)
        # The people app's registry of personal data (below billing; models are loaded now).
        from biafed.billing.privacy import export_billing  # noqa: PLC0415 — after the app registry
        from biafed.people.privacy import register_personal_data  # noqa: PLC0415 — idem

        register_personal_data("billing", export=export_billing)

        indicators.register()

        from biafed.billing import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
