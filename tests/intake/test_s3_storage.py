"""The intake on S3-compatible storage (`FILE_STORAGE=s3`), against a real S3 HTTP server.

moto's ThreadedMotoServer runs in this process on a free port of 127.0.0.1 (no network
needed); django-storages talks to it over HTTP exactly as it would to MinIO or Amazon S3.
Uploads go through the tus views, checks through the real sandboxed inspector on a real
TIFF, downloads, deletion and retention through the real services and views."""

import hashlib
import logging
import socket
import tracemalloc
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import boto3
import numpy as np
import pytest
import tifffile
from boto3.s3.transfer import TransferConfig
from django.urls import reverse
from django.utils import timezone

from biafed.intake import staging
from biafed.intake.models import LIVE_STATUSES, DataFile, FileStatus, Upload
from biafed.intake.services import run_periodic
from biafed.intake.services.retention import apply_retention
from biafed.intake.services.uploads import requeue_stores, store_staged
from tests.intake.conftest import image_bytes, tus_create, tus_head, tus_patch, upload_path

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PART = 5 * MB  # S3's smallest multipart part


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """An S3-compatible server on 127.0.0.1, for this module."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def s3(s3_server, settings, tmp_path, monkeypatch):
    """A fresh bucket, and Django's default storage pointed at it as settings.py does
    with FILE_STORAGE=s3 (plus a multipart threshold of one part, so that a few MB go
    multipart). Yields a boto3 client to look into the bucket."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    bucket = f"biafed-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                "transfer_config": TransferConfig(
                    multipart_threshold=PART, multipart_chunksize=PART
                ),
            },
        },
    }
    settings.DATA_DIR = tmp_path / "data"  # the default staging folder for remote storage
    client.bucket = bucket
    yield client


def keys(s3) -> list[str]:
    listed = s3.list_objects_v2(Bucket=s3.bucket)
    return sorted(entry["Key"] for entry in listed.get("Contents", ()))


def stored_bytes(s3, key: str) -> bytes:
    return s3.get_object(Bucket=s3.bucket, Key=key)["Body"].read()


def tiff_bytes(tmp_path, *, z: int = 6, size: int = 512, seed: int = 0) -> bytes:
    """A real 2-channel Z-stack written with tifffile (noise: it does not compress)."""
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 4000, size=(z, 2, size, size), dtype=np.uint16)
    path = tmp_path / f"stack-{seed}.tif"
    tifffile.imwrite(path, data, imagej=True, metadata={"axes": "ZCYX"})
    return path.read_bytes()


def finish(callbacks, django_capture_on_commit_callbacks):
    """Run what the last request left for after its commit (the store task, then the check
    and the notices it queues), as a worker would."""
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()


def upload(client, person, target, data: bytes, capture, *, name="stack.tif", chunk=4 * MB):
    """A tus upload in PATCHes of `chunk` bytes; returns the DataFile once stored and checked."""
    client.force_login(person)
    path = upload_path(tus_create(client, target, len(data), filename=name))
    with capture() as callbacks:
        for start in range(0, len(data), chunk):
            response = tus_patch(client, path, start, data[start : start + chunk])
            assert response.status_code == 204, response.content
    finish(callbacks, capture)
    return DataFile.objects.get(original_name=name, status__in=LIVE_STATUSES)


@pytest.fixture
def small_tiff(tmp_path) -> bytes:
    return tiff_bytes(tmp_path, z=2, size=64, seed=1)


@pytest.fixture
def stored(client, cast, s3, small_tiff, django_capture_on_commit_callbacks) -> DataFile:
    """A small real TIFF uploaded by the requester, stored in the bucket and checked."""
    data_file = upload(
        client, cast.requester, cast.booking, small_tiff, django_capture_on_commit_callbacks
    )
    assert data_file.status == FileStatus.VALID, data_file.reason
    return data_file


# --- Upload: resumable, finalised into the bucket -----------------------------------------


def test_resumable_upload_reaches_the_bucket_whole_and_only_when_complete(
    client, cast, s3, tmp_path, django_capture_on_commit_callbacks
):
    data = tiff_bytes(tmp_path)
    assert len(data) > PART  # big enough to go multipart (see the `s3` fixture)
    chunk = 2 * MB
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data), filename="stack.tif"))
    upload_id = path.rstrip("/").rsplit("/", 1)[-1]
    last = (len(data) - 1) // chunk * chunk

    for start in range(0, last, chunk):  # several PATCHes, then a look with HEAD
        assert tus_patch(client, path, start, data[start : start + chunk]).status_code == 204
        assert keys(s3) == []  # nothing half-written is visible in the bucket
    assert tus_head(client, path)["Upload-Offset"] == str(last)
    assert DataFile.objects.count() == 0

    with django_capture_on_commit_callbacks() as callbacks:
        response = tus_patch(client, path, last, data[last:])
    assert response.status_code == 204
    assert response["Upload-Offset"] == str(len(data))

    # Every byte arrived: a DataFile "uploading", the bytes still in staging, none in S3.
    data_file = DataFile.objects.get()
    assert data_file.status == FileStatus.UPLOADING
    assert keys(s3) == []
    assert staging.staged_path(upload_id).stat().st_size == len(data)
    assert staging.staging_dir() == tmp_path / "data" / "staging"

    finish(callbacks, django_capture_on_commit_callbacks)

    data_file.refresh_from_db()
    key = data_file.file.name
    assert key.startswith(f"intake/opendesk.booking/{cast.booking.pk}/")
    assert key.endswith("/stack.tif")
    head = s3.head_object(Bucket=s3.bucket, Key=key)
    assert head["ContentLength"] == len(data) == data_file.size
    assert head["ETag"].strip('"').endswith("-2")  # a multipart upload of two parts
    assert stored_bytes(s3, key) == data
    assert data_file.sha256 == hashlib.sha256(data).hexdigest()
    assert list(staging.staging_dir().iterdir()) == []  # staging file and check copy gone
    assert data_file.status == FileStatus.VALID


def test_a_file_not_yet_in_the_bucket_is_not_offered_for_download(
    client, cast, s3, small_tiff, django_capture_on_commit_callbacks
):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(small_tiff)))
    with django_capture_on_commit_callbacks() as callbacks:
        tus_patch(client, path, 0, small_tiff)
    data_file = DataFile.objects.get()
    assert data_file.status == FileStatus.UPLOADING

    page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk]))
    assert reverse("intake:download", args=[data_file.pk]) not in page.content.decode()
    assert client.get(reverse("intake:download", args=[data_file.pk])).status_code == 404

    finish(callbacks, django_capture_on_commit_callbacks)
    response = client.get(reverse("intake:download", args=[data_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == small_tiff


# --- The check: metadata and previews in the bucket -------------------------------------------


def test_check_reads_the_object_and_stores_metadata_and_previews_in_the_bucket(
    client, cast, stored, s3
):
    assert stored.format == "imagej-tiff"
    assert stored.metadata["dims"] == {"T": 1, "C": 2, "Z": 2, "Y": 64, "X": 64}
    assert stored.metadata["dtype"] == "uint16"
    assert stored.thumbnail.name == f"intake/previews/{stored.pk}/thumbnail.png"
    assert stored.composite.name == f"intake/previews/{stored.pk}/composite.png"
    for name in (stored.thumbnail.name, stored.composite.name):
        assert stored_bytes(s3, name).startswith(b"\x89PNG")
        assert s3.head_object(Bucket=s3.bucket, Key=name)["ContentType"] == "image/png"
    cast.booking.refresh_from_db()
    assert cast.booking.status == "ready"

    client.force_login(cast.panelist)
    preview = client.get(reverse("intake:preview", args=[stored.pk, "thumbnail"]))
    assert preview.status_code == 200
    assert b"".join(preview.streaming_content) == stored_bytes(s3, stored.thumbnail.name)

    plane = client.get(reverse("intake:plane", args=[stored.pk]), {"z": "1", "c": "0"})
    assert plane.status_code == 200
    assert b"".join(plane.streaming_content).startswith(b"\x89PNG")
    assert f"intake/planes/{stored.pk}/z1-t0-c0-512.png" in keys(s3)  # cached in the bucket


def test_checking_a_file_again_leaves_no_old_preview_or_plane_in_the_bucket(
    client, cast, stored, s3, django_capture_on_commit_callbacks
):
    from biafed.intake.services.checking import check_data_file

    client.force_login(cast.panelist)
    # Read to the end: the test client then closes the response without ending the
    # request (a direct close() would close the database connection mid-test).
    b"".join(client.get(reverse("intake:plane", args=[stored.pk])).streaming_content)
    assert len(keys(s3)) == 4  # the file, two previews, one cached plane

    DataFile.objects.filter(pk=stored.pk).update(status=FileStatus.RECEIVED)  # queued again
    with django_capture_on_commit_callbacks(execute=True):
        assert check_data_file(stored.pk) == FileStatus.VALID

    stored.refresh_from_db()
    assert stored.thumbnail.name != f"intake/previews/{stored.pk}/thumbnail.png"
    assert keys(s3) == sorted([stored.file.name, stored.thumbnail.name, stored.composite.name])


# --- Download: who may --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["requester", "panelist", "coordinator"])
def test_download_from_the_bucket_as_attachment(client, cast, stored, small_tiff, who):
    client.force_login(getattr(cast, who))

    response = client.get(reverse("intake:download", args=[stored.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="stack.tif"'
    assert response["Content-Length"] == str(len(small_tiff))
    assert b"".join(response.streaming_content) == small_tiff


@pytest.mark.parametrize("who", ["outsider", "other_requester"])
def test_download_refused_to_outsiders(client, cast, stored, who):
    client.force_login(getattr(cast, who))
    for url in (
        reverse("intake:download", args=[stored.pk]),
        reverse("intake:preview", args=[stored.pk, "thumbnail"]),
        reverse("intake:plane", args=[stored.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(reverse("intake:download", args=[stored.pk])).status_code == 302


# --- Deletion ---------------------------------------------------------------------------------


def test_requester_deletes_the_object_previews_and_cached_planes(
    client, cast, stored, s3, django_capture_on_commit_callbacks
):
    client.force_login(cast.panelist)
    # Read to the end: the test client then closes the response without ending the
    # request (a direct close() would close the database connection mid-test).
    b"".join(client.get(reverse("intake:plane", args=[stored.pk])).streaming_content)
    assert client.post(reverse("intake:delete", args=[stored.pk])).status_code == 403
    assert len(keys(s3)) == 4  # the file, two previews, one plane

    client.force_login(cast.requester)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake:delete", args=[stored.pk]))

    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == FileStatus.DELETED
    assert keys(s3) == []


def test_a_file_deleted_while_it_is_copied_in_leaves_nothing_behind(
    client, cast, s3, small_tiff, monkeypatch, django_capture_on_commit_callbacks
):
    from biafed.intake.services import delete_file

    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(small_tiff)))
    with django_capture_on_commit_callbacks():  # the store task is not queued
        tus_patch(client, path, 0, small_tiff)
    data_file = DataFile.objects.get()
    copy = staging.copy_into_storage

    def deleted_meanwhile(upload_id, name):
        """The requester deletes the file while its bytes are on their way to the bucket."""
        with django_capture_on_commit_callbacks(execute=True):
            delete_file(actor=cast.requester, data_file=data_file)
        return copy(upload_id, name)

    monkeypatch.setattr(staging, "copy_into_storage", deleted_meanwhile)
    store_staged(Upload.objects.get().pk)  # the store task, as a worker runs it

    data_file.refresh_from_db()
    assert data_file.status == FileStatus.DELETED
    assert keys(s3) == []
    assert list(staging.staging_dir().iterdir()) == []


def test_a_file_deleted_before_it_is_copied_in_never_reaches_the_bucket(
    client, cast, s3, small_tiff, django_capture_on_commit_callbacks
):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(small_tiff)))
    with django_capture_on_commit_callbacks() as callbacks:
        tus_patch(client, path, 0, small_tiff)
    data_file = DataFile.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("intake:delete", args=[data_file.pk])).status_code == 302

    finish(callbacks, django_capture_on_commit_callbacks)

    assert keys(s3) == []
    assert list(staging.staging_dir().iterdir()) == []


def test_retention_deletes_the_object(
    cast, stored, s3, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_RETENTION_DAYS = 30
    settings.INTAKE_RETENTION_NOTICE_DAYS = 7
    session = cast.booking.day.date

    def noon(days):
        return datetime.combine(
            session + timedelta(days=days), time(12), tzinfo=ZoneInfo("Europe/Paris")
        )

    assert apply_retention(now=noon(23)) == {"noticed": 1, "deleted": 0}
    assert stored.file.name in keys(s3)
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention(now=noon(30)) == {"noticed": 0, "deleted": 1}

    stored.refresh_from_db()
    assert stored.status == FileStatus.DELETED
    assert keys(s3) == []


# --- Memory: objects are streamed, never held whole by the worker ----------------------------


def test_download_and_check_copy_stream_the_object(
    client, cast, s3, django_capture_on_commit_callbacks
):
    """django-storages' S3File would first read the whole object into memory. The S3 server
    of this test runs in this process and holds the object once while it answers; the
    worker's side must add only a bounded amount to that."""
    size = 32 * MB
    data = image_bytes(size)
    data_file = upload(
        client,
        cast.requester,
        cast.booking,
        data,
        django_capture_on_commit_callbacks,
        name="big.tif",
        chunk=16 * MB,
    )
    client.force_login(cast.panelist)

    tracemalloc.start()
    try:
        response = client.get(reverse("intake:download", args=[data_file.pk]))
        digest = hashlib.sha256()
        blocks = 0
        for block in response.streaming_content:
            digest.update(block)
            blocks += 1
        _current, download_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with staging.local_copy(data_file.file.name) as path:
            assert path.stat().st_size == size
        _current, copy_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()
    assert blocks == size // MB  # 1 MiB at a time, not FileResponse's 4 KB
    assert download_peak < size + 20 * MB, f"{download_peak / MB:.1f} MB"
    assert copy_peak < size + 20 * MB, f"{copy_peak / MB:.1f} MB"


# --- A lost store task: the periodic job stores the file, never twice at once ----------------


def uploaded_but_not_stored(client, cast, data: bytes, capture) -> DataFile:
    """Every byte arrived, but the store task was lost (the worker restarted before it ran)."""
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    with capture():  # the task queued after the commit is dropped
        assert tus_patch(client, path, 0, data).status_code == 204
    data_file = DataFile.objects.get()
    assert data_file.status == FileStatus.UPLOADING
    return data_file


def test_a_lost_store_task_is_queued_again_and_expiry_keeps_its_bytes(
    client, cast, s3, small_tiff, settings, django_capture_on_commit_callbacks
):
    data_file = uploaded_but_not_stored(
        client, cast, small_tiff, django_capture_on_commit_callbacks
    )
    soon = timezone.now() + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_periodic(now=soon)["stores_requeued"] == 0  # the task may still be queued
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.UPLOADING

    # A week later, past the upload's expiry: its bytes were kept for the copy.
    later = timezone.now() + timedelta(hours=settings.INTAKE_UPLOAD_EXPIRY_HOURS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        counts = run_periodic(now=later)
    assert counts["stores_requeued"] == 1

    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID, data_file.reason
    assert stored_bytes(s3, data_file.file.name) == small_tiff
    assert list(staging.staging_dir().iterdir()) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert run_periodic(now=later)["stores_requeued"] == 0


def test_a_copy_in_progress_is_never_run_twice_at_once(
    client, cast, s3, small_tiff, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_STORE_LEASE_MINUTES = 60
    data_file = uploaded_but_not_stored(
        client, cast, small_tiff, django_capture_on_commit_callbacks
    )
    upload_id = Upload.objects.get().pk
    copy = staging.copy_into_storage
    copies = []

    def long_copy(upload_id, name):
        """While the first copy runs, the task is delivered again and the periodic job runs."""
        copies.append(upload_id)
        if len(copies) == 1:
            assert store_staged(upload_id) == data_file  # the second delivery: nothing done
            assert requeue_stores(now=timezone.now() + timedelta(minutes=31)) == 0
        return copy(upload_id, name)

    monkeypatch.setattr(staging, "copy_into_storage", long_copy)
    with django_capture_on_commit_callbacks(execute=True):
        store_staged(upload_id)

    assert copies == [upload_id]
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID
    assert [k for k in keys(s3) if not k.startswith("intake/previews/")] == [data_file.file.name]


def test_a_copy_whose_worker_died_is_taken_over_once_its_lease_is_old(
    client, cast, s3, small_tiff, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_STORE_LEASE_MINUTES = 60
    data_file = uploaded_but_not_stored(
        client, cast, small_tiff, django_capture_on_commit_callbacks
    )
    now = timezone.now()
    # A copy began 45 minutes ago, two hours after the upload finished; its worker died.
    Upload.objects.update(
        completed_at=now - timedelta(hours=2), storing_since=now - timedelta(minutes=45)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stores(now=now) == 0  # it may still be copying
        assert store_staged(Upload.objects.get().pk) == data_file  # a stray delivery waits too
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.UPLOADING

    Upload.objects.update(storing_since=now - timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stores(now=now) == 1

    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID
    assert stored_bytes(s3, data_file.file.name) == small_tiff


def test_a_file_whose_staged_bytes_are_gone_is_unreadable_and_its_requester_told_once(
    client, cast, s3, small_tiff, django_capture_on_commit_callbacks
):
    """Its store task was lost, then its staged bytes vanished (an older expiry removed
    them): the next periodic run finds them missing, and no later run queues it again."""
    from biafed.notifications.models import Notification

    data_file = uploaded_but_not_stored(
        client, cast, small_tiff, django_capture_on_commit_callbacks
    )
    staging.discard_staged(Upload.objects.get().pk)
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_periodic(now=later)["stores_requeued"] == 1

    data_file.refresh_from_db()
    assert data_file.status == FileStatus.UNREADABLE
    assert data_file.reason == "the upload's bytes were lost; please upload the file again"
    assert keys(s3) == []
    (told,) = Notification.objects.filter(kind="data_unreadable")
    assert told.recipient == cast.requester
    assert told.subject == "Please upload “cells.tif” again"
    assert "please upload the file again" in told.body
    page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk])).content.decode()
    assert "Unreadable: the upload&#x27;s bytes were lost; please upload the file again" in page

    for hours in (2, 3):
        with django_capture_on_commit_callbacks(execute=True):
            counts = run_periodic(now=timezone.now() + timedelta(hours=hours))
        assert counts["stores_requeued"] == 0
    assert Notification.objects.filter(kind="data_unreadable").count() == 1


# --- Files carried over to a project while still being copied in ----------------------------


def test_a_file_linked_to_a_project_while_uploading_follows_its_original(
    client, s3, small_tiff, django_capture_on_commit_callbacks
):
    """The panel proposes a project right after the requester's last upload finished: the
    file is on the project at once, "uploading", and once stored and checked it shows the
    same status, metadata and previews there."""
    from biafed.common.states import move
    from biafed.intake.services import files_for
    from biafed.opendesk.models import BookingStatus
    from biafed.projects.services.requests import convert_booking
    from tests.factories import AnalystFactory, confirmed_booking

    panelist = AnalystFactory()
    booking = confirmed_booking(panel=[panelist])
    client.force_login(booking.requester)
    path = upload_path(tus_create(client, booking, len(small_tiff)))
    with django_capture_on_commit_callbacks() as callbacks:
        assert tus_patch(client, path, 0, small_tiff).status_code == 204
    original = DataFile.objects.get()
    assert original.status == FileStatus.UPLOADING
    move(booking, BookingStatus.HELD, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        project = convert_booking(actor=panelist, booking=booking)
    (linked,) = files_for(project)
    assert linked.status == FileStatus.UPLOADING
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "cells.tif" in page
    assert "file-status-uploading" in page

    finish(callbacks, django_capture_on_commit_callbacks)  # stored, then checked

    original.refresh_from_db()
    linked.refresh_from_db()
    assert original.status == linked.status == FileStatus.VALID
    for field in ("file", "thumbnail", "composite"):
        assert getattr(linked, field).name == getattr(original, field).name
        assert getattr(linked, field).name in keys(s3)
    assert (linked.format, linked.metadata) == (original.format, original.metadata)
    response = client.get(reverse("intake:download", args=[linked.pk]))
    assert b"".join(response.streaming_content) == small_tiff
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "file-status-valid" in page
    assert reverse("intake:preview", args=[linked.pk, "thumbnail"]) in page

    with django_capture_on_commit_callbacks(execute=True):  # nothing left to do
        counts = run_periodic(now=timezone.now() + timedelta(hours=1))
    assert (counts["stores_requeued"], counts["checks_requeued"]) == (0, 0)


def test_a_linked_copy_is_stored_and_checked_when_its_original_was_deleted_meanwhile(
    client, cast, s3, small_tiff, django_capture_on_commit_callbacks
):
    from biafed.intake.services import delete_file, link_files
    from tests.factories import submitted_booking

    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(small_tiff)))
    with django_capture_on_commit_callbacks() as callbacks:
        assert tus_patch(client, path, 0, small_tiff).status_code == 204
    original = DataFile.objects.get()
    other = submitted_booking(requester=cast.requester)
    (copy,) = link_files(actor=cast.requester, source=cast.booking, target=other)
    with django_capture_on_commit_callbacks(execute=True):
        delete_file(actor=cast.requester, data_file=original)

    finish(callbacks, django_capture_on_commit_callbacks)

    copy.refresh_from_db()
    assert copy.status == FileStatus.VALID, copy.reason
    assert stored_bytes(s3, copy.file.name) == small_tiff
    assert copy.thumbnail.name == f"intake/previews/{copy.pk}/thumbnail.png"
    assert list(staging.staging_dir().iterdir()) == []
