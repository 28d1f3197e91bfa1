"""Who may open each page and API address of biafed.api: see biafed.common.access for the
columns. API addresses answer 401 (not a login redirect) to anonymous people; a logged-in
browser session reaches them as the person (tokens are tested in tests/api)."""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

# fmt: off
ACCESS = {
    "api:schema": row("", 200, 200, 200, 200, 200, 200, 200, 200),
    "api:docs": row("", 200, 200, 200, 200, 200, 200, 200, 200),
    "api:table1": row("", 401, 403, 403, 403, 403, 403, 403, 200),
    "api:network_report": row("", 401, 403, 403, 403, 403, 403, 403, 200),
    "api:day-list": row("", 401, 200, 200, 200, 200, 200, 200, 200),
    "api:day-detail": row("day", 401, 200, 200, 200, 200, 200, 200, 200),
    "api:booking-list": row("", 401, 200, 200, 200, 200, 200, 200, 200),
    "api:booking-detail": row("booking", 401, 200, 404, 200, 404, 404, 404, 200),
    "api:booking-submit": row("booking", 401, 405, 405, 405, 405, 405, 405, 405,
        post=(401, ALLOWED, 404, 403, 404, 404, 404, ALLOWED)),
    "api:project-list": row("", 401, 200, 200, 200, 200, 200, 200, 200),
    "api:project-detail": row("project", 401, 200, 404, 200, 404, 404, 404, 200),
    "api:project-phases": row("project", 401, 200, 404, 200, 404, 404, 404, 200),
    "api:project-deliverables": row("project", 401, 200, 404, 200, 404, 404, 404, 200),
    "api:project-effort": row("project", 401, 200, 404, 200, 404, 404, 404, 200),
    "api:term-list": row("", 401, 200, 200, 200, 200, 200, 200, 200),
    "api:term-detail": row("term", 401, 200, 200, 200, 200, 200, 200, 200),
    "api:analyst-list": row("", 401, 403, 403, 200, 200, 200, 403, 200),
    "api:analyst-detail": row("analyst", 401, 403, 403, 200, 200, 200, 403, 200),
    "api:notification-list": row("", 401, 200, 200, 200, 200, 200, 200, 200),
    "api:notification-detail": row("notification", 401, 200, 404, 404, 404, 404, 404, 404),
    "api:notification-read": row("notification", 401, 405, 405, 405, 405, 405, 405, 405,
        post=(401, ALLOWED, 404, 404, 404, 404, 404, 404)),
    "integrations:tokens": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "integrations:revoke_token": row("token", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, 404, 404, 404, 404, 404, 404)),
    "integrations:webhooks": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "integrations:webhook_detail": row("webhook", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "integrations:remove_webhook": row("webhook", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
}
# fmt: on
