"""Limits per file, per booking and per person, refused before any byte with the reason."""

import pytest

from biafed.intake.models import DataFile, Upload
from tests.factories import submitted_booking
from tests.intake.conftest import image_bytes, tus_create, tus_patch, upload_path

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def test_file_over_the_per_file_limit_refused_at_creation(client, cast, settings):
    settings.INTAKE_MAX_FILE_MB = 2
    client.force_login(cast.requester)

    response = tus_create(client, cast.booking, 3 * MB, filename="stack.czi")

    assert response.status_code == 413
    assert response.content.decode() == (
        "“stack.czi” is 3.0\xa0MB; the limit is 2.0\xa0MB per file. Upload a representative "
        "crop or a few planes instead."
    )
    assert Upload.objects.count() == 0


def test_booking_total_counts_uploads_in_progress(client, cast, settings):
    settings.INTAKE_MAX_TARGET_MB = 5
    client.force_login(cast.requester)
    assert tus_create(client, cast.booking, 3 * MB, filename="a.tif").status_code == 201

    response = tus_create(client, cast.booking, 3 * MB, filename="b.tif")

    assert response.status_code == 413
    assert response.content.decode() == (
        "“b.tif” (3.0\xa0MB) would bring the data of “Counting nuclei” to 6.0\xa0MB, over the "
        "limit of 5.0\xa0MB. Remove files or bring a smaller selection."
    )


def test_too_many_files_for_a_booking(client, cast, settings):
    settings.INTAKE_MAX_FILES_PER_TARGET = 1
    client.force_login(cast.requester)
    data = image_bytes(100)
    tus_patch(client, upload_path(tus_create(client, cast.booking, 100)), 0, data)

    response = tus_create(client, cast.booking, 100, filename="second.tif")

    assert response.status_code == 413
    assert response.content.decode() == (
        "“Counting nuclei” already holds 1 file, the most it can; remove one first."
    )


def test_quota_counts_every_booking_of_the_person(client, cast, settings):
    settings.INTAKE_QUOTA_MB = 4
    other = submitted_booking(requester=cast.requester)
    client.force_login(cast.requester)
    assert tus_create(client, other, 3 * MB).status_code == 201

    response = tus_create(client, cast.booking, 2 * MB, filename="big.nd2")

    assert response.status_code == 413
    assert response.content.decode() == (
        "Quota exceeded: your files take 3.0\xa0MB of your 4.0\xa0MB quota; “big.nd2” "
        "(2.0\xa0MB) does not fit. Delete files you no longer need, then try again."
    )


def test_deleted_files_free_the_quota(client, cast, settings):
    from biafed.intake.services import delete_file

    settings.INTAKE_QUOTA_MB = 1
    client.force_login(cast.requester)
    data = image_bytes(700 * 1024)
    tus_patch(client, upload_path(tus_create(client, cast.booking, len(data))), 0, data)
    assert tus_create(client, cast.booking, len(data)).status_code == 413

    delete_file(actor=cast.requester, data_file=DataFile.objects.get())

    assert tus_create(client, cast.booking, len(data)).status_code == 201


def test_empty_file_refused(client, cast):
    client.force_login(cast.requester)
    response = tus_create(client, cast.booking, 0, filename="empty.tif")
    assert response.status_code == 413
    assert response.content.decode() == "“empty.tif” is empty."


def test_content_that_is_no_image_refused_after_the_first_bytes(client, cast):
    client.force_login(cast.requester)
    data = b"%PDF-1.7\n" + b"x" * 5_000
    path = upload_path(tus_create(client, cast.booking, len(data), filename="cells.tif"))

    response = tus_patch(client, path, 0, data[:1_000])

    assert response.status_code == 415
    assert response.content.decode() == (
        "“cells.tif” is not an image format we can read (its content is not TIFF, OME-TIFF, "
        "CZI, ND2, LIF, PNG, JPEG or a ZIP of a folder)."
    )
    assert Upload.objects.count() == 0


def test_content_decides_not_the_name(client, cast):
    client.force_login(cast.requester)
    data = image_bytes(2_000)
    path = upload_path(tus_create(client, cast.booking, len(data), filename="notes.docx"))
    assert tus_patch(client, path, 0, data).status_code == 204
    assert DataFile.objects.get().original_name == "notes.docx"


def test_file_names_are_made_safe(client, cast):
    client.force_login(cast.requester)
    data = image_bytes(200)
    path = upload_path(tus_create(client, cast.booking, len(data), filename="../../etc/pass\x00wd"))
    tus_patch(client, path, 0, data)
    data_file = DataFile.objects.get()
    assert data_file.original_name == "passwd"
    assert ".." not in data_file.file.name


def test_storage_full_is_explained_and_nothing_is_lost(client, cast, monkeypatch):
    import errno

    from biafed.intake.services import uploads

    client.force_login(cast.requester)
    data = image_bytes(4_000)
    path = upload_path(tus_create(client, cast.booking, len(data)))
    tus_patch(client, path, 0, data[:1_000])

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads, "_copy", disk_full)
    response = tus_patch(client, path, 1_000, data[1_000:])

    assert response.status_code == 507
    assert response.content.decode() == (
        "The server has no room left for this file right now. Nothing is lost: the upload "
        "resumes where it stopped once the coordinators free some space."
    )
    monkeypatch.undo()
    assert tus_patch(client, path, 1_000, data[1_000:]).status_code == 204


def test_requester_cannot_upload_to_a_cancelled_booking(client, cast):
    from biafed.opendesk.models import Booking, BookingStatus

    Booking.objects.filter(pk=cast.booking.pk).update(status=BookingStatus.CANCELLED, room=None)
    client.force_login(cast.requester)
    response = tus_create(client, cast.booking, 100)
    assert response.status_code == 403
    assert response.content.decode() == "You may not upload files here."


@pytest.mark.parametrize(
    ("who", "status"), [("panelist", 403), ("outsider", 404), ("other_requester", 404)]
)
def test_only_the_requester_and_coordinators_upload(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert tus_create(client, cast.booking, 100).status_code == status


def test_coordinator_may_upload_for_the_requester(client, cast):
    client.force_login(cast.coordinator)
    assert tus_create(client, cast.booking, 100).status_code == 201
