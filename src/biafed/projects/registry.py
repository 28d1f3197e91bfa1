"""What the projects app asks of the apps above it, which fill this in their `ready()`, so
projects never imports them: the conditions a project must meet before its work starts.

    register_start_condition(quote_needed)

`condition(project) -> StartBlocker | None` says what still stops the work of an accepted
project from starting (billing: "Quote needed before work starts", with a link to issue
it). While one blocks, a project whose team accepted waits in "Team being confirmed";
`team.start_when_ready` starts it once nothing blocks (billing calls it after a quote).
With nothing registered, work starts as soon as the team accepted.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class StartBlocker:
    """Why the work cannot start yet, and where to fix it (`url`, with the link's `action`)."""

    message: str
    url: str = ""
    action: str = ""


_conditions: list[Callable[..., StartBlocker | None]] = []
_waived = False


def register_start_condition(condition: Callable[..., StartBlocker | None]) -> None:
    if condition not in _conditions:
        _conditions.append(condition)


def start_blockers(project) -> list[StartBlocker]:
    """What still stops the work of `project` from starting (empty when nothing does)."""
    if _waived:
        return []
    found = (condition(project) for condition in _conditions)
    return [blocker for blocker in found if blocker is not None]


@contextmanager
def start_conditions_waived() -> Iterator[None]:
    """Record projects that started before the conditions applied (the demo's history,
    data imports): their quotes are recorded afterwards, dated when the work began."""
    global _waived
    before, _waived = _waived, True
    try:
        yield
    finally:
        _waived = before
