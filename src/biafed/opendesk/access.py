"""Who may open each page of opendesk: see biafed.common.access for the columns."""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

# fmt: off
ACCESS = {
    "opendesk:attendance": row("booking", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 404, 403, 404, 404, 404, ALLOWED)),
    "opendesk:availability": row("day", LOGIN, 403, 403, 200, 200, 200, 403, 403),
    "opendesk:booking_detail": row("booking", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "opendesk:booking_edit": row("booking", LOGIN, 200, 404, 403, 404, 404, 404, 200),
    "opendesk:booking_list": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "opendesk:cancel": row("booking", LOGIN, 200, 404, 403, 404, 404, 404, 200,
        post=(LOGIN, ALLOWED, 404, 403, 404, 404, 404, ALLOWED)),
    "opendesk:close_registration": row("day", LOGIN, 403, 403, 403, 403, 403, 403, 200,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "opendesk:day_create": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "opendesk:day_dashboard": row("day", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "opendesk:day_edit": row("day", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "opendesk:day_list": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "opendesk:day_publish": row("day", LOGIN, 403, 403, 403, 403, 403, 403, 200,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "opendesk:download_file": row("booking", LOGIN, REDIRECT, 404, REDIRECT, 404, 404, 404, REDIRECT),
    "opendesk:feedback": row("booking", LOGIN, 403, 404, 403, 404, 404, 404, 403),
    "opendesk:move": row("booking", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "opendesk:my_sessions": row("", LOGIN, 403, 403, 200, 200, 200, 403, 403),
    "opendesk:outcome": row("booking", LOGIN, 403, 404, 200, 404, 404, 404, 200),
    "opendesk:panel_edit": row("booking", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "opendesk:propose": row("day", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "opendesk:publish_allocation": row("day", LOGIN, 403, 403, 403, 403, 403, 403, 200,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "opendesk:reopen_registration": row("day", LOGIN, 403, 403, 403, 403, 403, 403, 200,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "opendesk:start_booking": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, ALLOWED, 403, 403, 403, 403, 403)),
}
# fmt: on
