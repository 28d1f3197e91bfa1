"""Resumable uploads: create, receive bytes in bounded memory, finalise atomically.

Nothing half-written is ever a DataFile: bytes wait in a staging file; only when
every byte arrived and the SHA-256 (computed while streaming) matches what the
client announced, if it did, does the file enter storage (one atomic rename on
local disk) and a DataFile row appear, in one transaction.
"""

import errno
import logging
import os
import queue
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import IO, Literal, Protocol
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.states import move_rows
from biafed.intake import sniff, staging, tasks
from biafed.intake.errors import (
    ChecksumMismatch,
    IntakeError,
    OffsetMismatch,
    RefusedType,
    StorageProblem,
    UploadBusy,
    UploadGone,
)
from biafed.intake.hashing import ResumableSha256, sha256_of_file
from biafed.intake.models import BYTES_LOST, LIVE_STATUSES, DataFile, FileStatus, Upload
from biafed.intake.registry import content_type_of, for_object
from biafed.intake.services.files import after_files_changed, keep_consent_of
from biafed.intake.services.limits import check_limits
from biafed.intake.services.notices import tell_bytes_lost
from biafed.people.models import User

log = logging.getLogger(__name__)


class Readable(Protocol):
    """What bytes are received from: an HttpRequest, an open file."""

    def read(self, size: int, /) -> bytes: ...


class Digest(Protocol):
    """A hashlib object (the client's checksum of a chunk) or a ResumableSha256."""

    def update(self, data: bytes, /) -> None: ...


class HashlibDigest(Digest, Protocol):
    def digest(self) -> bytes: ...


Checksum = tuple[HashlibDigest, bytes]


def _expiry(now: datetime) -> datetime:
    return now + timedelta(hours=settings.INTAKE_UPLOAD_EXPIRY_HOURS)


def _storage_failed(error: OSError) -> StorageProblem:
    log.exception("intake storage error")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageProblem(
            _(
                "The server has no room left for this file right now. Nothing is lost: the "
                "upload resumes where it stopped once the coordinators free some space."
            )
        )
    problem = StorageProblem(
        _("The file could not be written on the server (storage error). Please try again later.")
    )
    problem.http_status = 500
    return problem


def create_upload(*, actor: User, target: Model, length: int, metadata: dict) -> Upload:
    """Open a resumable upload of `length` bytes to `target`, after the limits allow it."""
    entry = for_object(target)
    if not entry.can_upload(actor, target):
        raise PermissionDenied
    name = staging.safe_name(metadata.get("filename") or metadata.get("name") or "")
    now = timezone.now()
    with transaction.atomic():
        # One person's uploads are created one at a time: the quota cannot be overrun.
        get_user_model()._default_manager.select_for_update().filter(pk=actor.pk).first()
        check_limits(person=actor, target=target, name=name, size=length)
        upload = Upload.objects.create(
            owner=actor,
            content_type=content_type_of(target),
            object_id=target.pk,
            filename=name,
            length=length,
            # PostgreSQL refuses NUL in text and JSON: a client's metadata never carries one in.
            metadata={
                k.replace("\x00", ""): v.replace("\x00", "")
                for k, v in metadata.items()
                if len(k) < 64 and len(v) < 1024
            },
            hash_state=ResumableSha256().state() if ResumableSha256.available() else b"",
            created_at=now,
            updated_at=now,
            expires_at=_expiry(now),
        )
        try:
            staging.create_staged(upload.pk)
        except OSError as error:
            raise _storage_failed(error) from None
    return upload


def receive_chunk(
    *,
    upload: Upload,
    offset: int,
    stream: Readable,
    content_length: int,
    checksum: Checksum | None = None,
) -> Upload:
    """Append the request body at `offset`, reading `stream` one small block at a time.

    A cut connection keeps what arrived (the client resumes from there). With a
    checksum (hashlib object, expected digest), the chunk is kept only if it matches."""
    now = timezone.now()
    if upload.is_complete:
        raise OffsetMismatch(_("This upload is already complete."))
    if upload.expires_at <= now:
        raise UploadGone(_("This upload expired; please start it again."))
    if offset != upload.offset:
        raise OffsetMismatch(_("The upload is at byte %(n)s, not here.") % {"n": upload.offset})
    if content_length > upload.length - offset:
        raise IntakeError(_("More bytes were sent than the file announced."))
    try:
        with staging.locked_staging_file(upload.pk) as handle:
            upload.refresh_from_db()
            recover_after_restart(upload)
            if offset != upload.offset:
                raise OffsetMismatch(
                    _("The upload is at byte %(n)s, not here.") % {"n": upload.offset}
                )
            staging.position(handle, offset)
            hasher = ResumableSha256(upload.hash_state) if upload.hash_state else None
            received = _copy(stream, handle, content_length, hasher, checksum, base=offset)
            if checksum is not None:
                digest, expected = checksum
                if received < content_length or digest.digest() != expected:
                    staging.position(handle, offset)  # keep nothing of a chunk we cannot trust
                    if received < content_length:
                        return upload
                    raise ChecksumMismatch(
                        _("The chunk arrived damaged (checksum mismatch); it will be sent again.")
                    )
            synced = upload.metadata.get("synced", 0)
            complete = offset + received == upload.length
            if complete or offset + received - synced >= staging.SYNC_EVERY:
                os.fdatasync(handle.fileno())
                upload.metadata["synced"] = offset + received
                upload.metadata["synced_hash"] = hasher.state().hex() if hasher else ""
            upload.metadata["boot"] = staging.boot_id()
    except staging.StagingBusy:
        raise UploadBusy(_("This upload is being written by another request.")) from None
    except FileNotFoundError:
        raise UploadGone(_("This upload no longer exists; please start it again.")) from None
    except OSError as error:
        raise _storage_failed(error) from None
    upload.offset = offset + received
    upload.hash_state = hasher.state() if hasher else b""
    upload.updated_at = now
    upload.expires_at = _expiry(now)
    Upload.objects.filter(pk=upload.pk, offset=offset).update(
        offset=upload.offset,
        hash_state=upload.hash_state,
        metadata=upload.metadata,
        updated_at=now,
        expires_at=upload.expires_at,
    )
    _check_content(upload)
    if upload.offset == upload.length:
        # The generic foreign key reads as optional; a deleted target is refused there.
        attach_upload(actor=upload.owner, target=upload.target, upload=upload)  # type: ignore[arg-type]
    return upload


def recover_after_restart(upload: Upload) -> Upload:
    """After the machine restarted, trust only the bytes known to be on disk: the upload
    goes back to the last point it waited for the disk (the client resends the rest).
    Between those points the kernel writes in the background: no request waits for it."""
    written_on = upload.metadata.get("boot")
    synced = upload.metadata.get("synced", 0)
    if written_on and written_on != staging.boot_id() and upload.offset > synced:
        upload.offset = synced
        state = upload.metadata.get("synced_hash", "")
        upload.hash_state = bytes.fromhex(state) if state else b""
        upload.metadata["boot"] = staging.boot_id()
        Upload.objects.filter(pk=upload.pk).update(
            offset=upload.offset, hash_state=upload.hash_state, metadata=upload.metadata
        )
    return upload


def _copy(
    stream: Readable,
    handle: IO[bytes],
    content_length: int,
    hasher: ResumableSha256 | None,
    checksum: Checksum | None,
    *,
    base: int = 0,
) -> int:
    """Copy up to `content_length` bytes of `stream` to `handle`, one block at a time.

    The digests are computed by a second thread while this one receives and writes (both
    release the GIL while OpenSSL hashes and the kernel copies); at most a few blocks wait
    between the two, so memory stays bounded."""
    digests: list[Digest] = [
        d for d in (hasher, checksum[0] if checksum is not None else None) if d
    ]
    received = kicked = 0
    with _Hashing(digests) as hash_later:
        while received < content_length:
            try:
                block = stream.read(min(staging.BLOCK, content_length - received))
            except OSError:  # the client went away mid-request: keep what arrived
                break
            if not block:
                break
            handle.write(block)
            hash_later(block)
            received += len(block)
            if received - kicked >= staging.WRITEBACK_STEP:
                staging.start_writeback(handle.fileno(), base + kicked, received - kicked)
                kicked = received
    return received


class _Hashing:
    """Feed blocks to digests in a background thread (a queue of at most 2 blocks)."""

    def __init__(self, digests: list[Digest]) -> None:
        self.digests = digests
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Callable[[bytes], None]:
        if self.digests:
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()
        return self.put

    def put(self, block: bytes) -> None:
        if self.thread is not None:
            self.queue.put(block)

    def _run(self) -> None:
        while (block := self.queue.get()) is not None:
            for digest in self.digests:
                digest.update(block)

    def __exit__(self, *exc: object) -> Literal[False]:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
        return False


def _check_content(upload: Upload) -> None:
    """Refuse, from its first bytes, a file that is no image format we read."""
    if "sniffed" in upload.metadata:
        return
    complete = upload.offset == upload.length
    head = staging.read_head(upload.pk, sniff.SNIFF_BYTES)
    if not sniff.is_decidable(head, complete=complete):
        return
    family = sniff.guess(head)
    if not family:
        terminate_upload(actor=upload.owner, upload=upload)
        raise RefusedType(
            _(
                "“%(name)s” is not an image format we can read (its content is not TIFF, "
                "OME-TIFF, CZI, ND2, LIF, PNG, JPEG or a ZIP of a folder)."
            )
            % {"name": upload.filename}
        )
    upload.metadata["sniffed"] = family
    Upload.objects.filter(pk=upload.pk).update(metadata=upload.metadata)


def attach_upload(*, actor: User, target: Model, upload: Upload) -> DataFile:
    """Turn a complete upload into a DataFile of `target`; idempotent.

    Verifies the SHA-256 against the one the client announced (metadata `sha256`),
    moves the bytes into storage and creates the row in one transaction; if the
    database refuses, the bytes go back to staging and no DataFile exists."""

    if upload.offset != upload.length:
        raise IntakeError(_("The upload is not complete."))
    path = staging.staged_path(upload.pk)
    digest = (
        ResumableSha256(upload.hash_state).hexdigest()
        if upload.hash_state
        else sha256_of_file(path)
    )
    announced = (upload.metadata.get("sha256") or "").strip().lower()
    if announced and announced != digest:
        terminate_upload(actor=actor, upload=upload)
        raise ChecksumMismatch(
            _(
                "“%(name)s” arrived different from the file on your computer (SHA-256 "
                "mismatch) and was discarded; please upload it again."
            )
            % {"name": upload.filename}
        )
    entry = for_object(target)
    name = staging.storage_name(entry.key, target.pk, upload.filename)
    local = staging.is_local_storage()
    moved = False
    try:
        with transaction.atomic():
            locked = Upload.objects.select_for_update().get(pk=upload.pk)
            if locked.data_file_id:
                return locked.data_file  # type: ignore[return-value]  # data_file_id is set
            if local:
                staging.move_into_local_storage(upload.pk, name)
                moved = True
            data_file = DataFile.objects.create(
                content_type=upload.content_type,
                object_id=upload.object_id,
                file=name,
                original_name=upload.filename,
                size=upload.length,
                sha256=digest,
                uploaded_by=actor,
                status=FileStatus.RECEIVED if local else FileStatus.UPLOADING,
                keep_after_session=keep_consent_of(target),
            )
            Upload.objects.filter(pk=upload.pk).update(
                completed_at=timezone.now(), data_file=data_file
            )
            activity.record(actor=actor, verb="uploaded", subject=data_file, detail=name)
            after_files_changed(target, actor=actor)
            if local:
                transaction.on_commit(lambda: tasks.check_data_file.enqueue(data_file.pk))
            else:
                transaction.on_commit(lambda: tasks.store_staged_file.enqueue(str(upload.pk)))
    except BaseException as error:
        if moved:
            staging.move_back_to_staging(upload.pk, name)
        if isinstance(error, OSError):
            raise _storage_failed(error) from None
        raise
    upload.completed_at = timezone.now()
    upload.data_file = data_file
    return data_file


MB = 1024 * 1024


def store_lease(length: int) -> timedelta:
    """How long a store task may copy `length` bytes into storage before another run may
    claim them (the first is then presumed lost): INTAKE_STORE_LEASE_MINUTES (15) plus the
    time the copy takes at INTAKE_STORE_MIN_MB_S (2 MB/s), the slowest rate expected."""
    return timedelta(
        minutes=settings.INTAKE_STORE_LEASE_MINUTES,
        seconds=length / (settings.INTAKE_STORE_MIN_MB_S * MB),
    )


def _claim_store(upload: Upload, now: datetime) -> bool:
    """Take the lease on copying `upload`'s bytes (one conditional UPDATE: of two runs,
    one wins); an older lease than `store_lease` is taken over."""
    free = Q(storing_since__isnull=True) | Q(storing_since__lte=now - store_lease(upload.length))
    return Upload.objects.filter(pk=upload.pk).filter(free).update(storing_since=now) == 1


def sharing_bytes(data_file_id: int) -> Q:
    """The DataFile rows of one upload's bytes: its own and the copies linked from it."""
    return Q(pk=data_file_id) | Q(linked_from_id=data_file_id)


def store_staged(upload_id: UUID | str) -> DataFile | None:
    """Remote storage: copy a finished upload in, then queue its check.

    Safe to run again (the periodic job re-queues it when a worker lost it): a run first
    claims a lease on the upload, so that a second run never copies the same bytes while
    the first is at it; rows already stored, or deleted, are left alone."""

    upload = Upload.objects.select_related("data_file").filter(pk=upload_id).first()
    if upload is None or upload.data_file is None:
        return None
    data_file = upload.data_file
    group = sharing_bytes(data_file.pk)
    if not DataFile.objects.filter(group, status=FileStatus.UPLOADING).exists():
        staging.discard_staged(upload.pk)  # stored by an earlier run, or deleted
        return data_file
    claimed_at = timezone.now()
    if not _claim_store(upload, claimed_at):
        return data_file  # another run is copying these bytes right now
    if not staging.staged_path(upload.pk).is_file():
        _bytes_lost(upload, data_file, group, claimed_at)
        return data_file
    try:
        # A DataFile waiting to be stored already has its storage name.
        stored = staging.copy_into_storage(upload.pk, data_file.file.name)  # type: ignore[arg-type]
    except BaseException:
        # Let the next periodic run try again, without waiting for the lease to age.
        Upload.objects.filter(pk=upload.pk, storing_since=claimed_at).update(storing_since=None)
        raise
    with transaction.atomic():
        waiting = list(
            DataFile.objects.select_for_update()
            .filter(group, status=FileStatus.UPLOADING)
            .values_list("pk", flat=True)
        )
        move_rows(
            DataFile.objects.filter(pk__in=waiting),
            FileStatus.RECEIVED,
            source=FileStatus.UPLOADING,
            file=stored,
        )
        Upload.objects.filter(pk=upload.pk).update(storing_since=None)
        # The copies follow the original's check; without a live original, each is checked.
        to_check = [data_file.pk] if data_file.pk in waiting else waiting
        if to_check:
            transaction.on_commit(lambda: [tasks.check_data_file.enqueue(pk) for pk in to_check])
    if not waiting and not DataFile.objects.filter(file=stored, status__in=LIVE_STATUSES).exists():
        # Deleted while it was being copied: the bytes must not stay in the bucket.
        default_storage.delete(stored)
    staging.discard_staged(upload.pk)
    return data_file


def _bytes_lost(upload: Upload, data_file: DataFile, group: Q, claimed_at: datetime) -> None:
    """The staged bytes of `upload` are gone (e.g. removed by an older expiry): its files
    still "uploading" become unreadable, for the requester to upload again (they are told),
    instead of being queued again by every periodic run."""

    with transaction.atomic():
        lost = list(DataFile.objects.select_for_update().filter(group, status=FileStatus.UPLOADING))
        move_rows(
            DataFile.objects.filter(pk__in=[f.pk for f in lost]),
            FileStatus.UNREADABLE,
            source=FileStatus.UPLOADING,
            reason=BYTES_LOST,
        )
        Upload.objects.filter(pk=upload.pk, storing_since=claimed_at).update(storing_since=None)
        if not lost:
            return  # stored by a run that finished meanwhile, or deleted
        log.warning(
            "upload %s: its staged bytes are missing; %s marked unreadable",
            upload.pk,
            ", ".join(f"data file {f.pk}" for f in lost),
        )
        for target in {(f.content_type_id, f.object_id): f.target for f in lost}.values():
            if target is not None:
                after_files_changed(target, actor=None)
        # The requester is told once: about the original, or each copy left without one.
        told = [f for f in lost if f.pk == data_file.pk] or lost
        for lost_file in told:
            lost_file.status, lost_file.reason = FileStatus.UNREADABLE, BYTES_LOST
            activity.record(
                actor=None, verb="bytes lost", subject=lost_file, detail=lost_file.original_name
            )
            if lost_file.target is not None:
                tell_bytes_lost(lost_file, lost_file.target)


def requeue_stores(*, now: datetime, older_than_minutes: int = 30) -> int:
    """Queue again the copies into storage that a lost task left undone: uploads finished
    more than `older_than_minutes` ago whose file still shows "uploading", unless a copy
    holds a lease that is still young (`store_lease`). The task itself claims the lease."""

    waiting = DataFile.objects.filter(status=FileStatus.UPLOADING)
    candidates = (
        Upload.objects.filter(
            completed_at__lte=now - timedelta(minutes=older_than_minutes),
            data_file__isnull=False,
        )
        .filter(
            Q(data_file__in=waiting)
            | Q(data_file__in=waiting.filter(linked_from__isnull=False).values("linked_from"))
        )
        .order_by("completed_at")[:500]
    )
    count = 0
    for upload in candidates:
        if upload.storing_since and upload.storing_since > now - store_lease(upload.length):
            continue  # being copied
        tasks.store_staged_file.enqueue(str(upload.pk))
        count += 1
    return count


def terminate_upload(*, actor: User, upload: Upload) -> None:
    """Stop an upload and drop its bytes (tus termination)."""
    if upload.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied
    staging.discard_staged(upload.pk)
    Upload.objects.filter(pk=upload.pk, data_file__isnull=True).delete()


def store_file(
    *, actor: User, target: Model, name: str, fileobj: Readable, size: int, sha256: str = ""
) -> DataFile:
    """Attach a file given server-side (demo data, the `upload` command) through the same
    path as a browser upload: limits, content check, checksum, atomic finalise."""
    upload = create_upload(
        actor=actor,
        target=target,
        length=size,
        metadata={"filename": name, **({"sha256": sha256} if sha256 else {})},
    )
    try:
        upload = receive_chunk(upload=upload, offset=0, stream=fileobj, content_length=size)
    except BaseException:
        terminate_upload(actor=actor, upload=upload)
        raise
    if upload.offset != size:
        terminate_upload(actor=actor, upload=upload)
        raise IntakeError(_("“%(name)s” was shorter than announced.") % {"name": name})
    return upload.data_file  # type: ignore[return-value]  # the last byte attached it


def expire_uploads(*, now: datetime) -> int:
    """Drop uploads past their expiry (INTAKE_UPLOAD_EXPIRY_HOURS after their last bytes),
    unfinished or finished, with their staging file; never one whose bytes still wait to be
    copied into storage (a file "uploading")."""
    waiting = DataFile.objects.filter(status=FileStatus.UPLOADING)
    stale = list(
        Upload.objects.filter(expires_at__lte=now)
        .exclude(data_file__in=waiting)
        .exclude(data_file__in=waiting.filter(linked_from__isnull=False).values("linked_from"))
        .values_list("pk", flat=True)
    )
    for upload_id in stale:
        staging.discard_staged(upload_id)
    Upload.objects.filter(pk__in=stale).delete()
    return len(stale)


def pending_uploads(*, person: User, target: Model) -> QuerySet[Upload]:
    """`person`'s unfinished uploads to `target` (to resume after a reload)."""
    return Upload.objects.filter(
        owner=person,
        content_type=content_type_of(target),
        object_id=target.pk,
        completed_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
