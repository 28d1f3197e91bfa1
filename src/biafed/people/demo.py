"""Demo people for `load_demo`: host facilities, the coordinator, analysts with their
expertise, requesters (`data/demo_roster.json`). Every account uses the password
``biafed-demo`` and has a verified e-mail address.

First of the apps' demos: the others look the people up by e-mail.
"""

from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from biafed.common.data import read_data
from biafed.people.models import (
    AnalystProfile,
    CareerStage,
    ExpertiseTerm,
    HostFacility,
    Language,
    Role,
    User,
    UserRole,
)
from biafed.people.services import accept_network_rules, grant_role, set_expertise
from biafed.people.vocabulary import install_vocabulary

DEMO_PASSWORD = "biafed-demo"


def load(*, stored_files: list) -> str:
    roster = read_data("biafed.people", "demo_roster.json")
    # The data migration ships the vocabulary; restore any entry the demo relies on.
    install_vocabulary(term_model=ExpertiseTerm, language_model=Language)
    password = make_password(DEMO_PASSWORD)  # hash once, reuse for every account
    facilities = _facilities(roster)
    coordinator = _coordinator(roster["coordinator"], password)
    analysts = _analysts(roster["analysts"], facilities, coordinator, password)
    requesters = _requesters(roster["requesters"], coordinator, password)
    return (
        f"Demo network loaded: {len(facilities)} host facilities, {len(analysts)} analysts, "
        f"{len(requesters)} requesters."
    )


def _facilities(roster: dict) -> dict[str, HostFacility]:
    facilities = {}
    for entry in roster["host_facilities"]:
        facilities[entry["key"]], _ = HostFacility.objects.get_or_create(
            name=entry["name"],
            defaults={
                "institution": entry["institution"],
                "city": entry["city"],
                "country": roster["country"],
                "latitude": Decimal(entry["latitude"]),
                "longitude": Decimal(entry["longitude"]),
                "umbrella_network": roster["network"],
            },
        )
    return facilities


def _user(entry: dict, password: str, *, institution: str = "", **extra) -> User:
    user = User.objects.create(
        email=entry["email"],
        full_name=entry["full_name"],
        institution=institution or entry["institution"],
        preferred_language=entry.get("language", "en"),
        password=password,
        **extra,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _coordinator(entry: dict, password: str) -> User:
    user = _user(entry, password, is_staff=True, is_superuser=True)
    for role in (Role.COORDINATOR, Role.ADMIN):
        UserRole.objects.create(user=user, role=role)
    user.__dict__.pop("role_names", None)
    return user


def _analysts(
    entries: list[dict], facilities: dict[str, HostFacility], coordinator: User, password: str
) -> list[User]:
    terms = {t.name: t for t in ExpertiseTerm.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    users = []
    for entry in entries:
        facility = facilities[entry["host_facility"]]
        spoken = entry["languages"]
        user = _user(
            {**entry, "language": "fr" if "fr" in spoken else "en"},
            password,
            institution=facility.institution,
        )
        grant_role(actor=coordinator, user=user, role=Role.ANALYST)
        head = entry["career_stage"] == CareerStage.HEAD
        profile = AnalystProfile.objects.create(
            user=user,
            host_facility=facility,
            background=entry["background"],
            career_stage=entry["career_stage"],
            bio=entry["profile"],
            daily_session_cap=2 if head else 3,
        )
        profile.languages.set([languages[code] for code in spoken])
        set_expertise(
            actor=coordinator,
            profile=profile,
            levels={terms[term].pk: level for term, level in entry["expertise"].items()},
        )
        if entry["accepted_network_rules"]:
            accept_network_rules(analyst=user)
        if head:
            facility.managers.add(user)
            grant_role(actor=coordinator, user=user, role=Role.FACILITY_MANAGER)
        users.append(user)
    return users


def _requesters(entries: list[dict], coordinator: User, password: str) -> list[User]:
    users = []
    for entry in entries:
        user = _user(entry, password)
        grant_role(actor=coordinator, user=user, role=Role.REQUESTER)
        users.append(user)
    return users
