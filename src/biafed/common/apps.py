from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "biafed.common"
    label = "common"
