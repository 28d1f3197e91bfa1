from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "biafed.projects"
    label = "projects"
