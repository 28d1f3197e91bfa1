"""The intake's services: the only code that changes uploads and data files.

The names other apps use (interface B) are re-exported here."""

from datetime import datetime
from typing import Any

from biafed.intake.services.checking import drop_lost_check_folders, requeue_stale
from biafed.intake.services.files import (
    delete_file,
    files_for,
    is_ready,
    link_files,
    set_keep,
    visible_files,
)
from biafed.intake.services.retention import apply_retention
from biafed.intake.services.uploads import attach_upload, expire_uploads, requeue_stores, store_file


def run_periodic(*, now: datetime) -> dict[str, Any]:
    """Expire abandoned uploads, apply retention, re-queue lost copies into storage and
    lost checks, drop the staging folders of lost checks. Idempotent."""

    return {
        "uploads_expired": expire_uploads(now=now),
        **apply_retention(now=now),
        "stores_requeued": requeue_stores(now=now),
        "checks_requeued": requeue_stale(now=now),
        "check_folders_dropped": drop_lost_check_folders(),
    }


__all__ = [
    "attach_upload",
    "delete_file",
    "files_for",
    "is_ready",
    "link_files",
    "run_periodic",
    "set_keep",
    "store_file",
    "visible_files",
]
