from django.apps import AppConfig


class OpendeskConfig(AppConfig):
    name = "biafed.opendesk"
    label = "opendesk"

    def ready(self):
        from biafed.opendesk import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
