"""TIFF family: real files from wheels and written OME-TIFF pyramids."""

from __future__ import annotations

import numpy as np
import pytest
import tifffile
from PIL import Image

from biafed.intake.inspect import detect_format, inspect_file

from .conftest import blobs


def open_png(path):
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB"))


def assert_not_blank(path):
    arr = open_png(path)
    assert arr.std() > 5, f"{path} looks blank"
    return arr


def test_stardist_nuclei_tiff_metadata_and_previews(real_image, tmp_path):
    path = real_image("img2d.tif")
    report = inspect_file(path, tmp_path)
    assert report.status == "ok", report.reason
    assert report.format == "tiff"
    md = report.metadata
    assert md["dims"] == {"T": 1, "C": 1, "Z": 1, "Y": 512, "X": 512}
    assert md["dtype"] == "uint16"
    assert md["pixel_sizes"] == {}  # resolution tags 1/1: no calibration
    assert md["file_size"] == path.stat().st_size
    assert md["pyramid_levels"] == 1
    thumb = assert_not_blank(tmp_path / report.previews["thumbnail"])
    assert thumb.shape == (256, 256, 3)
    comp = assert_not_blank(tmp_path / report.previews["composite"])
    assert comp.shape == (512, 512, 3)  # never upscaled past the image


def test_flowdec_imagej_psf_has_calibrated_pixel_sizes(real_image, tmp_path):
    report = inspect_file(real_image("psfgen1.tif"), tmp_path)
    assert report.status == "ok", report.reason
    assert report.format == "imagej-tiff"
    md = report.metadata
    assert md["dims"] == {"T": 1, "C": 1, "Z": 8, "Y": 16, "X": 16}
    assert md["dtype"] == "float32"
    assert md["pixel_sizes"] == {
        "x": {"value": 100.0, "unit": "nm", "verified": True},
        "y": {"value": 100.0, "unit": "nm", "verified": True},
        "z": {"value": 250.0, "unit": "nm", "verified": True},
    }


def test_flowdec_neuron_stack_previews_mid_z(real_image, tmp_path):
    report = inspect_file(real_image("neuron.tif"), tmp_path)
    assert report.status == "ok", report.reason
    assert report.metadata["dims"] == {"T": 1, "C": 1, "Z": 50, "Y": 256, "X": 256}
    assert report.metadata["dtype"] == "float32"
    assert_not_blank(tmp_path / "composite.png")


def test_svs_whole_slide_never_shows_label_or_macro(real_image, tmp_path):
    path = real_image("cmu_small_region.svs")
    report = inspect_file(path, tmp_path)
    assert report.status == "ok", report.reason
    assert report.format == "svs"
    md = report.metadata
    assert md["associated_images_skipped"] == ["label", "macro"]
    assert md["dims"] == {"T": 1, "C": 3, "Z": 1, "Y": 2967, "X": 2220}
    assert md["pixel_sizes"]["x"] == {"value": 0.499, "unit": "µm", "verified": True}
    assert md["objective"] == "20x"
    assert md["acquired_at"] == "2009-12-29T09:59:15"
    assert md["series_count"] == 1
    comp = open_png(tmp_path / "composite.png").astype(float)
    thumb = open_png(tmp_path / "thumbnail.png").astype(float)
    with tifffile.TiffFile(path) as tif:
        by_name = {s.name.lower(): s for s in tif.series}
        baseline = by_name["baseline"].asarray()
        label = by_name["label"].asarray()
        macro = by_name["macro"].asarray()
    # The previews have the slide's aspect ratio and content, not the label's or macro's.
    assert comp.shape[0] / comp.shape[1] == pytest.approx(2967 / 2220, rel=0.01)
    expected = np.asarray(
        Image.fromarray(baseline).resize((comp.shape[1], comp.shape[0]), Image.Resampling.BILINEAR)
    ).astype(float)
    assert np.abs(comp - expected).mean() < 20
    for other in (label, macro):
        resized = np.asarray(
            Image.fromarray(other).resize((thumb.shape[1], thumb.shape[0]))
        ).astype(float)
        assert np.abs(thumb - resized).mean() > 20


def write_pyramid(path, data, *, levels=3, tile=256, **metadata):
    with tifffile.TiffWriter(path, bigtiff=True, ome=True) as tw:
        tw.write(
            data,
            subifds=levels - 1,
            tile=(tile, tile),
            photometric="minisblack",
            compression="zlib",
            metadata={"axes": "CYX", **metadata},
        )
        for i in range(1, levels):
            f = 2**i
            tw.write(
                data[:, ::f, ::f],
                subfiletype=1,
                tile=(tile, tile),
                photometric="minisblack",
                compression="zlib",
            )


def test_pyramidal_ome_tiff_metadata_and_small_level(tmp_path):
    data = np.stack([blobs((2048, 1536), seed=s) for s in range(2)])
    path = tmp_path / "upload.bin"  # the name says nothing: detection is by content
    write_pyramid(
        path,
        data,
        levels=4,
        PhysicalSizeX=0.65,
        PhysicalSizeXUnit="µm",
        PhysicalSizeY=0.65,
        PhysicalSizeYUnit="µm",
        Channel={"Name": ["DAPI", "GFP"], "Color": [-16776961, 16711935]},
    )
    assert detect_format(path) == "ome-tiff"
    report = inspect_file(path, tmp_path / "out", thumb_size=256, composite_size=1024)
    assert report.status == "ok", report.reason
    md = report.metadata
    assert md["dims"] == {"T": 1, "C": 2, "Z": 1, "Y": 2048, "X": 1536}
    assert md["pyramid_levels"] == 4
    assert md["level_shapes"] == [[2048, 1536], [1024, 768], [512, 384], [256, 192]]
    assert md["pixel_sizes"]["x"] == {"value": 0.65, "unit": "µm", "verified": True}
    assert md["channels"] == [
        {"name": "DAPI", "color": "#ff0000"},  # OME RGBA -16776961 = 0xFF0000FF
        {"name": "GFP", "color": "#00ff00"},  # 16711935 = 0x00FF00FF
    ]
    # Thumbnail from the smallest level at least twice 256 px (level 2: 512 px);
    # composite from the smallest level at least 1024 px (level 1). Never level 0.
    assert [level for level, _ in md["preview_reads"]] == [1, 1, 2, 2]
    thumb = assert_not_blank(tmp_path / "out" / "thumbnail.png")
    assert max(thumb.shape[:2]) == 256
    comp = assert_not_blank(tmp_path / "out" / "composite.png")
    assert max(comp.shape[:2]) == 1024
    # DAPI is drawn in red, GFP in green: both colours are present.
    assert comp[..., 0].max() > 200 and comp[..., 1].max() > 200 and comp[..., 2].max() < 50


def test_plain_tiff_resolution_tags_give_unverified_pixel_sizes(tmp_path):
    path = tmp_path / "scan"
    tifffile.imwrite(
        path, blobs((300, 400)), resolution=(10000, 10000), resolutionunit="CENTIMETER"
    )
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "ok", report.reason
    assert report.metadata["pixel_sizes"] == {
        "x": {"value": 1.0, "unit": "µm", "verified": False},
        "y": {"value": 1.0, "unit": "µm", "verified": False},
    }


def test_imagej_hyperstack_dims(tmp_path):
    data = np.zeros((3, 5, 2, 64, 80), np.uint16)  # TZCYX
    ramp = np.arange(256, dtype=np.uint8)
    zero = np.zeros(256, np.uint8)
    red_lut, green_lut = np.stack([ramp, zero, zero]), np.stack([zero, ramp, zero])
    data[...] = blobs((64, 80))
    path = tmp_path / "stack"
    tifffile.imwrite(
        path,
        data,
        imagej=True,
        resolution=(1 / 0.2, 1 / 0.2),
        metadata={
            "axes": "TZCYX",
            "unit": "um",
            "spacing": 1.5,
            "Labels": [
                f"{ch} t{t} z{z}" for t in range(3) for z in range(5) for ch in ("Nuclei", "Actin")
            ],
            "LUTs": [red_lut, green_lut],
        },
    )
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "ok", report.reason
    assert report.format == "imagej-tiff"
    md = report.metadata
    assert md["dims"] == {"T": 3, "C": 2, "Z": 5, "Y": 64, "X": 80}
    assert md["pixel_sizes"]["x"] == {"value": 0.2, "unit": "µm", "verified": True}
    assert md["pixel_sizes"]["z"] == {"value": 1.5, "unit": "µm", "verified": True}
    assert [c["color"] for c in md["channels"]] == ["#ff0000", "#00ff00"]


def test_bigtiff_detected(tmp_path):
    path = tmp_path / "big"
    tifffile.imwrite(path, blobs((64, 64)), bigtiff=True)
    assert detect_format(path) == "bigtiff"
    assert inspect_file(path, tmp_path / "out").status == "ok"
