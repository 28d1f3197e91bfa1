from django.apps import AppConfig


class OpendeskConfig(AppConfig):
    name = "biafed.opendesk"
    label = "opendesk"
