"""OME-Zarr written by the tests (NGFF 0.4 on zarr v2, 0.5 on zarr v3), as a folder and a zip."""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pytest
import zarr
from PIL import Image

from biafed.intake.inspect import detect_format, inspect_file

from .conftest import blobs


def write_ome_zarr(root, data, *, version="0.4", scale=(1.0, 0.5, 0.25, 0.25), levels=3):
    """A CZYX multiscale image with omero channel labels and colours, written by hand."""
    zarr_format = 2 if version == "0.4" else 3
    group = zarr.open_group(str(root), mode="w", zarr_format=zarr_format)
    axes = [
        {"name": "c", "type": "channel"},
        {"name": "z", "type": "space", "unit": "micrometer"},
        {"name": "y", "type": "space", "unit": "micrometer"},
        {"name": "x", "type": "space", "unit": "micrometer"},
    ]
    datasets = []
    for i in range(levels):
        f = 2**i
        level = data[:, :, ::f, ::f]
        arr = group.create_array(
            str(i), shape=level.shape, dtype=level.dtype, chunks=(1, 1, 128, 128)
        )
        arr[...] = level
        s = [scale[0], scale[1], scale[2] * f, scale[3] * f]
        datasets.append(
            {"path": str(i), "coordinateTransformations": [{"type": "scale", "scale": s}]}
        )
    multiscales = [{"axes": axes, "datasets": datasets, "name": "cells"}]
    omero = {
        "channels": [
            {"label": "Hoechst", "color": "0000FF", "active": True},
            {"label": "Actin", "color": "FF0000", "active": True},
        ]
    }
    if version == "0.4":
        multiscales[0]["version"] = "0.4"
        group.attrs.update({"multiscales": multiscales, "omero": omero})
    else:
        group.attrs.update({"ome": {"version": "0.5", "multiscales": multiscales, "omero": omero}})
    return root


@pytest.fixture
def cells():
    return np.stack(
        [np.stack([blobs((512, 384), seed=10 * c + z) for z in range(3)]) for c in range(2)]
    )


@pytest.mark.parametrize("version", ["0.4", "0.5"])
def test_ome_zarr_folder(tmp_path, cells, version):
    root = write_ome_zarr(tmp_path / "cells.zarr", cells, version=version)
    assert detect_format(root) == "ome-zarr"
    report = inspect_file(root, tmp_path / "out")
    assert report.status == "ok", report.reason
    md = report.metadata
    assert md["dims"] == {"T": 1, "C": 2, "Z": 3, "Y": 512, "X": 384}
    assert md["dtype"] == "uint16"
    assert md["pyramid_levels"] == 3
    assert md["pixel_sizes"] == {
        "x": {"value": 0.25, "unit": "µm", "verified": True},
        "y": {"value": 0.25, "unit": "µm", "verified": True},
        "z": {"value": 0.5, "unit": "µm", "verified": True},
    }
    assert md["channels"] == [
        {"name": "Hoechst", "color": "#0000ff"},
        {"name": "Actin", "color": "#ff0000"},
    ]
    # The thumbnail (target 512 px) reads level 0 only because level 1 is 256 px.
    assert md["preview_reads"][-2:] == [[0, 1], [0, 1]]
    with Image.open(tmp_path / "out" / "thumbnail.png") as img:
        assert max(img.size) == 256
        arr = np.asarray(img)
    assert arr[..., 2].max() > 200 and arr[..., 0].max() > 200 and arr[..., 1].max() < 30


def test_ome_zarr_zip(tmp_path, cells):
    root = write_ome_zarr(tmp_path / "cells.zarr", cells, version="0.4")
    archive = tmp_path / "cells.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        for folder, _, files in os.walk(root):
            for name in files:
                full = os.path.join(folder, name)
                zf.write(full, os.path.relpath(full, tmp_path))
    assert detect_format(archive) == "ome-zarr"
    report = inspect_file(archive, tmp_path / "out")
    assert report.status == "ok", report.reason
    assert report.format == "ome-zarr"
    assert report.metadata["dims"] == {"T": 1, "C": 2, "Z": 3, "Y": 512, "X": 384}
    assert (tmp_path / "out" / "composite.png").exists()


def test_ome_zarr_with_a_missing_array_is_unreadable(tmp_path, cells):
    root = write_ome_zarr(tmp_path / "cells.zarr", cells, version="0.4")
    import shutil

    shutil.rmtree(root / "0")
    report = inspect_file(root, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.reason.startswith("malformed OME-Zarr"), report.reason
