from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "biafed.people"
    label = "people"

    def ready(self) -> None:
        from biafed.people import identity, sessions  # noqa: F401, PLC0415 — connect their receivers (login time; held sign-ins, ORCID iDs)

        register_personal_data_of_people()


def register_personal_data_of_people() -> None:
    """The profile's part of a person's data, and the retention rules of every part run
    as one periodic job."""
    from biafed.common.periodic import register_periodic_job  # noqa: PLC0415 — after the app registry
    from biafed.people.privacy import people_part  # noqa: PLC0415 — idem
    from biafed.people.privacy.registry import register_personal_data  # noqa: PLC0415 — idem
    from biafed.people.privacy.retention import apply_retention  # noqa: PLC0415 — idem

    register_personal_data(
        "profile",
        export=people_part.export_profile,
        erase=people_part.erase_profile,
        retention=people_part.close_dormant_accounts,
    )
    register_periodic_job("people.privacy_retention", apply_retention)
