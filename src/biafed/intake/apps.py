from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "biafed.intake"
    label = "intake"
    verbose_name = _("Data intake")

    def ready(self) -> None:
        from biafed.intake import tokens  # noqa: F401  (connects the logout receiver)
