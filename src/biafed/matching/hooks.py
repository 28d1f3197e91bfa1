"""How the allocation engine plugs into the open desk below it (called from
`MatchingConfig.ready()`): coordinators propose panels from the day dashboard, and a panel
edited by hand shows the same explanation as the allocation page, in the viewer's
language."""

from biafed.matching.explain import explain
from biafed.matching.services import affinity_explained, propose_allocation
from biafed.opendesk.registry import register_allocator, register_booking_section


def register() -> None:
    register_allocator(propose=propose_allocation, explain=affinity_explained, render=explain)
    register_booking_section("matching/_similar.html")  # similar past consultations
