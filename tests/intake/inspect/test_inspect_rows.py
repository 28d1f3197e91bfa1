"""Uncompressed contiguous TIFF planes are read row by row: the pixels must be exact."""

from __future__ import annotations

import numpy as np
import pytest
import tifffile

from biafed.intake.inspect.api import open_source


@pytest.mark.parametrize("byteorder", ["<", ">"])
def test_strided_rows_of_a_zcyx_stack(tmp_path, byteorder):
    rng = np.random.default_rng(1)
    data = rng.integers(0, 60000, (3, 2, 101, 67), dtype=np.uint16)  # ZCYX
    path = tmp_path / "stack.tif"
    tifffile.imwrite(
        path, data, byteorder=byteorder, photometric="minisblack", metadata={"axes": "ZCYX"}
    )
    with open_source(path, "tiff") as source:
        assert source.series.dataoffset is not None  # the row reader applies
        plane = source.read_plane(level=0, t=0, c=1, z=2, step=3)
    np.testing.assert_array_equal(plane, data[2, 1, ::3, ::3])


def test_strided_rows_of_interleaved_and_planar_rgb(tmp_path):
    rng = np.random.default_rng(2)
    rgb = rng.integers(0, 255, (90, 70, 3), dtype=np.uint8)
    contig = tmp_path / "contig.tif"
    tifffile.imwrite(contig, rgb, photometric="rgb")
    planar = tmp_path / "planar.tif"
    tifffile.imwrite(planar, np.moveaxis(rgb, -1, 0), photometric="rgb", planarconfig="separate")
    for path in (contig, planar):
        with open_source(path, "tiff") as source:
            assert source.rgb
            plane = source.read_plane(level=0, t=0, c=0, z=0, step=4)
        np.testing.assert_array_equal(plane, rgb[::4, ::4])


def test_two_samples_are_read_as_channels(tmp_path):
    rng = np.random.default_rng(3)
    data = rng.integers(0, 4000, (50, 40, 2), dtype=np.uint16)
    path = tmp_path / "two.tif"
    tifffile.imwrite(path, data, photometric="minisblack", planarconfig="contig", extrasamples=[0])
    with open_source(path, "tiff") as source:
        assert source.sizes["C"] == 2 and not source.rgb
        plane = source.read_plane(level=0, t=0, c=1, z=0, step=2)
    np.testing.assert_array_equal(plane, data[::2, ::2, 1])
