"""What the open desk asks of the allocation engine, which sits above it: the matching app
fills this in `MatchingConfig.ready()`, so the open desk never imports it.

    register_allocator(propose=propose_allocation, explain=affinity_explained)

`propose(*, coordinator, day) -> {"placed": n, "unplaced": m}` solves a day and applies
the result; `explain(booking, analyst) -> (score, text, translatable parts)` says why an
analyst suits a request, the same way as on the allocation page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from biafed.common.errors import BusinessRuleError


@dataclass(frozen=True)
class Allocator:
    propose: Callable[..., dict]
    explain: Callable[..., tuple]


_allocator: Allocator | None = None


def register_allocator(*, propose: Callable[..., dict], explain: Callable[..., tuple]) -> None:
    global _allocator
    _allocator = Allocator(propose=propose, explain=explain)


def propose_allocation(*, coordinator, day) -> dict:
    if _allocator is None:
        raise BusinessRuleError(_("No allocation engine is installed."))
    return _allocator.propose(coordinator=coordinator, day=day)


def explain_member(booking, analyst) -> tuple[float, str, tuple]:
    """Score and explanation of `analyst` on `booking`'s panel; nothing without an engine."""
    if _allocator is None:
        return 0.0, "", ()
    return _allocator.explain(booking, analyst)
