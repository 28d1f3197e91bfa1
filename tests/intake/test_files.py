"""Who sees, downloads and deletes files; the background check; readiness; the file panel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from biafed.intake.models import CHECK_FAILED, DataFile, FileStatus
from biafed.intake.registry import target_key
from biafed.intake.services import delete_file, files_for, is_ready, link_files, visible_files
from biafed.intake.services.checking import check_data_file
from biafed.notifications.models import Notification
from biafed.opendesk.models import BookingStatus
from tests.intake.conftest import image_bytes, tus_create, tus_patch, upload_path

pytestmark = pytest.mark.django_db


def upload(client, person, target, data=None, name="cells.tif") -> DataFile:
    data = data if data is not None else image_bytes(5_000)
    client.force_login(person)
    response = tus_patch(
        client, upload_path(tus_create(client, target, len(data), filename=name)), 0, data
    )
    assert response.status_code == 204, response.content
    return DataFile.objects.filter(original_name=name).latest("pk")


@pytest.fixture
def checked(client, cast, fake_inspector):
    data_file = upload(client, cast.requester, cast.booking)
    check_data_file(data_file.pk)
    data_file.refresh_from_db()
    return data_file


# --- The check --------------------------------------------------------------------------


def test_valid_file_gets_format_metadata_previews_and_makes_the_booking_ready(cast, checked):
    cast.booking.refresh_from_db()
    assert checked.status == FileStatus.VALID
    assert checked.format == "ome-tiff"
    assert checked.metadata["dims"] == {"T": 1, "C": 2, "Z": 5, "Y": 64, "X": 64}
    assert checked.thumbnail.name == f"intake/previews/{checked.pk}/thumbnail.png"
    assert checked.composite.name == f"intake/previews/{checked.pk}/composite.png"
    assert is_ready(cast.booking)
    assert cast.booking.status == BookingStatus.READY


def test_data_ready_is_told_once_to_the_requester_and_the_panel(client, cast, checked):
    second = upload(client, cast.requester, cast.booking, name="second.tif")
    check_data_file(second.pk)

    told = Notification.objects.filter(kind="data_ready")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [cast.requester.pk, cast.panelist.pk]
    )
    assert told.first().subject == "Data ready: Counting nuclei"


def test_unreadable_file_says_why_and_the_booking_keeps_waiting(client, cast, fake_inspector):
    data_file = upload(client, cast.requester, cast.booking, data=b"\x89PNG\r\n\x1a\n" + b"0" * 600)

    assert check_data_file(data_file.pk) == FileStatus.UNREADABLE

    data_file.refresh_from_db()
    cast.booking.refresh_from_db()
    assert data_file.reason == "truncated TIFF: strip 3 ends past end"
    assert cast.booking.status == BookingStatus.SUBMITTED
    (told,) = Notification.objects.filter(kind="data_unreadable")
    assert told.recipient == cast.requester
    assert "is unreadable: truncated TIFF: strip 3 ends past end" in told.body
    assert not Notification.objects.filter(kind="data_ready").exists()


def test_a_crashing_check_marks_the_file_unreadable_and_does_not_raise(client, cast, monkeypatch):
    from biafed.intake import inspection

    def boom(*args, **kwargs):
        raise RuntimeError("reader exploded")

    monkeypatch.setattr(inspection, "inspect", boom)
    data_file = upload(client, cast.requester, cast.booking)

    assert check_data_file(data_file.pk) == FileStatus.UNREADABLE
    data_file.refresh_from_db()
    assert data_file.reason == CHECK_FAILED


def test_a_failed_check_shows_requesters_no_server_path(client, cast, monkeypatch, caplog):
    from biafed.intake import inspection

    stored = "/srv/biafed/media/intake/opendesk.booking/1/cells.tif"

    def lost(*args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", stored)

    monkeypatch.setattr(inspection, "inspect", lost)
    data_file = upload(client, cast.requester, cast.booking)

    check_data_file(data_file.pk)

    page = client.get(reverse("intake:panel", args=[target_key(cast.booking)])).content.decode()
    (told,) = Notification.objects.filter(kind="data_unreadable")
    assert "/srv/biafed" not in page and "/srv/biafed" not in told.body
    assert "the file could not be checked because of a problem on our side" in told.body
    assert stored in caplog.text  # the operators' log keeps the detail


def test_an_inspector_reason_loses_its_server_paths(client, cast, monkeypatch):
    from biafed.intake import inspection

    monkeypatch.setattr(
        inspection,
        "inspect",
        lambda *a, **k: {
            "status": "unreadable",
            "reason": "could not read the tiff file: [Errno 5] I/O error: "
            "'/var/lib/biafed/staging/check-x1y2/cells.tif'",
        },
    )
    data_file = upload(client, cast.requester, cast.booking)

    check_data_file(data_file.pk)

    data_file.refresh_from_db()
    assert data_file.reason_text == "could not read the tiff file: [Errno 5] I/O error: '…'"


def test_without_an_inspector_files_stay_received(client, cast, monkeypatch):
    from biafed.intake import inspection

    monkeypatch.setattr(inspection, "inspect", lambda *a, **k: None)
    data_file = upload(client, cast.requester, cast.booking)

    assert check_data_file(data_file.pk) == FileStatus.RECEIVED
    assert not is_ready(cast.booking)


def test_check_runs_once_even_if_queued_twice(client, cast, fake_inspector):
    data_file = upload(client, cast.requester, cast.booking)
    check_data_file(data_file.pk)
    assert check_data_file(data_file.pk) == "skipped"
    assert len(fake_inspector) == 1


def test_finalised_upload_queues_its_check(
    client, cast, fake_inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data_file = upload(client, cast.requester, cast.booking)
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID  # TASK_QUEUE=immediate in the tests


def test_file_deleted_during_its_check_keeps_no_previews(client, cast, monkeypatch, fake_inspector):
    from biafed.intake import inspection

    data_file = upload(client, cast.requester, cast.booking)
    real = inspection.inspect

    def delete_meanwhile(path, out_dir, **kwargs):
        report = real(path, out_dir, **kwargs)
        DataFile.objects.filter(pk=data_file.pk).update(status=FileStatus.DELETED)
        return report

    monkeypatch.setattr(inspection, "inspect", delete_meanwhile)
    assert check_data_file(data_file.pk) == FileStatus.DELETED
    data_file.refresh_from_db()
    assert data_file.thumbnail.name == ""


def test_a_check_that_started_late_is_not_started_twice(client, cast, monkeypatch, fake_inspector):
    """The file arrived hours ago (a long copy into remote storage), its check just began:
    the periodic job leaves that check alone."""
    from biafed.intake import inspection
    from biafed.intake.services.checking import requeue_stale

    data_file = upload(client, cast.requester, cast.booking)
    DataFile.objects.filter(pk=data_file.pk).update(uploaded_at=timezone.now() - timedelta(hours=3))
    real = inspection.inspect
    requeued = []

    def periodic_job_meanwhile(path, out_dir, **kwargs):
        if not requeued:
            requeued.append("running")
            requeued[0] = requeue_stale(now=timezone.now() + timedelta(seconds=30))
        return real(path, out_dir, **kwargs)

    monkeypatch.setattr(inspection, "inspect", periodic_job_meanwhile)

    assert check_data_file(data_file.pk) == FileStatus.VALID
    assert requeued == [0]
    assert len(fake_inspector) == 1


def test_a_check_whose_worker_died_is_run_again_once_it_started_long_ago(
    client, cast, fake_inspector
):
    from biafed.intake.services.checking import requeue_stale

    data_file = upload(client, cast.requester, cast.booking)
    started = timezone.now()
    # Its check began two hours after the upload, then the worker died.
    DataFile.objects.filter(pk=data_file.pk).update(
        uploaded_at=started - timedelta(hours=2),
        status=FileStatus.VALIDATING,
        checking_since=started,
    )
    # Within the inspector's time cap plus INTAKE_STORE_LEASE_MINUTES: it may be running.
    assert requeue_stale(now=started + timedelta(minutes=19)) == 0
    assert fake_inspector == []

    assert requeue_stale(now=started + timedelta(minutes=21)) == 1

    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID
    assert data_file.checking_since is None
    assert len(fake_inspector) == 1


def test_a_check_killed_with_its_worker_is_run_again_within_two_minutes(
    client, cast, fake_inspector
):
    """Uploaded a minute ago; its check began and said it was alive, then the worker was
    killed: once its heartbeat is silent for a minute, the periodic job starts it again."""
    from biafed.intake.services.checking import requeue_stale

    data_file = upload(client, cast.requester, cast.booking)
    started = timezone.now()
    DataFile.objects.filter(pk=data_file.pk).update(
        uploaded_at=started - timedelta(minutes=1),
        status=FileStatus.VALIDATING,
        checking_since=started,
        check_alive_at=started + timedelta(seconds=20),
    )
    assert requeue_stale(now=started + timedelta(seconds=70)) == 0  # alive 50 s ago
    assert fake_inspector == []

    assert requeue_stale(now=started + timedelta(seconds=90)) == 1

    data_file.refresh_from_db()
    assert (data_file.status, data_file.checking_since, data_file.check_alive_at) == (
        FileStatus.VALID,
        None,
        None,
    )
    assert len(fake_inspector) == 1


@pytest.mark.django_db(transaction=True)
def test_a_running_check_says_it_is_alive_and_touches_its_folder(
    client, cast, monkeypatch, fake_inspector
):
    import os
    import time
    from pathlib import Path

    from biafed.intake import inspection
    from biafed.intake.services import checking

    monkeypatch.setattr(checking, "CHECK_HEARTBEAT_S", 0.05)
    real = inspection.inspect
    seen = {}

    def slow(path, out_dir, **kwargs):
        os.utime(out_dir, (0, 0))
        time.sleep(0.5)
        seen["claimed"], seen["alive"] = DataFile.objects.values_list(
            "checking_since", "check_alive_at"
        ).get()
        seen["folder_mtime"] = Path(out_dir).stat().st_mtime
        return real(path, out_dir, **kwargs)

    monkeypatch.setattr(inspection, "inspect", slow)
    data_file = upload(client, cast.requester, cast.booking)  # checked at once (immediate)

    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID
    assert seen["alive"] > seen["claimed"]  # beaten since the claim
    assert seen["folder_mtime"] > time.time() - 60


def test_the_staging_folders_of_lost_checks_are_dropped(settings, tmp_path):
    import os
    import time

    from biafed.intake import staging
    from biafed.intake.services import run_periodic

    settings.INTAKE_STAGING_DIR = str(tmp_path)
    lost = staging.staging_dir() / "check-lost1"
    running = staging.staging_dir() / "check-running"
    upload_part = staging.staging_dir() / "upload-part"
    for folder in (lost, running, upload_part):
        folder.mkdir()
    (lost / "cells.tif").write_bytes(b"x")
    hour_ago = time.time() - 3600
    os.utime(lost, (hour_ago, hour_ago))
    os.utime(upload_part, (hour_ago, hour_ago))

    counts = run_periodic(now=timezone.now())

    assert counts["check_folders_dropped"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["check-running", "upload-part"]


@pytest.mark.django_db(transaction=True)
def test_a_check_presumed_lost_records_nothing_over_the_newer_one(
    client, cast, monkeypatch, fake_inspector
):
    """The first check was only slow: it finishes while the check started again after it
    was presumed lost is running. The newer check's results stand, the first's previews go."""
    import threading

    from django.db import connection

    from biafed.intake import inspection
    from biafed.intake.services.checking import requeue_stale

    real = inspection.inspect
    first_inspecting, first_may_finish = threading.Event(), threading.Event()
    outcome = {}

    def inspect(path, out_dir, **kwargs):
        report = real(path, out_dir, **kwargs)
        if threading.current_thread() is first:
            first_inspecting.set()
            assert first_may_finish.wait(30)
            return {**report, "metadata": {**report["metadata"], "dtype": "uint8"}}
        first_may_finish.set()  # the newer check: the first one finishes meanwhile
        first.join(30)
        return report

    def first_check():
        """The upload, then its check, right after it on the worker (TASK_QUEUE=immediate)."""
        try:
            outcome["first"] = upload(client, cast.requester, cast.booking)
        except Exception as error:
            outcome["first"] = error
        finally:
            connection.close()

    monkeypatch.setattr(inspection, "inspect", inspect)
    first = threading.Thread(target=first_check)
    first.start()
    assert first_inspecting.wait(30), outcome
    data_file = DataFile.objects.get()
    assert data_file.status == FileStatus.VALIDATING
    # Two hours later by the periodic job's clock: the first check is presumed lost.
    assert requeue_stale(now=timezone.now() + timedelta(hours=2)) == 1  # runs the newer one
    first.join(30)

    assert not first.is_alive()
    assert outcome["first"] == data_file, outcome
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID
    assert data_file.metadata["dtype"] == "uint16"
    storage = data_file.thumbnail.storage
    _dirs, previews = storage.listdir(f"intake/previews/{data_file.pk}")
    assert sorted(f"intake/previews/{data_file.pk}/{name}" for name in previews) == sorted(
        [data_file.thumbnail.name, data_file.composite.name]
    )
    told = Notification.objects.filter(kind="data_ready", recipient=cast.requester)
    assert told.count() == 1


# --- Who sees and downloads ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["requester", "panelist", "coordinator"])
def test_download_as_attachment_for_requester_panel_and_coordinator(client, cast, who):
    data = image_bytes(3_000)
    data_file = upload(client, cast.requester, cast.booking, data=data, name="embryo stack.tif")
    client.force_login(getattr(cast, who))

    response = client.get(reverse("intake:download", args=[data_file.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="embryo stack.tif"'
    assert b"".join(response.streaming_content) == data


def test_download_is_typed_from_the_content_never_from_the_uploaded_name(client, cast):
    page = image_bytes(3_000) + b"<html><script>alert(document.domain)</script></html>"
    data_file = upload(client, cast.requester, cast.booking, data=page, name="cells.html")

    response = client.get(reverse("intake:download", args=[data_file.pk]))
    response.close()

    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["Cache-Control"],
        response["X-Content-Type-Options"],
    ) == ("application/octet-stream", 'attachment; filename="cells.html"', "no-store", "nosniff")


def test_a_checked_download_has_the_detected_type_and_is_not_cached(client, cast, checked):
    client.force_login(cast.panelist)

    response = client.get(reverse("intake:download", args=[checked.pk]))
    response.close()

    assert (response["Content-Type"], response["Cache-Control"]) == ("image/tiff", "no-store")
    assert response["Content-Disposition"] == 'attachment; filename="cells.tif"'


def test_a_big_download_is_sent_in_1_mib_blocks(client, cast):
    """Without the WSGI server's file wrapper (the test client; S3 streams in production)
    the response reads the file itself: 1 MiB at a time, not 4 KB."""
    mib = 1024 * 1024
    data = image_bytes(3 * mib + 10)
    data_file = upload(client, cast.requester, cast.booking, data=data)

    response = client.get(reverse("intake:download", args=[data_file.pk]))

    blocks = list(response.streaming_content)  # read to the end, the client closes it
    assert b"".join(blocks) == data
    assert [len(block) for block in blocks] == [mib, mib, mib, 10]


@pytest.mark.parametrize("who", ["outsider", "other_requester"])
def test_outsiders_get_404_for_files_previews_and_panels(client, cast, checked, who):
    client.force_login(getattr(cast, who))
    for url in (
        reverse("intake:download", args=[checked.pk]),
        reverse("intake:preview", args=[checked.pk, "thumbnail"]),
        reverse("intake:plane", args=[checked.pk]),
        reverse("intake:panel", args=[f"opendesk.booking:{cast.booking.pk}"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("intake:delete", args=[checked.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, checked):
    client.logout()
    response = client.get(reverse("intake:download", args=[checked.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_visible_files_matches_the_rules(client, cast, checked):
    assert list(visible_files(cast.requester)) == [checked]
    assert list(visible_files(cast.panelist)) == [checked]
    assert list(visible_files(cast.coordinator)) == [checked]
    assert list(visible_files(cast.outsider)) == []
    assert list(visible_files(cast.other_requester)) == []


def test_preview_is_served_inline_as_png(client, cast, checked):
    client.force_login(cast.panelist)
    response = client.get(reverse("intake:preview", args=[checked.pk, "composite"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


# --- Deleting ---------------------------------------------------------------------------------


def test_requester_deletes_a_file_even_after_the_session(
    client, cast, checked, django_capture_on_commit_callbacks
):
    from biafed.opendesk.models import Booking

    Booking.objects.filter(pk=cast.booking.pk).update(status=BookingStatus.HELD)
    stored = checked.file.name
    client.force_login(cast.requester)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake:delete", args=[checked.pk]))

    assert response.status_code == 302
    checked.refresh_from_db()
    assert checked.status == FileStatus.DELETED
    assert not checked.file.storage.exists(stored)
    assert not checked.file.storage.exists(f"intake/previews/{checked.pk}/thumbnail.png")
    assert list(files_for(cast.booking)) == []


def test_panel_analyst_cannot_delete(client, cast, checked):
    client.force_login(cast.panelist)
    assert client.post(reverse("intake:delete", args=[checked.pk])).status_code == 403
    checked.refresh_from_db()
    assert checked.status == FileStatus.VALID


def test_delete_by_htmx_returns_the_list(client, cast, checked):
    client.force_login(cast.requester)
    response = client.post(
        reverse("intake:delete", args=[checked.pk]),
        {"part": "list"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "No image yet." in response.content.decode()


def test_deleting_the_last_valid_file_makes_the_booking_wait_again(cast, checked):
    delete_file(actor=cast.requester, data_file=checked)
    cast.booking.refresh_from_db()
    assert cast.booking.status == BookingStatus.SUBMITTED


def test_link_files_shares_bytes_and_deleting_one_keeps_the_other(
    cast, checked, django_capture_on_commit_callbacks
):
    from tests.factories import submitted_booking

    other = submitted_booking(requester=cast.requester)
    (copy,) = link_files(actor=cast.requester, source=cast.booking, target=other)
    assert copy.file.name == checked.file.name
    assert copy.status == FileStatus.VALID
    assert link_files(actor=cast.requester, source=cast.booking, target=other) == []

    with django_capture_on_commit_callbacks(execute=True):
        delete_file(actor=cast.requester, data_file=checked)

    assert copy.file.storage.exists(copy.file.name)
    assert copy.file.storage.exists(copy.thumbnail.name)


def test_a_file_linked_before_its_check_follows_the_check_of_its_original(
    client, cast, fake_inspector, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from biafed.intake.services.checking import requeue_stale
    from tests.factories import submitted_booking

    original = upload(client, cast.requester, cast.booking)  # its check task was lost
    other = submitted_booking(requester=cast.requester)
    (copy,) = link_files(actor=cast.requester, source=cast.booking, target=other)
    assert copy.status == FileStatus.RECEIVED

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale(now=timezone.now() + timedelta(hours=1)) == 1  # the original only

    assert len(fake_inspector) == 1
    original.refresh_from_db()
    copy.refresh_from_db()
    assert original.status == copy.status == FileStatus.VALID
    assert copy.file.name == original.file.name
    assert copy.thumbnail.name == original.thumbnail.name
    assert copy.composite.name == original.composite.name
    assert (copy.format, copy.metadata, copy.checked_at) == (
        original.format,
        original.metadata,
        original.checked_at,
    )
    assert is_ready(other)


def test_checking_a_file_again_deletes_the_previews_and_planes_it_replaces(
    client, cast, checked, django_capture_on_commit_callbacks
):
    from tests.factories import submitted_booking

    storage = checked.thumbnail.storage
    (copy,) = link_files(
        actor=cast.requester,
        source=cast.booking,
        target=submitted_booking(requester=cast.requester),
    )
    old = [checked.thumbnail.name, checked.composite.name]
    client.force_login(cast.panelist)
    # Read to the end: the test client then closes the response without ending the
    # request (a direct close() would close the database connection mid-test).
    b"".join(client.get(reverse("intake:plane", args=[checked.pk]), {"z": "2"}).streaming_content)
    assert storage.listdir(f"intake/planes/{checked.pk}")[1] != []

    # Checked again (e.g. its check was queued a second time after a worker restart).
    DataFile.objects.filter(pk=checked.pk).update(status=FileStatus.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_data_file(checked.pk) == FileStatus.VALID

    checked.refresh_from_db()
    copy.refresh_from_db()
    new = [checked.thumbnail.name, checked.composite.name]
    assert set(new).isdisjoint(old)
    assert [copy.thumbnail.name, copy.composite.name] == new
    assert all(storage.exists(name) for name in new)
    assert not any(storage.exists(name) for name in old)
    assert storage.listdir(f"intake/planes/{checked.pk}")[1] == []
    assert sorted(storage.listdir(f"intake/previews/{checked.pk}")[1]) == sorted(
        name.rsplit("/", 1)[-1] for name in new
    )


# --- The page --------------------------------------------------------------------------------


def test_booking_page_shows_files_status_facts_and_viewer(
    client, cast, checked, django_assert_max_num_queries
):
    client.force_login(cast.panelist)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="file"' in html
    assert "Valid" in html
    assert "ome-tiff · C 2 · Z 5 · 64 × 64" in html
    assert reverse("intake:plane", args=[checked.pk]) in html
    assert 'data-testid="file-input"' not in html  # panel analysts do not upload
    assert 'data-testid="delete"' not in html


def test_the_file_panel_is_titled_for_what_it_belongs_to(client, cast):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(requester=cast.requester)
    client.force_login(cast.requester)

    booking_page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk]))
    project_page = client.get(reverse("projects:detail", args=[project.pk]))

    assert '<h2 data-testid="intake-heading">Example images</h2>' in booking_page.content.decode()
    html = project_page.content.decode()
    assert '<h2 data-testid="intake-heading">Project data</h2>' in html
    assert "Example images" not in html


def test_an_empty_file_panel_says_what_is_missing_for_what_it_belongs_to(client, cast):
    from biafed.projects.models import DeliverableKind
    from biafed.projects.services import work
    from tests.projects.factories import active_project

    project = active_project(requester=cast.requester)
    work.add_deliverable(
        actor=project.lead,
        project=project,
        values={"kind": DeliverableKind.PIPELINE, "title": "Tracking pipeline"},
    )
    client.force_login(cast.requester)

    booking_page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk]))
    project_page = client.get(reverse("projects:detail", args=[project.pk]))

    html = project_page.content.decode()
    assert "No image yet." not in html
    assert '<li class="muted" data-testid="no-file">No project data yet.</li>' in html
    assert '<li class="muted" data-testid="no-file">No deliverable file yet.</li>' in html
    assert "No image yet." in booking_page.content.decode()


def test_requester_page_has_the_uploader_limits_and_command_line(client, cast, checked):
    client.force_login(cast.requester)
    html = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk])).content.decode()
    assert 'data-testid="file-input"' in html
    assert f'data-target="opendesk.booking:{cast.booking.pk}"' in html
    assert "Here: 1 of 20 files" in html
    assert "biafed-upload.py --endpoint http://testserver/files/tus/" in html
    assert 'data-testid="delete"' in html
    assert "Keep my files after the session" in html


def test_interrupted_upload_is_listed_for_its_owner(client, cast):
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, 10_000, filename="half.tif"))
    tus_patch(client, path, 0, image_bytes(4_000))
    html = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk])).content.decode()
    assert "“half.tif”: 40% arrived, then the upload stopped." in html


def test_keep_consent_is_recorded_and_can_be_withdrawn(client, cast, checked):
    client.force_login(cast.requester)
    url = reverse("intake:keep", args=[f"opendesk.booking:{cast.booking.pk}"])
    client.post(url, {"keep": "yes"})
    checked.refresh_from_db()
    assert checked.keep_after_session is True
    client.post(url, {"keep": "no"})
    checked.refresh_from_db()
    assert checked.keep_after_session is False


@pytest.mark.parametrize("who", ["panelist", "coordinator"])
def test_only_the_requester_consents_to_keeping_files(client, cast, checked, who):
    client.force_login(getattr(cast, who))
    url = reverse("intake:keep", args=[f"opendesk.booking:{cast.booking.pk}"])
    assert client.post(url, {"keep": "yes"}).status_code == 403
    page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk]))
    assert "Keep my files" not in page.content.decode()


def test_viewer_plane_is_rendered_once_then_served_from_the_cache(
    client, cast, checked, fake_inspector
):
    client.force_login(cast.panelist)
    url = reverse("intake:plane", args=[checked.pk])

    def get(**params):
        response = client.get(url, params)
        body = b"".join(response.streaming_content)  # also closes the file
        return response, body

    first, body = get(z="3", t="0", c="1")
    again, cached = get(z="3", t="0", c="1")
    assert first.status_code == again.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert body == cached
    assert [call for call in fake_inspector if isinstance(call, tuple)] == [("plane", 3, 0, 1)]
    clamped, _body = get(z="99", c="all")
    assert clamped.status_code == 200
    assert fake_inspector[-1] == ("plane", 4, 0, None)


def test_client_script_downloads(client, cast):
    client.force_login(cast.requester)
    response = client.get(reverse("intake:client"))
    assert response.status_code == 200
    assert b"biafed-upload" in b"".join(response.streaming_content)
