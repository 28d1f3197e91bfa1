"""Privacy: what biafed keeps about a person, their export, account closure, retention.

Each app declares its part with `register_personal_data` (registry.py)."""

from biafed.people.privacy.closure import close_account, closure_blockers
from biafed.people.privacy.export import export_personal_data
from biafed.people.privacy.notice import current_notice, publish_notice
from biafed.people.privacy.registry import register_personal_data
from biafed.people.privacy.retention import apply_retention

__all__ = [
    "apply_retention",
    "close_account",
    "closure_blockers",
    "current_notice",
    "export_personal_data",
    "publish_notice",
    "register_personal_data",
]
