"""The background check of a stored file: format by content, metadata, previews.

A file that fails becomes "unreadable: <reason>"; nothing here lets an exception
reach the worker."""

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from biafed.common.states import move, move_rows
from biafed.intake import inspection, staging, tasks
from biafed.intake.models import (
    CHECK_FAILED,
    LIVE_STATUSES,
    OWN_REASONS,
    DataFile,
    FileStatus,
    without_paths,
)
from biafed.intake.services.files import (
    after_files_changed,
    drop_cached_planes,
    drop_unshared,
    follow,
)
from biafed.intake.services.notices import tell_checked
from biafed.intake.services.uploads import store_lease

log = logging.getLogger(__name__)

PREVIEW_KEYS = ("thumbnail", "composite")
REPORT_FIELDS = (
    "format",
    "metadata",
    "members",
    "reason",
    "thumbnail",
    "composite",
    "checked_at",
    "checking_since",
)
"""What a check records on a file besides its status."""

CHECK_HEARTBEAT_S = 20
"""How often a running check says it is alive (`DataFile.check_alive_at`)."""

CHECK_LOST_AFTER = timedelta(seconds=60)
"""A check silent this long died with its worker (killed, out of memory, host lost): the
periodic job, run every minute, starts it again, within two minutes of the death."""

CHECK_FOLDER_PREFIX = "check-"


@contextmanager
def heartbeat(data_file_id: int, claimed_at: datetime, folder: Path) -> Iterator[None]:
    """While the block runs, say every CHECK_HEARTBEAT_S that the check holding the claim
    `claimed_at` is alive, and touch its staging folder (so it is not taken for the
    folder of a dead check)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(CHECK_HEARTBEAT_S):
                DataFile.objects.filter(
                    pk=data_file_id, status=FileStatus.VALIDATING, checking_since=claimed_at
                ).update(check_alive_at=timezone.now())
                os.utime(folder)
        except Exception:  # a missed beat only makes the check look lost: run it again
            log.exception("heartbeat of the check of data file %s stopped", data_file_id)
        finally:
            connection.close()

    beating = threading.Thread(target=beat, name=f"check-{data_file_id}-heartbeat", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join()


def check_lease(size: int) -> timedelta:
    """How long a check of `size` bytes may run before the periodic job presumes it lost
    (its worker died) and checks the file again: the inspector's time cap
    (INTAKE_INSPECT_TIMEOUT_S) plus the store lease for that size (the download of the
    object from remote storage at the slowest rate expected, and some slack)."""
    return timedelta(seconds=settings.INTAKE_INSPECT_TIMEOUT_S) + store_lease(size)


def check_data_file(data_file_id: int) -> str:
    """Inspect one file and store what was learnt; returns the new status.

    The check first claims the file (received -> validating, with the time it started, in
    one conditional UPDATE: of two deliveries of the task, one runs). It records its results
    only while it still holds that claim: a check presumed lost and started again
    (`requeue_stale`) never overwrites the results of the newer one."""
    claimed_at = timezone.now()
    claimed = move_rows(
        DataFile.objects.filter(pk=data_file_id),
        FileStatus.VALIDATING,
        source=FileStatus.RECEIVED,
        checking_since=claimed_at,
        check_alive_at=claimed_at,
    )
    if not claimed:
        return "skipped"
    data_file = DataFile.objects.get(pk=data_file_id)
    try:
        with (
            tempfile.TemporaryDirectory(
                dir=staging.staging_dir(), prefix=CHECK_FOLDER_PREFIX
            ) as out,
            heartbeat(data_file_id, claimed_at, Path(out)),
        ):
            # A file received for its check has its storage name.
            with staging.local_copy(data_file.file.name) as path:  # type: ignore[arg-type]
                report = inspection.inspect(
                    path,
                    out,
                    memory_mb=settings.INTAKE_INSPECT_MEMORY_MB,
                    timeout_s=settings.INTAKE_INSPECT_TIMEOUT_S,
                )
            if report is None:  # no inspector yet: leave the file received
                move_rows(
                    DataFile.objects.filter(pk=data_file_id, checking_since=claimed_at),
                    FileStatus.RECEIVED,
                    source=FileStatus.VALIDATING,
                    checking_since=None,
                    check_alive_at=None,
                )
                return FileStatus.RECEIVED
            previews = _store_previews(data_file, Path(out), report.get("previews") or {})
    except Exception:  # storage trouble or a bug: say so on the file, keep the worker
        log.exception("checking data file %s failed", data_file_id)
        report = {"status": "unreadable", "reason": CHECK_FAILED}
        previews = {}
    return record_report(data_file_id, report, previews, claimed_at=claimed_at)


def _store_previews(data_file: DataFile, out: Path, names: dict) -> dict:
    stored = {}
    for key in PREVIEW_KEYS:
        name = names.get(key)
        if not name or not (out / name).is_file():
            continue
        with open(out / name, "rb") as handle:
            stored[key] = default_storage.save(
                f"intake/previews/{data_file.pk}/{key}.png", File(handle)
            )
    return stored


def record_report(data_file_id: int, report: dict, previews: dict, *, claimed_at: datetime) -> str:
    """Store the inspector's report on a file being checked (status "validating") and tell
    its target and the people concerned; previews are names already in storage.

    Only the check holding the claim (`claimed_at`, see `check_data_file`) records: a file
    deleted meanwhile, or checked again after this check was presumed lost, keeps what it
    has, and the previews this check produced are deleted.

    Its linked copies (`link_files`) take the same results. A file checked again gets new
    preview names: the previews replaced, and the viewer planes cached from the earlier
    check, are deleted once the new ones are recorded."""
    ok = report.get("status") == "ok"
    with transaction.atomic():
        data_file = DataFile.objects.select_for_update().filter(pk=data_file_id).first()
        if (
            data_file is None
            or data_file.status != FileStatus.VALIDATING
            or data_file.checking_since != claimed_at
        ):
            # Deleted, or claimed by a newer check: drop what this check produced.
            transaction.on_commit(lambda: drop_unshared(previews.values()))
            return data_file.status if data_file else "gone"
        replaced = {data_file.thumbnail.name, data_file.composite.name}
        checked_before = [data_file.pk] if data_file.checked_at else []
        data_file.format = (report.get("format") or "")[:32]
        data_file.metadata = report.get("metadata") or {}
        data_file.members = report.get("members") or []
        data_file.reason = "" if ok else _reason_for_people(data_file_id, report)
        data_file.thumbnail = previews.get("thumbnail", "")
        data_file.composite = previews.get("composite", "")
        data_file.checked_at = timezone.now()
        data_file.checking_since = None
        data_file.check_alive_at = None
        move(
            data_file,
            FileStatus.VALID if ok else FileStatus.UNREADABLE,
            actor=None,
            verb="checked",
            detail=data_file.reason,
            extra_fields=(*REPORT_FIELDS, "check_alive_at"),
        )
        copies, replaced_by_copies = follow(data_file)
        checked_before += [c.pk for c in copies if c.checked_at]
        replaced = (replaced | replaced_by_copies) - set(previews.values())
        target = data_file.target
        if target is not None:
            after_files_changed(target, actor=None)
            tell_checked(data_file, target)
        for copy_target in {(c.content_type_id, c.object_id): c.target for c in copies}.values():
            if copy_target is not None:
                after_files_changed(copy_target, actor=None)

        def drop_replaced() -> None:
            drop_unshared(replaced)
            for pk in checked_before:
                drop_cached_planes(pk)

        transaction.on_commit(drop_replaced)
    return data_file.status


def _reason_for_people(data_file_id: int, report: dict) -> str:
    """The inspector's reason without server paths; the whole of it goes to the log."""
    reason = report.get("reason") or "unknown reason"
    shown = reason if reason in OWN_REASONS else without_paths(reason)
    if shown != reason:
        log.warning("data file %s is unreadable: %s", data_file_id, reason)
    return shown


def requeue_stale(*, now: datetime, older_than_minutes: int = 30) -> int:
    """Queue again the files still waiting for a check (a lost task, a worker restart).

    A file received more than `older_than_minutes` ago and not yet checked is queued again
    (a second delivery of its task finds it claimed, and does nothing). A running check
    whose heartbeat is silent for CHECK_LOST_AFTER died with its worker, however recent the
    upload: it is started again. A check claimed without a heartbeat (by an older version)
    is started again only when it started longer ago than `check_lease` allows, or when no
    start was recorded. The claim is taken back with one conditional UPDATE, so the lost
    check, should it still finish, records nothing.

    Linked copies are not checked on their own while their original is live: they take
    its results (brought in step here if that was missed)."""

    if not inspection.available():
        return 0
    long_ago = now - timedelta(minutes=older_than_minutes)
    waiting = DataFile.objects.filter(
        Q(status=FileStatus.RECEIVED, uploaded_at__lte=long_ago)
        | Q(status=FileStatus.VALIDATING, check_alive_at__lte=now - CHECK_LOST_AFTER)
        | Q(status=FileStatus.VALIDATING, check_alive_at__isnull=True, uploaded_at__lte=long_ago)
    )
    following = waiting.filter(linked_from__status__in=LIVE_STATUSES)
    checked = (FileStatus.VALID, FileStatus.UNREADABLE)
    for root_id in set(
        following.filter(linked_from__status__in=checked).values_list("linked_from", flat=True)
    ):
        with transaction.atomic():
            # root_id comes from linked_from__status, so it is never null.
            root = DataFile.objects.select_for_update().get(pk=root_id)  # type: ignore[misc]
            follow(root)
    count = 0
    rows = waiting.exclude(pk__in=following.values("pk")).values_list(
        "pk", "status", "size", "checking_since", "check_alive_at"
    )
    for pk, status, size, started, alive in rows[:500]:
        if status == FileStatus.VALIDATING:
            if alive is None and started is not None and started > now - check_lease(size):
                continue  # still being checked
            taken_back = move_rows(
                DataFile.objects.filter(pk=pk, checking_since=started, check_alive_at=alive),
                FileStatus.RECEIVED,
                source=FileStatus.VALIDATING,
                checking_since=None,
                check_alive_at=None,
            )
            if not taken_back:
                continue  # its check finished meanwhile, or another run took it back
        tasks.check_data_file.enqueue(pk)
        count += 1
    return count


def drop_lost_check_folders(*, max_age: timedelta | None = None) -> int:
    """Delete the staging folders of checks killed with their worker: `check-*` folders
    untouched for longer than the inspector's time cap (a running check touches its
    folder at every heartbeat). Returns how many went."""
    max_age = max_age or timedelta(seconds=settings.INTAKE_INSPECT_TIMEOUT_S)
    oldest = time.time() - max_age.total_seconds()
    dropped = 0
    for folder in staging.staging_dir().glob(f"{CHECK_FOLDER_PREFIX}*"):
        try:
            if not folder.is_dir() or folder.stat().st_mtime > oldest:
                continue
        except FileNotFoundError:  # removed by its own check meanwhile
            continue
        shutil.rmtree(folder, ignore_errors=True)
        log.info("removed the staging folder of a lost check: %s", folder.name)
        dropped += 1
    return dropped
