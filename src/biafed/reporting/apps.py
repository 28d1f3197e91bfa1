from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "biafed.reporting"
    label = "reporting"

    def ready(self):
        from biafed.reporting import rules  # noqa: F401  (registers the permissions)
