"""The one place the Django side calls the file inspector (`biafed.intake.inspect`).

While the inspector is not installed (or fails to import), files stay "received":
the adapter returns None and nothing else breaks.
"""

import logging

from biafed.intake.models import CHECK_FAILED

log = logging.getLogger(__name__)


def _inspector():
    try:
        from biafed.intake import inspect  # noqa: PLC0415 — optional: files stay 'received' without it
    except ImportError:  # the inspector is an optional part during development
        log.warning("biafed.intake.inspect is not available: files stay 'received'")
        return None
    if not hasattr(inspect, "inspect_sandboxed"):
        return None
    return inspect


def available() -> bool:
    return _inspector() is not None


def inspect(path, out_dir, *, memory_mb: int, timeout_s: int) -> dict | None:
    """The inspector's report as a dict (status, reason, format, metadata, previews,
    members), or None when there is no inspector. Never raises for a bad file."""
    inspector = _inspector()
    if inspector is None:
        return None
    try:
        report = inspector.inspect_sandboxed(
            path, out_dir, memory_mb=memory_mb, timeout_s=timeout_s
        )
    except Exception:  # the sandbox itself failed: the file is not to blame
        log.exception("inspect_sandboxed failed on %s", path)
        return {
            "status": "unreadable",
            "reason": CHECK_FAILED,
            "format": "",
            "metadata": {},
            "previews": {},
            "members": [],
        }
    return report.to_dict()


def render_plane(path, out_png, *, z: int, t: int, channel, max_size: int, memory_mb: int):
    """One downsampled plane for the session viewer; None without an inspector."""
    inspector = _inspector()
    if inspector is None or not hasattr(inspector, "render_plane"):
        return None
    return inspector.render_plane(
        path, out_png, z=z, t=t, channel=channel, max_size=max_size, memory_mb=memory_mb
    )
