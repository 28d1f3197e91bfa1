from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "biafed.people"
    label = "people"
