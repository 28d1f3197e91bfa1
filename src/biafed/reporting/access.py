"""Who may open each page of reporting: see biafed.common.access for the columns."""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

# fmt: off
ACCESS = {
    "reporting:home": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "reporting:table1_csv": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "reporting:network_report": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "reporting:site_statement": row("", LOGIN, 404, 404, 404, 404, 404, 200, 200),
}
# fmt: on
