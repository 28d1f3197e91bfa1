"""PNG and JPEG through Pillow; render_plane for the session viewer."""

from __future__ import annotations

import numpy as np
import pytest
import tifffile
from PIL import Image

from biafed.intake.inspect import Unreadable, detect_format, inspect_file, render_plane

from .conftest import blobs


def test_real_jpeg_histology(real_image, tmp_path):
    path = real_image("histo.jpg")
    assert detect_format(path) == "jpeg"
    report = inspect_file(path, tmp_path)
    assert report.status == "ok", report.reason
    md = report.metadata
    assert md["dims"] == {"T": 1, "C": 3, "Z": 1, "Y": 300, "X": 500}
    assert md["dtype"] == "uint8"
    assert md["rgb"] is True
    with Image.open(tmp_path / "thumbnail.png") as thumb:
        assert thumb.size == (256, 154)
    with Image.open(tmp_path / "composite.png") as comp:
        assert comp.size == (500, 300)
        assert np.asarray(comp).std() > 5


def test_sixteen_bit_png_is_stretched(tmp_path):
    path = tmp_path / "upload"
    Image.fromarray(blobs((120, 160))).save(path, format="PNG")
    assert detect_format(path) == "png"
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "ok", report.reason
    assert report.metadata["dims"] == {"T": 1, "C": 1, "Z": 1, "Y": 120, "X": 160}
    assert report.metadata["dtype"] == "uint16"
    with Image.open(tmp_path / "out" / "composite.png") as comp:
        arr = np.asarray(comp)
    # The 0.1-99.9 percentile stretch uses the full 8-bit range.
    assert arr.max() == 255 and arr.min() == 0


def test_render_plane_steps_through_z_and_channels(tmp_path):
    data = np.zeros((4, 2, 200, 300), np.uint16)  # ZCYX
    for z in range(4):
        for c in range(2):
            data[z, c] = blobs((200, 300), seed=10 * z + c)
    path = tmp_path / "stack.tif"
    tifffile.imwrite(path, data, photometric="minisblack", metadata={"axes": "ZCYX"})
    out = tmp_path / "plane.png"
    info = render_plane(path, out, z=3, t=0, channel=1, max_size=150)
    assert info == {
        "z": 3,
        "t": 0,
        "channel": 1,
        "width": 150,
        "height": 100,
        "dims": {"T": 1, "C": 2, "Z": 4, "Y": 200, "X": 300},
    }
    single = np.asarray(Image.open(out))
    assert single.std() > 5
    assert (single[..., 0] == single[..., 1]).all()  # one channel is shown in grey

    info = render_plane(path, out, z=99, channel=None, max_size=512, sandboxed=False)
    assert info["z"] == 3  # clamped to the stack
    assert (info["width"], info["height"]) == (300, 200)


def test_render_plane_refuses_unreadable_files(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(Unreadable, match="not an image biafed can show"):
        render_plane(path, tmp_path / "p.png")


def test_png_over_the_pixel_cap_is_refused_before_decoding(tmp_path):
    from biafed.intake.inspect import Limits

    path = tmp_path / "wide.png"
    Image.fromarray((blobs((100, 200)) // 16).astype(np.uint8)).save(path)
    report = inspect_file(path, tmp_path / "out", limits=Limits(max_flat_pixels=15_000))
    assert report.status == "unreadable"
    assert report.reason == "image too large to preview: 200 x 100 pixels (limit 15,000 pixels)"


def test_truncated_jpeg_is_unreadable(tmp_path, real_image):
    data = real_image("histo.jpg").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[:600])  # the header and almost no scan data
    report = inspect_file(cut, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.reason.startswith("truncated or malformed JPEG"), report.reason
