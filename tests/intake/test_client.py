"""The command-line uploader against a real server: folders, resume, refusals."""

import hashlib

import pytest

from biafed.intake import client as uploader
from biafed.intake.models import DataFile, Upload
from biafed.intake.registry import target_key
from tests.factories import RequesterFactory, submitted_booking
from tests.intake.conftest import image_bytes, upload_token

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(live_server, tmp_path, monkeypatch):
    monkeypatch.setattr(uploader, "STATE_FILE", tmp_path / "state.json")
    requester = RequesterFactory()
    booking = submitted_booking(requester=requester)
    key = target_key(booking)
    token = upload_token(requester, key)
    return {
        "booking": booking,
        "args": [
            "--endpoint",
            f"{live_server.url}/files/tus/",
            "--target",
            key,
            "--token",
            token,
        ],
        "client": uploader.TusClient(f"{live_server.url}/files/tus/", token=token),
        "key": key,
    }


def test_a_folder_is_uploaded_and_a_second_run_skips_what_is_done(setup, tmp_path, capsys):
    folder = tmp_path / "acquisition"
    (folder / "day2").mkdir(parents=True)
    (folder / "a.tif").write_bytes(image_bytes(30_000, seed=1))
    (folder / "day2" / "b.tif").write_bytes(image_bytes(50_000, seed=2))
    (folder / ".DS_Store").write_bytes(b"hidden")

    assert uploader.main([*setup["args"], "--chunk-mb", "1", str(folder)]) == 0
    assert uploader.main([*setup["args"], str(folder)]) == 0

    files = {f.original_name: f.sha256 for f in DataFile.objects.all()}
    assert files == {
        "a.tif": hashlib.sha256(image_bytes(30_000, seed=1)).hexdigest(),
        "b.tif": hashlib.sha256(image_bytes(50_000, seed=2)).hexdigest(),
    }
    assert "already uploaded: " in capsys.readouterr().out


def test_an_upload_cut_half_way_resumes_from_the_server_offset(setup, tmp_path):
    data = image_bytes(3 * 1024 * 1024, seed=5)
    path = tmp_path / "stack.tif"
    path.write_bytes(data)
    client = setup["client"]
    url = client.create(
        length=len(data),
        metadata={"filename": "stack.tif", "target": setup["key"]},
    )
    with open(path, "rb") as handle:
        client.patch(url, handle, offset=0, size=1024 * 1024, checksum=True)

    sent = []
    client.upload(
        path,
        target=setup["key"],
        url=url,
        chunk_size=1024 * 1024,
        on_progress=lambda p, offset, size: sent.append(offset),
    )

    assert sent == [2 * 1024 * 1024, 3 * 1024 * 1024]
    assert DataFile.objects.get().sha256 == hashlib.sha256(data).hexdigest()
    assert Upload.objects.get().completed_at is not None


def test_refusals_are_reported_in_plain_words(setup, tmp_path, capsys):
    (tmp_path / "notes.txt").write_bytes(b"not an image at all " * 100)
    assert uploader.main([*setup["args"], str(tmp_path / "notes.txt")]) == 1
    assert "is not an image format we can read" in capsys.readouterr().err


def test_operator_command_attaches_a_folder_as_the_requester(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    requester = RequesterFactory(email="rita@example.org")
    booking = submitted_booking(requester=requester)
    (tmp_path / "a.tif").write_bytes(image_bytes(2_000))
    out = StringIO()

    call_command(
        "upload", "--to", target_key(booking), "--as", "rita@example.org", str(tmp_path), stdout=out
    )

    assert "a.tif: stored" in out.getvalue()
    assert DataFile.objects.get().uploaded_by == requester
