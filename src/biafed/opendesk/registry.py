"""What the open desk asks of the apps above it, which fill this in their `ready()`, so the
open desk never imports them: the allocation engine (matching) and the sections other
apps add to the booking page (projects).

    register_allocator(propose=propose_allocation, explain=affinity_explained, render=explain)

`propose(*, coordinator, day) -> {"placed": n, "unplaced": m}` solves a day and applies
the result; `explain(booking, analyst) -> (score, text, translatable parts)` says why an
analyst suits a request, the same way as on the allocation page; `render(parts, text)`
writes stored pieces of an explanation in the viewer's language.

    register_booking_section("projects/_from_booking.html")

A booking section is a template included on the booking page with the page's context
(`booking`, `user`, `request`); it shows nothing when it has nothing to say.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from biafed.common.errors import BusinessRuleError


@dataclass(frozen=True)
class Allocator:
    propose: Callable[..., dict]
    explain: Callable[..., tuple]
    render: Callable[..., str]


_allocator: Allocator | None = None
_booking_sections: list[str] = []


def register_allocator(
    *, propose: Callable[..., dict], explain: Callable[..., tuple], render: Callable[..., str]
) -> None:
    global _allocator
    _allocator = Allocator(propose=propose, explain=explain, render=render)


def propose_allocation(*, coordinator, day) -> dict:
    if _allocator is None:
        raise BusinessRuleError(_("No allocation engine is installed."))
    return _allocator.propose(coordinator=coordinator, day=day)


def explain_member(booking, analyst) -> tuple[float, str, tuple]:
    """Score and explanation of `analyst` on `booking`'s panel; nothing without an engine."""
    if _allocator is None:
        return 0.0, "", ()
    return _allocator.explain(booking, analyst)


def render_explanation(parts, text: str = "") -> str:
    """A stored explanation in the active language; its English `text` without an engine."""
    if _allocator is None:
        return text or ""
    return _allocator.render(parts, text)


def register_booking_section(template_name: str) -> None:
    if template_name not in _booking_sections:
        _booking_sections.append(template_name)


def booking_sections() -> list[str]:
    return list(_booking_sections)
