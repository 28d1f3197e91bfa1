"""Previews never hold a full-resolution plane: pyramids use a small level, flat files
are read through strided rows or tile by tile (memory traced with tracemalloc)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import tifffile

from biafed.intake.inspect import inspect_file

from .conftest import blobs

SIDE = 8192  # a 128 MB uint16 plane; a 1024 px composite alone needs about 30 MB
MB = 1024 * 1024


@pytest.fixture(scope="module")
def big_plane():
    return np.tile(blobs((512, 512), seed=3), (SIDE // 512, SIDE // 512))


def traced_peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_pyramid_preview_reads_a_small_level(tmp_path, big_plane):
    path = tmp_path / "pyramid.ome.tif"
    with tifffile.TiffWriter(path, bigtiff=True, ome=True) as tw:
        tw.write(big_plane, subifds=4, tile=(512, 512), photometric="minisblack")
        for i in range(1, 5):
            tw.write(
                big_plane[:: 2**i, :: 2**i],
                subfiletype=1,
                tile=(512, 512),
                photometric="minisblack",
            )
    report = None

    def run():
        nonlocal report
        report = inspect_file(path, tmp_path / "out")

    peak = traced_peak(run)
    assert report.status == "ok", report.reason
    assert report.metadata["pyramid_levels"] == 5
    # composite from level 3 (1024 px), thumbnail from level 4 (512 px)
    assert report.metadata["preview_reads"] == [[3, 1], [4, 1]]
    assert peak < 40 * MB, f"peak {peak / MB:.1f} MB"


def test_flat_uncompressed_tiff_is_read_through_strided_rows(tmp_path, big_plane):
    path = tmp_path / "flat.tif"
    tifffile.imwrite(path, big_plane, photometric="minisblack")
    report = None

    def run():
        nonlocal report
        report = inspect_file(path, tmp_path / "out")

    peak = traced_peak(run)
    assert report.status == "ok", report.reason
    assert report.metadata["preview_reads"] == [[0, 8]]
    assert peak < 40 * MB, f"peak {peak / MB:.1f} MB"


def test_flat_compressed_tiled_tiff_is_decoded_tile_by_tile(tmp_path, big_plane):
    path = tmp_path / "tiled.tif"
    tifffile.imwrite(path, big_plane, tile=(512, 512), compression="zlib", photometric="minisblack")
    report = None

    def run():
        nonlocal report
        report = inspect_file(path, tmp_path / "out")

    peak = traced_peak(run)
    assert report.status == "ok", report.reason
    assert peak < 40 * MB, f"peak {peak / MB:.1f} MB"
