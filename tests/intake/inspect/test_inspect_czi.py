"""CZI: written by the tests with pylibCZIrw (libCZI, Zeiss's own writer), read with czifile."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from biafed.intake.inspect import detect_format, inspect_file, render_plane

from .conftest import blobs

pyczi = pytest.importorskip("pylibCZIrw.czi", reason="pylibCZIrw (dev dependency) writes the CZI")


def write_czi(
    path, planes, *, names=("DAPI", "GFP"), scale=(0.2e-6, 0.2e-6, 1e-6), location=(0, 0)
):
    with pyczi.create_czi(str(path), exist_ok=True) as doc:
        for (z, c), data in planes.items():
            doc.write(data=data, plane={"C": c, "Z": z, "T": 0}, location=location)
        doc.write_metadata(
            document_name="cells",
            channel_names=dict(enumerate(names)),
            scale_x=scale[0],
            scale_y=scale[1],
            scale_z=scale[2],
        )


def test_czi_metadata_and_previews(tmp_path):
    planes = {(z, c): blobs((300, 400), seed=z * 2 + c) for z in range(3) for c in range(2)}
    path = tmp_path / "acquisition"
    write_czi(path, planes)
    assert detect_format(path) == "czi"
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "ok", report.reason
    md = report.metadata
    assert md["dims"] == {"T": 1, "C": 2, "Z": 3, "Y": 300, "X": 400}
    assert md["dtype"] == "uint16"
    assert md["pixel_sizes"] == {
        "x": {"value": 0.2, "unit": "µm", "verified": True},
        "y": {"value": 0.2, "unit": "µm", "verified": True},
        "z": {"value": 1.0, "unit": "µm", "verified": True},
    }
    assert [c["name"] for c in md["channels"]] == ["DAPI", "GFP"]
    with Image.open(tmp_path / "out" / "composite.png") as img:
        assert img.size == (400, 300)
        assert np.asarray(img).std() > 5


def test_czi_plane_matches_the_written_pixels(tmp_path):
    planes = {(z, c): blobs((300, 400), seed=z * 2 + c) for z in range(2) for c in range(2)}
    path = tmp_path / "a.czi"
    write_czi(path, planes)
    out = tmp_path / "plane.png"
    info = render_plane(path, out, z=1, channel=1, max_size=200, sandboxed=False)
    assert (info["width"], info["height"]) == (200, 150)
    from biafed.intake.inspect.api import open_source

    with open_source(path, "czi") as source:
        plane = source.read_plane(level=0, t=0, c=1, z=1, step=2)
    np.testing.assert_array_equal(plane, planes[(1, 1)][::2, ::2])


def test_truncated_czi_is_unreadable(tmp_path):
    planes = {(0, 0): blobs((300, 400))}
    whole = tmp_path / "whole.czi"
    write_czi(whole, planes, names=("DAPI",))
    cut = tmp_path / "cut.czi"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    report = inspect_file(cut, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.format == "czi"
    assert report.reason.startswith("malformed CZI"), report.reason
