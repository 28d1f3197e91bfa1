from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "biafed.intake"
    label = "intake"
    verbose_name = _("Data intake")

    def ready(self):
        from biafed.intake import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
        register_personal_data_of_intake()


def register_personal_data_of_intake() -> None:
    from biafed.intake.services import privacy  # noqa: PLC0415 — after the app registry
    from biafed.people.privacy import register_personal_data  # noqa: PLC0415 — idem

    register_personal_data("files", export=privacy.export_files, erase=privacy.erase_uploads)
