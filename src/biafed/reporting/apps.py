from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "biafed.reporting"
    label = "reporting"
