"""Resumable upload in a real browser: the connection is cut, the page is reloaded, the
same file is chosen again and the upload goes on from where it stopped; the preview
the analysts will see appears."""

import hashlib
from pathlib import Path

import numpy as np
import pytest
import tifffile

from biafed.intake.models import DataFile, FileStatus, Upload
from biafed.opendesk.models import BookingStatus
from tests.factories import PASSWORD, RequesterFactory, submitted_booking, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUNDLE = (
    Path(__file__).resolve().parents[2] / "src/biafed/intake/static/intake/vendor/uppy-tus.min.js"
)
MB = 1024 * 1024


def write_stack(path: Path) -> bytes:
    """A 2-channel, 12-plane 16-bit stack as an ImageJ TIFF (about 3 MB)."""
    rng = np.random.default_rng(7)
    stack = rng.integers(0, 4000, size=(12, 2, 256, 256), dtype=np.uint16)
    tifffile.imwrite(path, stack, imagej=True, metadata={"axes": "ZCYX"})
    return path.read_bytes()


def test_upload_cut_then_resumed_after_a_reload_shows_the_preview(open_page, tmp_path, settings):
    if not BUNDLE.exists():
        pytest.skip("the uploader bundle is not built (scripts/assets.sh)")
    settings.INTAKE_CHUNK_MB = 1
    requester = RequesterFactory(full_name="Rita Requester")
    verified(requester)
    booking = submitted_booking(requester=requester)
    stack = tmp_path / "embryo_stack.tif"
    data = write_stack(stack)
    assert len(data) > 2 * MB

    page = open_page(requester, PASSWORD)
    page.goto(f"/open-desk/bookings/{booking.pk}/")

    # 1. The first chunk goes through, then the network fails for every later chunk.
    patches = []

    def cut_after_first_chunk(route):
        if route.request.method == "PATCH":
            patches.append(route.request.headers.get("upload-offset"))
            if len(patches) > 1:
                route.abort("connectionreset")
                return
        route.continue_()

    page.route("**/files/tus/**", cut_after_first_chunk)
    page.set_input_files("[data-testid=file-input]", str(stack))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=upload-row]")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=overall-progress]').textContent !== ''"
    )
    for _ in range(100):
        if len(patches) >= 2:
            break
        page.wait_for_timeout(100)
    assert len(patches) >= 2
    upload = Upload.objects.get()
    assert upload.offset == MB  # what arrived before the cut is kept
    assert not DataFile.objects.exists()  # and nothing half-written is a file

    # 2. The page is reloaded (or the laptop closed); the upload is listed as interrupted.
    page.reload()
    page.unroute("**/files/tus/**")
    assert "embryo_stack.tif" in page.inner_text("[data-testid=pending-upload]")

    # 3. Choosing the same file again resumes it from the server's offset.
    offsets = []
    page.on(
        "request",
        lambda request: (
            offsets.append(int(request.headers["upload-offset"]))
            if request.method == "PATCH"
            else None
        ),
    )
    page.set_input_files("[data-testid=file-input]", str(stack))
    page.click("[data-testid=upload]")

    # 4. Once complete the page reloads: the file is checked and its preview is shown.
    page.wait_for_selector("[data-testid=thumbnail]", timeout=30000)
    assert offsets[0] == MB
    data_file = DataFile.objects.get()
    assert data_file.status == FileStatus.VALID
    assert data_file.sha256 == hashlib.sha256(data).hexdigest()
    assert data_file.metadata["dims"]["Z"] == 12
    assert "Valid" in page.inner_text("[data-testid=file-status]")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.READY
    assert page.inner_text("[data-testid=status]") == "Ready"

    # 5. The session viewer steps through Z on downsampled planes.
    page.click("[data-testid=thumbnail]")
    with page.expect_response(lambda r: "/plane.png" in r.url and r.status == 200):
        page.eval_on_selector(
            "input[data-axis=z]", "el => { el.value = 2; el.dispatchEvent(new Event('input')); }"
        )
