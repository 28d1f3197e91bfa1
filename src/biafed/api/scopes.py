"""What a personal token may touch: one area of the API each, read or read-and-write."""

from django.utils.translation import gettext_lazy as _

AREAS = {
    "opendesk": _("Open desk: days, sessions, bookings, panels and outcomes"),
    "projects": _("Collaborative projects: phases, effort and deliverables"),
    "people": _("Expertise catalogue and analysts' directory"),
    "reports": _("Reports and Table 1"),
    "notifications": _("Your notifications"),
}
READ, WRITE = "read", "write"
LEVELS = (READ, WRITE)


def scope(area: str, level: str) -> str:
    return f"{area}:{level}"


ALL_SCOPES = tuple(scope(area, level) for area in AREAS for level in LEVELS)


def allows(scopes, area: str, *, write: bool) -> bool:
    """A token's scopes allow reading `area` (write includes read) or writing to it."""
    if write:
        return scope(area, WRITE) in scopes
    return scope(area, READ) in scopes or scope(area, WRITE) in scopes
