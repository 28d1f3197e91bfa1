"""inspect_file and render_plane: open a file by content, build its report and previews."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from . import preview
from .detect import detect_format, file_size
from .errors import Unreadable, plain
from .limits import DEFAULT_LIMITS, Limits
from .report import OK, Report
from .source import ImageSource

TIFF_FORMATS = {"ome-tiff", "imagej-tiff", "bigtiff", "tiff", "svs"}


def open_source(path, fmt: str, *, limits: Limits = DEFAULT_LIMITS) -> ImageSource:
    """The reader for ``fmt`` opened on ``path`` (raises Unreadable)."""
    if fmt in TIFF_FORMATS:
        from .readers.tiff import TiffSource  # noqa: PLC0415 — readers load only for the format at hand

        return TiffSource(path, fmt, limits)
    if fmt in ("png", "jpeg"):
        from .readers.flat import FlatSource  # noqa: PLC0415 — readers load only for the format at hand

        return FlatSource(path, fmt, limits)
    if fmt == "ome-zarr":
        from .readers.omezarr import OmeZarrSource  # noqa: PLC0415 — readers load only for the format at hand

        return OmeZarrSource(path, limits)
    if fmt == "czi":
        from .readers.bioio_reader import BioioSource, gpl_czi_reader_installed  # noqa: PLC0415 — readers load only for the format at hand
        from .readers.czi import CziSource  # noqa: PLC0415 — readers load only for the format at hand

        try:
            return CziSource(path, limits)
        except Unreadable:
            # The optional extra "gpl-readers" (bioio-czi, GPL-3) may read what czifile cannot.
            if not gpl_czi_reader_installed():
                raise
            return BioioSource(path, fmt, limits)
    if fmt in ("nd2", "lif"):
        from .readers.bioio_reader import BioioSource  # noqa: PLC0415 — readers load only for the format at hand

        return BioioSource(path, fmt, limits)
    raise Unreadable("not an image format biafed reads")


def base_metadata(source: ImageSource, path) -> dict:
    """The keys every report has, completed from the reader's own metadata."""
    sizes = dict(source.sizes)
    if source.rgb:
        sizes["C"] = 3
    md: dict[str, Any] = {
        "dims": sizes,
        "dtype": str(np.dtype(source.dtype)),
        "pixel_sizes": {},
        "channels": [],
        "instrument": None,
        "objective": None,
        "acquired_at": None,
        "file_size": file_size(path),
        "pyramid_levels": len(source.levels),
        "series_count": 1,
        "associated_images_skipped": [],
    }
    md.update({k: v for k, v in source.metadata.items() if v is not None})
    md["rgb"] = bool(source.rgb)
    md["level_shapes"] = [list(level) for level in source.levels]
    return md


def inspect_file(
    path,
    out_dir,
    *,
    thumb_size: int = 256,
    composite_size: int = 1024,
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """Detect, validate and describe ``path``; write previews into ``out_dir``.

    In-process: use ``inspect_sandboxed`` for files from the outside world.
    Never raises for a bad file: it becomes Report(status="unreadable").
    """
    path = Path(path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fmt = detect_format(path)
    if not fmt:
        if not path.exists():
            return Report.unreadable("file not found")
        return Report.unreadable("not an image format biafed reads (unknown content)")
    if fmt == "zip":
        from .zipsafe import inspect_zip  # noqa: PLC0415 — zipsafe imports this module

        return inspect_zip(
            path, out_dir, thumb_size=thumb_size, composite_size=composite_size, limits=limits
        )
    try:
        source = open_source(path, fmt, limits=limits)
    except Unreadable as exc:
        return Report.unreadable(str(exc), format=fmt)
    except MemoryError:
        return Report.unreadable("ran out of memory while reading the metadata", format=fmt)
    except Exception as exc:  # any reader bug on a hostile file: the file is unreadable
        return Report.unreadable(f"could not read the {fmt} file: {plain(exc)}", format=fmt)
    with source:
        try:
            metadata = base_metadata(source, path)
            previews = write_previews(
                source, out_dir, thumb_size=thumb_size, composite_size=composite_size
            )
        except Unreadable as exc:
            return Report.unreadable(str(exc), format=fmt)
        except MemoryError:
            return Report.unreadable("ran out of memory while decoding pixels", format=fmt)
        except Exception as exc:
            return Report.unreadable(f"could not decode the pixels: {plain(exc)}", format=fmt)
    metadata["preview_reads"] = [list(r) for r in source.reads]
    return Report(status=OK, format=fmt, metadata=metadata, previews=previews)


def write_previews(source: ImageSource, out_dir: Path, *, thumb_size: int, composite_size: int):
    """thumbnail.png and composite.png; one pass over the pixels when there is no pyramid."""
    thumb_path = out_dir / "thumbnail.png"
    comp_path = out_dir / "composite.png"
    if len(source.levels) > 1:
        preview.composite(source, comp_path, size=composite_size)
        preview.thumbnail(source, thumb_path, size=thumb_size)
    else:
        z = source.sizes["Z"] // 2
        full = max(source.levels[0])
        target = min(composite_size, full)
        rgb = preview.render(source, target=target, z=z, t=0)
        preview.save_png(preview.fit(rgb, target, upscale=False), comp_path)
        preview.save_png(preview.fit(rgb, thumb_size, upscale=True), thumb_path)
    return {"thumbnail": thumb_path.name, "composite": comp_path.name}


def render_plane_in_process(
    path,
    out_png,
    *,
    z: int = 0,
    t: int = 0,
    channel: int | None = None,
    max_size: int = 512,
    limits: Limits = DEFAULT_LIMITS,
) -> dict:
    """Write one downsampled plane (a channel, or the composite when None) as PNG."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt in ("", "zip"):
        raise Unreadable("not an image biafed can show")
    with open_source(path, fmt, limits=limits) as source:
        sizes = source.sizes
        z = min(max(int(z), 0), sizes["Z"] - 1)
        t = min(max(int(t), 0), sizes["T"] - 1)
        full = max(source.levels[0])
        target = min(max_size, full)
        if source.rgb:
            rgb = preview.render(source, target=target, z=z, t=t)
            if channel is not None:
                channel = min(max(int(channel), 0), 2)
                rgb = np.repeat(rgb[..., channel : channel + 1], 3, axis=-1)
        elif channel is None:
            rgb = preview.render(source, target=target, z=z, t=t)
        else:
            channel = min(max(int(channel), 0), sizes["C"] - 1)
            rgb = preview.render(
                source, target=target, z=z, t=t, channels=[channel], colors=["#ffffff"]
            )
        img = preview.fit(rgb, target, upscale=False)
        out_png = Path(out_png)
        out_png.parent.mkdir(parents=True, exist_ok=True)
        tmp = tempfile.NamedTemporaryFile(dir=out_png.parent, suffix=".png", delete=False)
        tmp.close()
        preview.save_png(img, tmp.name)
        os.replace(tmp.name, out_png)
        dims = dict(sizes)
        if source.rgb:
            dims["C"] = 3
        return {
            "z": z,
            "t": t,
            "channel": channel,
            "width": img.size[0],
            "height": img.size[1],
            "dims": dims,
        }
