"""Format detection by content (magic bytes and headers), never by file name."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

TIFF_MAGICS = (b"II*\x00", b"MM\x00*")
BIGTIFF_MAGICS = (b"II+\x00", b"MM\x00+")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
CZI_MAGIC = b"ZISRAWFILE"
ND2_MAGIC = b"\xda\xce\xbe\x0a"
LIF_MAGIC = b"\x70\x00\x00\x00"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")

ZARR_ATTR_FILES = ("zarr.json", ".zattrs")


def detect_format(path) -> str:
    """Name the format of ``path`` from its content; "" when unknown or unreadable."""
    path = Path(path)
    try:
        if path.is_dir():
            return "ome-zarr" if zarr_root_in_dir(path) is not None else ""
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return ""
    if head.startswith(TIFF_MAGICS) or head.startswith(BIGTIFF_MAGICS):
        return tiff_flavour(path, bigtiff=head.startswith(BIGTIFF_MAGICS))
    if head.startswith(PNG_MAGIC):
        return "png"
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head.startswith(CZI_MAGIC):
        return "czi"
    if head.startswith(ND2_MAGIC):
        return "nd2"
    if head.startswith(LIF_MAGIC) and len(head) > 8 and head[8] == 0x2A:
        return "lif"
    if head.startswith(ZIP_MAGICS):
        try:
            with zipfile.ZipFile(path) as zf:
                return "ome-zarr" if zarr_root_in_zip(zf) is not None else "zip"
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
    return ""


def tiff_flavour(path: Path, *, bigtiff: bool) -> str:
    """ome-tiff, imagej-tiff or svs from the descriptions; else bigtiff or tiff."""
    import tifffile  # noqa: PLC0415 — tifffile loads only for TIFF files

    try:
        with tifffile.TiffFile(path) as tif:
            if tif.is_ome:
                return "ome-tiff"
            if tif.is_svs:
                return "svs"
            if tif.is_imagej:
                return "imagej-tiff"
    except Exception:  # a malformed TIFF is still a TIFF; the reader says why it fails
        pass
    return "bigtiff" if bigtiff else "tiff"


def _has_multiscales(attrs: dict) -> bool:
    return bool(attrs.get("multiscales") or (attrs.get("ome") or {}).get("multiscales"))


def _attributes(raw: bytes, name: str) -> dict:
    data = json.loads(raw.decode("utf-8"))
    if name == "zarr.json":
        return data.get("attributes") or {}
    return data


def zarr_root_in_dir(path: Path) -> Path | None:
    """The OME-Zarr root (with multiscales) at ``path`` or in its only sub-folder."""
    candidates = [path]
    subdirs = [p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if len(subdirs) == 1:
        candidates.append(subdirs[0])
    for root in candidates:
        for name in ZARR_ATTR_FILES:
            f = root / name
            if f.is_file() and not f.is_symlink():
                try:
                    if _has_multiscales(_attributes(f.read_bytes()[: 16 * 1024 * 1024], name)):
                        return root
                except (ValueError, OSError):
                    continue
    return None


def zarr_root_in_zip(zf: zipfile.ZipFile) -> str | None:
    """The prefix ("" or "folder/") of an OME-Zarr root inside a zip, or None."""
    for info in zf.infolist():
        parts = info.filename.split("/")
        if parts[-1] not in ZARR_ATTR_FILES or len(parts) > 2 or info.file_size > 16 * 1024 * 1024:
            continue
        try:
            if _has_multiscales(_attributes(zf.read(info), parts[-1])):
                return (parts[0] + "/") if len(parts) == 2 else ""
        except (ValueError, OSError, zipfile.BadZipFile):
            continue
    return None


def file_size(path) -> int:
    path = Path(path)
    if path.is_dir():
        return sum(
            os.path.getsize(os.path.join(d, f))
            for d, _, files in os.walk(path)
            for f in files
            if not os.path.islink(os.path.join(d, f))
        )
    return path.stat().st_size
