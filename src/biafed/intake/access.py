"""Who may open each page of intake: see biafed.common.access for the columns."""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

# fmt: off
ACCESS = {
    "intake:client": row("", 200, 200, 200, 200, 200, 200, 200, 200),
    "intake:delete": row("data_file", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, 404, 403, 404, 404, 404, ALLOWED)),
    "intake:download": row("data_file", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "intake:form_upload": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, 404, 403, 404, 404, 404, ALLOWED)),
    "intake:keep": row("", LOGIN, 405, 405, 405, 405, 405, 405, 405,
        post=(LOGIN, ALLOWED, 404, 403, 404, 404, 404, 403)),
    "intake:panel": row("", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "intake:plane": row("data_file", LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "intake:preview": row("data_file", LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "intake:tus": row("", 412, 412, 412, 412, 412, 412, 412, 412),
    "intake:tus_upload": row("", 412, 412, 412, 412, 412, 412, 412, 412),
}
# fmt: on
