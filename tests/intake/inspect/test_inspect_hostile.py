"""Hostile files become "unreadable" with a plain reason, and never take the caller down."""

from __future__ import annotations

import struct
import zipfile
import zlib

import numpy as np
import tifffile

from biafed.intake.inspect import Limits, detect_format, inspect_file, inspect_sandboxed

from .conftest import blobs


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_wrong_magic_is_unreadable(tmp_path):
    path = tmp_path / "image.tif"  # a TIFF name on a text file: the content decides
    path.write_text("this is not an image, whatever its name says\n" * 10)
    assert detect_format(path) == ""
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.reason == "not an image format biafed reads (unknown content)"


def test_truncated_tiff_is_unreadable(tmp_path):
    whole = tmp_path / "whole.tif"
    tifffile.imwrite(
        whole,
        np.stack([blobs((256, 256), seed=i) for i in range(4)]),
        photometric="minisblack",
        rowsperstrip=32,
    )
    cut = tmp_path / "cut.tif"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    report = inspect_file(cut, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.reason.startswith(("truncated TIFF", "malformed TIFF")), report.reason


def test_truncated_single_image_reports_the_strip(tmp_path):
    whole = tmp_path / "whole.tif"
    tifffile.imwrite(whole, blobs((512, 512)), rowsperstrip=16, metadata=None)
    data = whole.read_bytes()
    # Keep the header and IFD (written first by tifffile) but cut the pixel data.
    cut = tmp_path / "cut.tif"
    cut.write_bytes(data[: len(data) - 100_000])
    report = inspect_file(cut, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.reason.startswith("truncated TIFF: strip "), report.reason
    assert "ends past end of file" in report.reason


def test_malformed_tiff_is_unreadable(tmp_path):
    path = tmp_path / "bad.tif"
    path.write_bytes(b"II*\x00" + struct.pack("<I", 10_000_000) + b"\x00" * 64)
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.format == "tiff"
    assert report.reason.startswith("malformed TIFF"), report.reason


def test_tiff_decompression_bomb_refused_before_decoding(tmp_path):
    tile = zlib.compress(np.zeros((1024, 1024), np.uint16).tobytes(), 9)
    path = tmp_path / "bomb.tif"
    tifffile.imwrite(
        path,
        data=(tile for _ in range(40 * 40)),
        shape=(40 * 1024, 40 * 1024),
        dtype="uint16",
        tile=(1024, 1024),
        compression="zlib",
    )
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.reason.startswith("decompression bomb: declares 3.1 GB of pixels in a "), (
        report.reason
    )
    assert not (tmp_path / "out" / "thumbnail.png").exists()


def test_png_decompression_bomb_refused(tmp_path):
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 100_001 * 10)
    path = tmp_path / "bomb.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.format == "png"
    assert report.reason.startswith("decompression bomb"), report.reason


def test_truncated_png_is_unreadable(tmp_path, make_blobs):
    from PIL import Image

    whole = tmp_path / "whole.png"
    Image.fromarray((make_blobs((400, 400)) // 16).astype(np.uint8)).save(whole)
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:2000])
    report = inspect_file(cut, tmp_path / "out")
    assert report.status == "unreadable"
    assert "PNG" in report.reason


def test_zip_path_traversal_refused(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("images/ok.txt", "fine")
        zf.writestr("../../etc/cron.d/evil", "* * * * * root rm -rf /")
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.format == "zip"
    assert report.reason == "zip member escapes the folder (path traversal): ../../etc/cron.d/evil"
    assert not (tmp_path / "etc").exists()


def test_zip_absolute_path_and_symlink_refused(tmp_path):
    absolute = tmp_path / "abs.zip"
    with zipfile.ZipFile(absolute, "w") as zf:
        zf.writestr("/etc/passwd", "x")
    assert (
        inspect_file(absolute, tmp_path / "o1").reason
        == "zip member with an absolute path: /etc/passwd"
    )

    link = tmp_path / "link.zip"
    with zipfile.ZipFile(link, "w") as zf:
        info = zipfile.ZipInfo("data/secrets")
        info.external_attr = 0o120777 << 16  # a symbolic link
        zf.writestr(info, "/etc/shadow")
    assert (
        inspect_file(link, tmp_path / "o2").reason == "zip member is a symbolic link: data/secrets"
    )


def test_zip_bomb_refused(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.tif", b"\x00" * (8 * 1024 * 1024))
    limits = Limits(zip_ratio_applies_above=1024 * 1024)
    report = inspect_file(path, tmp_path / "out", limits=limits)
    assert report.status == "unreadable"
    assert report.reason.startswith("zip bomb: zeros.tif unpacks "), report.reason


def test_zip_member_count_and_total_caps(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(12):
            zf.writestr(f"f{i}.txt", "x" * 100)
    assert inspect_file(path, tmp_path / "o1", limits=Limits(zip_max_members=10)).reason == (
        "zip has 12 members (limit 10)"
    )
    report = inspect_file(path, tmp_path / "o2", limits=Limits(zip_max_total_bytes=500))
    assert report.reason == "zip bomb: members unpack to more than 500 bytes"


def test_sandbox_survives_a_memory_bomb(tmp_path):
    # One 390 MB strip, let through the metadata caps, needs more than the sandbox allows.
    data = np.zeros((14_000, 14_000), np.uint16)
    data[::97, ::89] = 1000
    path = tmp_path / "greedy.tif"
    tifffile.imwrite(path, data, rowsperstrip=14_000, compression="zlib")
    del data
    lenient = Limits(max_compression_ratio=1e9)
    report = inspect_sandboxed(path, tmp_path / "out", memory_mb=450, timeout_s=60, limits=lenient)
    assert report.status == "unreadable"
    assert report.reason == "needs more than 450 MB of memory to decode"
    assert report.format == "tiff"


def test_sandbox_time_cap(tmp_path):
    path = tmp_path / "img.tif"
    tifffile.imwrite(path, blobs((64, 64)))
    report = inspect_sandboxed(path, tmp_path / "out", timeout_s=0.01)
    assert report.status == "unreadable"
    assert report.reason == "took longer than 0.01 s to decode"


def test_sandboxed_inspection_matches_in_process(tmp_path):
    path = tmp_path / "img.tif"
    tifffile.imwrite(path, blobs((300, 200)))
    report = inspect_sandboxed(path, tmp_path / "out")
    assert report.status == "ok", report.reason
    assert report.metadata["dims"] == {"T": 1, "C": 1, "Z": 1, "Y": 300, "X": 200}
    assert (tmp_path / "out" / "thumbnail.png").exists()


def test_plane_cap_applies_to_the_level_a_preview_would_read(tmp_path):
    # Level 1 is tiny, so the 1,024 px composite would have to read the 2,048 px level 0.
    data = blobs((2048, 2048))
    path = tmp_path / "odd-pyramid.tif"
    with tifffile.TiffWriter(path, ome=True) as tw:
        tw.write(data, subifds=1, tile=(256, 256), photometric="minisblack")
        tw.write(data[::16, ::16], subfiletype=1, tile=(128, 128), photometric="minisblack")
    report = inspect_file(path, tmp_path / "out", limits=Limits(max_plane_bytes=4 * 1024 * 1024))
    assert report.status == "unreadable"
    assert report.reason == "image plane too large to preview: 8.0 MB (limit 4.0 MB)"
