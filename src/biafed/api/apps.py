from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "biafed.api"
    verbose_name = "API"

    def ready(self):
        from biafed.api import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
