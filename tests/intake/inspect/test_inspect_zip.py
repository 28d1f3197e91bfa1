"""A zip of a folder: each image member inspected, with its own previews."""

from __future__ import annotations

import io
import zipfile

import tifffile
from PIL import Image

from biafed.intake.inspect import inspect_file

from .conftest import blobs


def test_zip_of_a_folder_inspects_each_member(tmp_path):
    tif = io.BytesIO()
    tifffile.imwrite(tif, blobs((100, 120)))
    png = io.BytesIO()
    Image.fromarray((blobs((50, 60)) // 16).astype("uint8")).save(png, format="PNG")
    path = tmp_path / "folder.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("experiment/", "")
        zf.writestr("experiment/well_A1.tif", tif.getvalue())
        zf.writestr("experiment/notes.txt", "exposure 100 ms")
        zf.writestr("experiment/overview.png", png.getvalue())
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "ok", report.reason
    assert report.format == "zip"
    summary = [(m["name"], m["status"], m["format"]) for m in report.members]
    assert summary == [
        ("experiment/well_A1.tif", "ok", "tiff"),
        ("experiment/notes.txt", "unreadable", ""),
        ("experiment/overview.png", "ok", "png"),
    ]
    assert report.members[0]["metadata"]["dims"] == {"T": 1, "C": 1, "Z": 1, "Y": 100, "X": 120}
    assert report.previews == {
        "thumbnail": "members/0/thumbnail.png",
        "composite": "members/0/composite.png",
    }
    assert (tmp_path / "out" / "members" / "2" / "thumbnail.png").exists()
    assert report.metadata["readable_members"] == 2


def test_zip_without_images_is_unreadable(tmp_path):
    path = tmp_path / "docs.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "nothing to see")
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.reason == "the zip holds no image biafed can read"
