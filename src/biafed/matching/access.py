"""Who may open each page of matching: see biafed.common.access for the columns."""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

# fmt: off
ACCESS = {
    "matching:apply": row("run", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "matching:assistant": row("booking", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, 404, 403, 404, 404, 404, ALLOWED)),
    "matching:assistant_feedback": row("booking", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, 404, 403, 404, 404, 404, ALLOWED)),
    "matching:assistant_report": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "matching:compute": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "matching:day": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "matching:pin_member": row("booking", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "matching:pin_slot": row("booking", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "matching:run": row("run", LOGIN, 403, 403, 403, 403, 403, 403, REDIRECT),
    "matching:run_instance": row("run", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "matching:stop": row("run", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
    "matching:suggest_terms": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)),
    "matching:unpin": row("pin", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)),
}
# fmt: on
