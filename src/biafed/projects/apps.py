from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "biafed.projects"
    label = "projects"

    def ready(self):
        from biafed.projects import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
