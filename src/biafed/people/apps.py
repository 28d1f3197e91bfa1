from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "biafed.people"
    label = "people"

    def ready(self) -> None:
        from biafed.people import sessions  # noqa: F401, PLC0415 — connects the login-time receiver once apps are ready
