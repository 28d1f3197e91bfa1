from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "biafed.matching"
    label = "matching"

    def ready(self):
        from biafed.matching import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
