"""Who may open each page of people: see biafed.common.access for the columns."""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

# fmt: off
ACCESS = {
    "people:close_account": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "people:directory": row("", LOGIN, 403, 403, 200, 200, 200, 403, 200),
    "people:export_data": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)),
    "people:facilities": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "people:facility": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "people:member_edit": row("user", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "people:members": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "people:my_profile": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "people:network_rules": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "people:term_create": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "people:term_edit": row("term", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "people:term_toggle": row("term", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "people:vocabulary": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
}
# fmt: on
