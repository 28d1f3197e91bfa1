"""ND2 and LIF: no writer exists for either format, so only detection and the refusal of
damaged files are tested here (the readers are bioio-nd2 and bioio-lif)."""

from __future__ import annotations

import struct

import pytest

from biafed.intake.inspect import detect_format, inspect_file


def test_nd2_detected_by_magic_and_damaged_file_is_unreadable(tmp_path):
    path = tmp_path / "upload"
    path.write_bytes(b"\xda\xce\xbe\x0a" + b"\x00" * 4092)
    assert detect_format(path) == "nd2"
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.format == "nd2"
    assert report.reason.startswith("malformed ND2"), report.reason


def test_lif_detected_by_magic_and_damaged_file_is_unreadable(tmp_path):
    path = tmp_path / "upload"
    xml = '<LMSDataContainerHeader Version="2"><Element Name="x"/>'.encode("utf-16-le")
    path.write_bytes(
        struct.pack("<II", 0x70, len(xml) + 5) + b"\x2a" + struct.pack("<I", len(xml) // 2) + xml
    )
    assert detect_format(path) == "lif"
    report = inspect_file(path, tmp_path / "out")
    assert report.status == "unreadable"
    assert report.format == "lif"
    assert report.reason.startswith("malformed LIF"), report.reason


@pytest.mark.parametrize(
    "head,expected",
    [
        (b"ZISRAWFILE" + b"\x00" * 22, "czi"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"II*\x00", "tiff"),
        (b"MM\x00+", "bigtiff"),
        (b"GIF89a", ""),
        (b"", ""),
    ],
)
def test_detection_reads_content_not_names(tmp_path, head, expected):
    path = tmp_path / "picture.png"  # the name is ignored
    path.write_bytes(head)
    assert detect_format(path) == expected
