from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "biafed.intake"
    label = "intake"
