"""The tus 1.0 protocol as a client sees it: create, PATCH, HEAD after a cut, termination,
expiry, checksums, and the atomic finalisation."""

import base64
import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from biafed.intake import staging
from biafed.intake.models import DataFile, FileStatus, Upload
from tests.intake.conftest import (
    CutConnection,
    image_bytes,
    metadata,
    tus_create,
    tus_head,
    tus_headers,
    tus_patch,
    upload_path,
)

pytestmark = pytest.mark.django_db


def test_options_announce_version_extensions_and_limits(client, settings):
    settings.INTAKE_MAX_FILE_MB = 7
    response = client.options("/files/tus/")
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,expiration,termination,checksum"
    assert response["Tus-Max-Size"] == str(7 * 1024 * 1024)
    assert response["Tus-Checksum-Algorithm"] == "sha1,sha256,md5"


def test_create_then_patch_everything_makes_a_received_file(client, cast):
    data = image_bytes(10_000)
    client.force_login(cast.requester)
    created = tus_create(client, cast.booking, len(data), filename="nuclei.ome.tif")
    assert created.status_code == 201
    assert created["Tus-Resumable"] == "1.0.0"
    assert "Upload-Expires" in created
    path = upload_path(created)

    patched = tus_patch(client, path, 0, data)

    assert patched.status_code == 204
    assert patched["Upload-Offset"] == str(len(data))
    (data_file,) = DataFile.objects.all()
    assert data_file.original_name == "nuclei.ome.tif"
    assert data_file.size == len(data)
    assert data_file.sha256 == hashlib.sha256(data).hexdigest()
    assert data_file.status == FileStatus.RECEIVED
    assert data_file.target == cast.booking
    assert data_file.uploaded_by == cast.requester
    with data_file.file.open("rb") as stored:
        assert stored.read() == data
    assert list(staging.staging_dir().iterdir()) == []  # nothing left in staging


def test_head_after_a_cut_gives_the_offset_to_resume_from(client, cast):
    data = image_bytes(300_000)
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))

    # The connection dies after 120,000 of the 200,000 bytes announced for this request.
    cut = {"wsgi.input": CutConnection(data[:120_000]), "CONTENT_LENGTH": "200000"}
    tus_patch(client, path, 0, b"", environ=cut)
    head = tus_head(client, path)

    assert head.status_code == 200
    assert head["Upload-Offset"] == "120000"
    assert head["Upload-Length"] == str(len(data))
    assert head["Cache-Control"] == "no-store"
    assert DataFile.objects.count() == 0  # nothing half-written is a file

    # Another cut, this time the server sees an error while reading.
    cut = {
        "wsgi.input": CutConnection(data[120_000:150_000], error=True),
        "CONTENT_LENGTH": "100000",
    }
    tus_patch(client, path, 120_000, b"", environ=cut)
    assert tus_head(client, path)["Upload-Offset"] == "150000"

    rest = tus_patch(client, path, 150_000, data[150_000:])
    assert rest.status_code == 204
    (data_file,) = DataFile.objects.all()
    assert data_file.sha256 == hashlib.sha256(data).hexdigest()
    with data_file.file.open("rb") as stored:
        assert stored.read() == data


def test_sha256_carries_over_between_requests_and_processes(client, cast):
    data = image_bytes(50_000, seed=3)
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    for start in range(0, len(data), 7_000):
        response = tus_patch(client, path, start, data[start : start + 7_000])
        assert response.status_code == 204
    assert DataFile.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_patch_at_the_wrong_offset_is_a_conflict(client, cast):
    data = image_bytes(4_000)
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    tus_patch(client, path, 0, data[:1_000])

    response = tus_patch(client, path, 500, data[500:1_500])

    assert response.status_code == 409
    assert tus_head(client, path)["Upload-Offset"] == "1000"


def test_patch_needs_the_offset_content_type(client, cast):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 100))
    response = client.generic(
        "PATCH",
        path,
        data=image_bytes(100),
        content_type="application/octet-stream",
        headers=tus_headers(Upload_Offset="0"),
    )
    assert response.status_code == 415


def test_requests_without_tus_resumable_are_refused(client, cast):
    client.force_login(cast.requester)
    response = client.post("/files/tus/", headers={"Upload-Length": "10"})
    assert response.status_code == 412


def test_more_bytes_than_announced_are_refused(client, cast):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 100))
    response = tus_patch(client, path, 0, image_bytes(101))
    assert response.status_code == 400
    assert tus_head(client, path)["Upload-Offset"] == "0"


def test_checksum_mismatch_keeps_nothing_of_the_chunk(client, cast):
    data = image_bytes(2_000)
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    wrong = base64.b64encode(hashlib.sha1(b"something else").digest()).decode()

    response = tus_patch(client, path, 0, data[:1_000], Upload_Checksum=f"sha1 {wrong}")

    assert response.status_code == 460
    assert tus_head(client, path)["Upload-Offset"] == "0"


def test_matching_checksum_is_accepted(client, cast):
    data = image_bytes(2_000)
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    good = base64.b64encode(hashlib.sha256(data[:1_000]).digest()).decode()

    response = tus_patch(client, path, 0, data[:1_000], Upload_Checksum=f"sha256 {good}")

    assert response.status_code == 204
    assert response["Upload-Offset"] == "1000"


def test_unknown_checksum_algorithm_is_a_bad_request(client, cast):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 10))
    response = tus_patch(client, path, 0, image_bytes(10), Upload_Checksum="crc32 AAAA")
    assert response.status_code == 400


def test_whole_file_sha256_announced_by_the_client_is_verified(client, cast):
    data = image_bytes(3_000)
    client.force_login(cast.requester)
    created = tus_create(client, cast.booking, len(data), sha256="0" * 64)
    path = upload_path(created)

    response = tus_patch(client, path, 0, data)

    assert response.status_code == 460
    assert "SHA-256 mismatch" in response.content.decode()
    assert DataFile.objects.count() == 0
    assert Upload.objects.count() == 0
    assert list(staging.staging_dir().iterdir()) == []


def test_whole_file_sha256_that_matches_is_accepted(client, cast):
    data = image_bytes(3_000)
    client.force_login(cast.requester)
    created = tus_create(client, cast.booking, len(data), sha256=hashlib.sha256(data).hexdigest())
    assert tus_patch(client, upload_path(created), 0, data).status_code == 204
    assert DataFile.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_termination_drops_the_staged_bytes(client, cast):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 5_000))
    tus_patch(client, path, 0, image_bytes(2_000))

    response = client.delete(path, headers=tus_headers())

    assert response.status_code == 204
    assert tus_head(client, path).status_code == 404
    assert list(staging.staging_dir().iterdir()) == []


def test_expired_upload_is_gone_and_expiry_job_removes_it(client, cast):
    from biafed.intake.services.uploads import expire_uploads

    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 5_000))
    tus_patch(client, path, 0, image_bytes(1_000))
    Upload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert tus_head(client, path).status_code == 410
    assert tus_patch(client, path, 1_000, image_bytes(1_000)).status_code == 410
    assert expire_uploads(now=timezone.now()) == 1
    assert tus_head(client, path).status_code == 404
    assert list(staging.staging_dir().iterdir()) == []


def test_patch_extends_the_expiry(client, cast, settings):
    settings.INTAKE_UPLOAD_EXPIRY_HOURS = 2
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 5_000))
    Upload.objects.update(expires_at=timezone.now() + timedelta(minutes=1))

    response = tus_patch(client, path, 0, image_bytes(1_000))

    assert response.status_code == 204
    assert Upload.objects.get().expires_at > timezone.now() + timedelta(minutes=110)
    assert "Upload-Expires" in response


def test_head_of_a_completed_upload_reports_it_complete(client, cast):
    data = image_bytes(1_000)
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    tus_patch(client, path, 0, data)

    head = tus_head(client, path)

    assert head.status_code == 200
    assert head["Upload-Offset"] == "1000"
    assert "Upload-Expires" not in head
    assert tus_patch(client, path, 1_000, b"").status_code == 409


def test_someone_elses_upload_is_not_found(client, cast):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 1_000))
    client.force_login(cast.other_requester)

    assert tus_head(client, path).status_code == 404
    assert tus_patch(client, path, 0, image_bytes(1_000)).status_code == 404


def test_anonymous_requests_are_unauthorised(client, cast):
    response = tus_create(client, cast.booking, 1_000)
    assert response.status_code == 401


def test_session_requests_need_the_csrf_header(cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.requester)
    assert tus_create(strict, cast.booking, 1_000).status_code == 403


def test_upload_token_lets_a_script_upload_to_its_target_only(client, cast):
    from biafed.intake.registry import target_key
    from tests.factories import submitted_booking
    from tests.intake.conftest import upload_token

    token = upload_token(cast.requester, target_key(cast.booking))
    auth = {"Authorization": f"Bearer {token}"}
    data = image_bytes(2_000)
    created = client.post(
        "/files/tus/",
        headers=tus_headers(
            Upload_Length=str(len(data)),
            Upload_Metadata=metadata(filename="a.tif", target=target_key(cast.booking)),
            **auth,
        ),
    )
    assert created.status_code == 201
    patched = tus_patch(client, upload_path(created), 0, data, **auth)
    assert patched.status_code == 204
    assert DataFile.objects.get().uploaded_by == cast.requester

    other = submitted_booking(requester=cast.requester)
    elsewhere = tus_create(client, other, 10)  # no session, no token
    assert elsewhere.status_code == 401
    scoped = client.post(
        "/files/tus/",
        headers=tus_headers(
            Upload_Length="10",
            Upload_Metadata=metadata(filename="a.tif", target=target_key(other)),
            **auth,
        ),
    )
    assert scoped.status_code == 404


def test_forged_token_is_refused(client, cast):
    response = client.post(
        "/files/tus/", headers=tus_headers(Upload_Length="10", Authorization="Bearer forged")
    )
    assert response.status_code == 401


def test_after_a_machine_restart_only_bytes_known_on_disk_count(client, cast, settings):
    """Bytes written since the last wait for the disk may be lost in a power cut: after
    a restart the upload resumes from the last synced point, and the file is whole."""
    from biafed.intake import staging as staging_module

    data = image_bytes(3_000_000, seed=9)
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    original = staging_module.SYNC_EVERY
    staging_module.SYNC_EVERY = 1_000_000
    try:
        tus_patch(client, path, 0, data[:1_200_000])  # waits for the disk: synced 1,200,000
        tus_patch(client, path, 1_200_000, data[1_200_000:1_500_000])  # not waited for
    finally:
        staging_module.SYNC_EVERY = original
    upload = Upload.objects.get()
    upload.metadata["boot"] = "a-previous-boot"
    Upload.objects.filter(pk=upload.pk).update(metadata=upload.metadata)

    assert tus_head(client, path)["Upload-Offset"] == "1200000"
    assert tus_patch(client, path, 1_200_000, data[1_200_000:]).status_code == 204
    assert DataFile.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_upload_only_workers_serve_the_whole_protocol(client, cast, settings):
    settings.ROOT_URLCONF = "biafed.intake.upload_urls"
    data = image_bytes(5_000)
    client.force_login(cast.requester)
    created = tus_create(client, cast.booking, len(data))
    assert created.status_code == 201
    assert tus_patch(client, upload_path(created), 0, data).status_code == 204
    assert DataFile.objects.get().size == len(data)
