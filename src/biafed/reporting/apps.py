from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Its permissions (`rules.py`) load through rules' AutodiscoverRulesConfig."""

    name = "biafed.reporting"
    label = "reporting"
