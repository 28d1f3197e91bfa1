from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "biafed.intake"
    label = "intake"
    verbose_name = _("Data intake")

    def ready(self):
        from biafed.intake import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
