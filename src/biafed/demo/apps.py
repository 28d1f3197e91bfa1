from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py load_demo`: it fills every app, so it sits above them all (with settings
    and urls), not in `common`."""

    name = "biafed.demo"
    label = "demo"
