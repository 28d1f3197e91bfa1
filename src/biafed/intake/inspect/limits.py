"""Caps that protect workers from hostile files, checked before any pixel is read."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Unreadable

GB = 1024**3
MB = 1024**2


@dataclass(frozen=True)
class Limits:
    """Configurable caps; the defaults suit a 1 GB decoding sandbox."""

    # Whole image as declared by its metadata (all planes, full resolution).
    max_declared_bytes: int = 4 * 1024 * GB
    # One plane of the level a preview decodes (tiles and strips are streamed).
    max_plane_bytes: int = 16 * GB
    # Declared pixels per byte of file above which a file is called a decompression bomb.
    max_compression_ratio: float = 500.0
    # The ratio rule only applies above this declared size (tiny files compress well).
    ratio_applies_above: int = 256 * MB
    # A single chunk decoded at once (a TIFF strip or tile, a CZI subblock, a zarr chunk).
    max_chunk_bytes: int = 512 * MB
    # Pixels of a PNG or JPEG, decoded whole by Pillow (a 100 M pixel RGB image is 300 MB).
    max_flat_pixels: int = 100_000_000
    # Zip archives.
    zip_max_members: int = 10_000
    zip_max_total_bytes: int = 64 * GB
    zip_max_member_ratio: float = 200.0
    zip_ratio_applies_above: int = 16 * MB


DEFAULT_LIMITS = Limits()


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KB' (binary units, one decimal)."""
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def check_declared(*, declared_bytes: int, plane_bytes: int, file_bytes: int, limits: Limits):
    """Refuse, from metadata alone, an image too large to preview or a decompression bomb."""

    if declared_bytes > limits.max_declared_bytes:
        raise Unreadable(
            f"image too large: it declares {human_bytes(declared_bytes)} of pixels "
            f"(limit {human_bytes(limits.max_declared_bytes)})"
        )
    if plane_bytes > limits.max_plane_bytes:
        raise Unreadable(
            f"image plane too large to preview: {human_bytes(plane_bytes)} "
            f"(limit {human_bytes(limits.max_plane_bytes)})"
        )
    if (
        declared_bytes > limits.ratio_applies_above
        and declared_bytes > limits.max_compression_ratio * max(file_bytes, 1)
    ):
        raise Unreadable(
            f"decompression bomb: declares {human_bytes(declared_bytes)} of pixels "
            f"in a {human_bytes(file_bytes)} file"
        )
