"""What each app holds about a person: declared once, in the app's AppConfig.ready().

    register_personal_data(
        "open_desk",                          # the file name in the export: open_desk.json
        export=lambda user: [...],            # JSON-ready data about the person
        erase=lambda *, user, actor: None,    # closure: erase or pseudonymise what is not kept
        blockers=lambda user: [...],          # closure refused while any message is returned
        retention=lambda *, now: {...},       # the periodic job: counts of what was cleared
    )

Apps register in INSTALLED_APPS order (lower layers first), so the people app never
imports a higher one: each higher app brings its own part.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable | None = None
    erase: Callable | None = None
    blockers: Callable | None = None
    retention: Callable | None = None


_registry: dict[str, PersonalData] = {}


def register_personal_data(
    name: str, *, export=None, erase=None, blockers=None, retention=None
) -> PersonalData:
    entry = PersonalData(
        name=name, export=export, erase=erase, blockers=blockers, retention=retention
    )
    _registry[name] = entry
    return entry


def parts() -> list[PersonalData]:
    return list(_registry.values())
