"""Where upload bytes wait until complete, and how they reach storage.

Local storage (the default): the staging folder sits inside the storage folder, so
the finished file enters storage by one `os.replace` (atomic: a reader sees the whole
file or nothing). Other storages (S3): the finished staging file is copied in by the
storage backend (django-storages uses multipart uploads for big files), in a task.
With several app servers, INTAKE_STAGING_DIR must be a folder they all share (see
docs/intake.md), or the load balancer must send one upload's requests to one server.
"""

import ctypes
import ctypes.util
import errno
import fcntl
import functools
import os
import re
import tempfile
import unicodedata
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from storages.utils import clean_name

BLOCK = 1024 * 1024  # bytes read from the request and written at a time
WRITEBACK_STEP = 8 * 1024 * 1024  # ask the kernel to start writing every 8 MiB received
SYNC_EVERY = 1024 * 1024 * 1024  # wait for the disk at least every GiB (and at the end)


class StagingBusy(Exception):
    """Another request is writing this upload right now."""


@functools.cache
def _sync_file_range():
    """Linux's sync_file_range(2), to start writing back without waiting; None elsewhere."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        call = libc.sync_file_range
    except (OSError, AttributeError, TypeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def start_writeback(fd: int, offset: int, length: int) -> None:
    """Let the disk write what just arrived while the next bytes come in (so that waiting
    for the disk at the end, or every SYNC_EVERY, is short)."""
    call = _sync_file_range()
    if call is not None:
        call(fd, offset, length, 2)  # SYNC_FILE_RANGE_WRITE: start, do not wait


@functools.cache
def boot_id() -> str:
    """Changes when the machine restarts: bytes not yet on disk may then be lost."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def is_local_storage(storage=None) -> bool:
    return isinstance(storage or default_storage, FileSystemStorage)


def staging_dir() -> Path:
    if settings.INTAKE_STAGING_DIR:
        path = Path(settings.INTAKE_STAGING_DIR)
    elif is_local_storage():
        path = Path(default_storage.location) / ".staging"  # type: ignore[attr-defined]  # local
    else:
        path = Path(settings.DATA_DIR) / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def staged_path(upload_id) -> Path:
    return staging_dir() / f"{upload_id}.part"


def create_staged(upload_id) -> Path:
    path = staged_path(upload_id)
    path.touch(exist_ok=False)
    return path


def discard_staged(upload_id) -> None:
    try:
        staged_path(upload_id).unlink()
    except FileNotFoundError:
        pass


@contextmanager
def locked_staging_file(upload_id):
    """The staging file, locked against a second writer (StagingBusy if one is writing).

    Re-read the upload's offset once locked, then `position()` the file there."""
    with open(staged_path(upload_id), "r+b", buffering=0) as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StagingBusy from None
            raise
        try:
            yield handle
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def position(handle, offset: int) -> None:
    """Go to `offset`, cutting bytes past it (left by a request that died before recording them)."""
    handle.truncate(offset)
    handle.seek(offset)


def read_head(upload_id, size: int) -> bytes:
    with open(staged_path(upload_id), "rb") as handle:
        return handle.read(size)


def safe_name(name: str) -> str:
    """A file name safe to store: no folders, no control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    name = re.sub(r"[^\w.\- ()+,]", "_", name)
    if not name:
        return "file"
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 119 - len(ext)] + dot + ext) if dot and len(ext) < 16 else name[:120]
    return name


def storage_name(target_label: str, target_id: int, filename: str) -> str:
    return f"intake/{target_label}/{target_id}/{uuid.uuid4().hex}/{safe_name(filename)}"


def move_into_local_storage(upload_id, name: str) -> Path:
    """Atomically move the finished staging file to `name` in the local storage."""
    source = staged_path(upload_id)
    destination = Path(default_storage.path(name))
    destination.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(source, destination)
    return destination


def move_back_to_staging(upload_id, name: str) -> None:
    """Undo `move_into_local_storage` (the database refused the new file)."""
    destination = Path(default_storage.path(name))
    if destination.exists():
        os.replace(destination, staged_path(upload_id))


def copy_into_storage(upload_id, name: str) -> str:
    """Copy the finished staging file into a remote storage; returns the stored name."""
    with open(staged_path(upload_id), "rb") as handle:
        return default_storage.save(name, File(handle, name=name))


def open_stored(name: str):
    """A stream of the stored file `name`, read as it arrives (for downloads and copies).

    django-storages' S3File first downloads the whole object into a spooled temporary
    file that never leaves memory (AWS_S3_MAX_MEMORY_SIZE is 0 by default): opening a
    20 GB file would hold 20 GB in the worker. From S3 the object's body is streamed."""
    storage = default_storage
    bucket = None if is_local_storage(storage) else getattr(storage, "bucket", None)
    if bucket is None:
        return storage.open(name, "rb")

    try:
        # An S3 storage (it has a bucket): the key it gives `name`.
        key = storage._normalize_name(clean_name(name))  # type: ignore[attr-defined]
        return bucket.Object(key).get()["Body"]
    except bucket.meta.client.exceptions.NoSuchKey:
        raise FileNotFoundError(name) from None


@contextmanager
def local_copy(name: str):
    """A path on this machine holding the stored file (a download for remote storages)."""
    if is_local_storage():
        yield Path(default_storage.path(name))
        return

    with tempfile.NamedTemporaryFile(dir=staging_dir(), suffix=".check") as temporary:
        source = open_stored(name)
        try:
            while block := source.read(BLOCK):
                temporary.write(block)
        finally:
            source.close()
        temporary.flush()
        yield Path(temporary.name)
