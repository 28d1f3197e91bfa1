from django.apps import AppConfig


class OpendeskConfig(AppConfig):
    name = "biafed.opendesk"
    label = "opendesk"

    def ready(self):
        from biafed.opendesk import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
        register_personal_data_of_open_desk()


def register_personal_data_of_open_desk() -> None:
    from biafed.opendesk.services import privacy  # noqa: PLC0415 — after the app registry
    from biafed.people.privacy import register_personal_data  # noqa: PLC0415 — idem

    register_personal_data(
        "open_desk",
        export=privacy.export_open_desk,
        erase=privacy.erase_open_desk,
        blockers=privacy.closure_blockers,
        retention=privacy.clear_old_answers,
    )
