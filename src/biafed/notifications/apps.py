from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "biafed.notifications"
    label = "notifications"
