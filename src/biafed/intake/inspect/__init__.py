"""Validation, metadata and previews of uploaded microscopy images (plain Python, no Django).

    from biafed.intake.inspect import Report, detect_format, inspect_file, inspect_sandboxed, render_plane

See docs/intake.md, section "Validation, metadata and previews".
"""

from .api import inspect_file
from .detect import detect_format
from .errors import Unreadable
from .limits import DEFAULT_LIMITS, Limits
from .report import Report
from .sandbox import inspect_sandboxed, render_plane

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Report",
    "Unreadable",
    "detect_format",
    "inspect_file",
    "inspect_sandboxed",
    "render_plane",
]
