from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "biafed.projects"
    label = "projects"

    def ready(self):
        from biafed.projects import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
        register_personal_data_of_projects()


def register_personal_data_of_projects() -> None:
    from biafed.people.privacy import register_personal_data  # noqa: PLC0415 — after the app registry
    from biafed.projects.services import privacy  # noqa: PLC0415 — idem

    register_personal_data(
        "projects",
        export=privacy.export_projects,
        erase=privacy.erase_projects,
        blockers=privacy.closure_blockers,
    )
