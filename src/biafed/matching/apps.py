from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "biafed.matching"
    label = "matching"
