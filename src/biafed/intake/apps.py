from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "biafed.intake"
    label = "intake"
    verbose_name = _("Data intake")

    def ready(self):
        register_personal_data_of_intake()


def register_personal_data_of_intake() -> None:
    from biafed.intake.services import privacy
    from biafed.people.privacy import register_personal_data

    register_personal_data("files", export=privacy.export_files, erase=privacy.erase_uploads)
