from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Its permissions (`rules.py`) load through rules' AutodiscoverRulesConfig."""

    name = "biafed.reporting"
    label = "reporting"

    def ready(self):
        from biafed.reporting import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
