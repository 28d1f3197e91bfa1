"""Reports are plain JSON (the Django side stores them in a JSONField) and round-trip."""

from __future__ import annotations

import json

import numpy as np
import tifffile

from biafed.intake.inspect import Report, inspect_file

from .conftest import blobs


def test_report_is_json_and_round_trips(tmp_path, real_image):
    tif = tmp_path / "stack.tif"
    tifffile.imwrite(
        tif, np.stack([blobs((64, 64), seed=i) for i in range(3)]), photometric="minisblack"
    )
    for path in (tif, real_image("cmu_small_region.svs")):
        report = inspect_file(path, tmp_path / f"out-{path.name}")
        data = json.loads(json.dumps(report.to_dict()))
        assert Report.from_dict(data) == report
        assert set(data["metadata"]) >= {
            "dims",
            "dtype",
            "pixel_sizes",
            "channels",
            "instrument",
            "objective",
            "acquired_at",
            "file_size",
            "pyramid_levels",
            "series_count",
            "associated_images_skipped",
        }


def test_unreadable_report_from_partial_dict():
    report = Report.from_dict({"status": "unreadable", "reason": "truncated TIFF"})
    assert report == Report(status="unreadable", reason="truncated TIFF")
    assert not report.ok
