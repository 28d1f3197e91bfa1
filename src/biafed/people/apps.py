from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "biafed.people"
    label = "people"

    def ready(self):
        register_personal_data_of_people()


def register_personal_data_of_people() -> None:
    from biafed.people.privacy import people_part
    from biafed.people.privacy.registry import register_personal_data

    register_personal_data(
        "profile",
        export=people_part.export_profile,
        erase=people_part.erase_profile,
        retention=people_part.close_dormant_accounts,
    )
