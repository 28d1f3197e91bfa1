"""TIFF family through tifffile: OME-TIFF, ImageJ, BigTIFF, SVS, plain TIFF.

Pyramid levels come from the series (SubIFDs or OME/SVS levels). Pixels are read
through tifffile's zarr store chunk by chunk, or, for uncompressed contiguous data,
one kept row at a time (pread): never a whole plane of a big image.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import tifffile

from ..errors import Unreadable, plain
from ..limits import Limits, check_declared, human_bytes
from ..metadata import (
    channels_with_colors,
    describe_objective,
    iso_date,
    parse_ome_xml,
    pixel_size,
    pixel_sizes,
)
from ..source import ImageSource

# Whole-slide associated images that can carry patient or sample identifiers.
ASSOCIATED = {"label", "macro"}
# Small overview images of whole slides: not an image of their own.
OVERVIEW = {"thumbnail"}
UNKNOWN_AXES_ORDER = ("Z", "T", "C")
# Planes up to this size are decoded whole from their page (no zarr machinery).
SMALL_PLANE_BYTES = 64 * 1024 * 1024


class TiffSource(ImageSource):
    def __init__(self, path, fmt: str, limits: Limits):
        super().__init__()
        self.path = str(path)
        self.format = fmt
        self.file_bytes = os.path.getsize(self.path)
        try:
            self.tif = tifffile.TiffFile(self.path)
        except Exception as exc:
            raise Unreadable(f"malformed TIFF: {plain(exc)}") from exc
        try:
            self._open(limits)
        except Exception:
            self.tif.close()
            raise

    def _open(self, limits: Limits):
        tif = self.tif
        try:
            all_series = list(tif.series)
        except Exception as exc:
            raise Unreadable(f"malformed TIFF: {plain(exc)}") from exc
        hidden = ASSOCIATED | OVERVIEW if self.format == "svs" else ASSOCIATED
        skipped = sorted({a for s in all_series for a in hidden & associated(s)} & ASSOCIATED)
        images = [s for s in all_series if not hidden & associated(s)]
        if not images:
            raise Unreadable("malformed TIFF: no readable image directory")
        self.series = images[0]
        self.metadata["series_count"] = len(images)
        self.metadata["associated_images_skipped"] = skipped
        self._map_axes()
        self.levels = [
            (lev.shape[self.ax["Y"]], lev.shape[self.ax["X"]]) for lev in self.series.levels
        ]
        itemsize = np.dtype(self.series.dtype).itemsize
        self.dtype = np.dtype(self.series.dtype)
        declared = int(np.prod(self.series.shape, dtype=np.float64)) * itemsize
        samples = 3 if self.rgb else 1
        check_declared(
            declared_bytes=declared,
            plane_bytes=self.preview_plane_pixels() * itemsize * samples,
            file_bytes=self.file_bytes,
            limits=limits,
        )
        self.limits = limits
        self._check_offsets()
        self._arrays: dict[int, Any] = {}  # pyramid level -> zarr array, opened once
        self.metadata.update(self._read_metadata())

    # -- axes ------------------------------------------------------------------------

    def _map_axes(self):
        axes = self.series.axes
        shape = self.series.shape
        ax: dict[str, int] = {}
        fixed: list[int] = []
        guessed = False
        for i, a in enumerate(axes):
            if a in "TCZYX" and a not in ax:
                ax[a] = i
            elif a == "S":
                ax["S"] = i
            else:
                fixed.append(i)
        if "Y" not in ax or "X" not in ax:
            raise Unreadable(f"unsupported TIFF layout (axes {axes})")
        for i in list(fixed):
            if shape[i] == 1:
                continue
            for name in UNKNOWN_AXES_ORDER:
                if name not in ax:
                    ax[name] = i
                    fixed.remove(i)
                    guessed = True
                    break
        self.rgb = False
        if "S" in ax:
            s = shape[ax["S"]]
            if s in (3, 4) and (self.series.dtype == np.uint8 or "C" in ax):
                self.rgb = True
            elif "C" not in ax:
                ax["C"] = ax.pop("S")
        self.ax = ax
        self.fixed = fixed
        for name in ("T", "C", "Z", "Y", "X"):
            self.sizes[name] = int(shape[ax[name]]) if name in ax else 1
        if self.rgb:
            self.sizes["C"] = 1
        self.metadata["axes"] = axes
        if guessed:
            self.metadata["axes_guessed"] = True

    def _index(self, *, t, c, z, step):
        idx = []
        for i in range(len(self.series.axes)):
            if i == self.ax.get("Y") or i == self.ax.get("X"):
                idx.append(slice(None, None, step))
            elif i == self.ax.get("S"):
                idx.append(slice(0, 3) if self.rgb else 0)
            elif i == self.ax.get("T"):
                idx.append(t)
            elif i == self.ax.get("C"):
                idx.append(c)
            elif i == self.ax.get("Z"):
                idx.append(z)
            else:
                idx.append(0)
        return tuple(idx)

    # -- safety ------------------------------------------------------------------------

    def _check_offsets(self):
        """Refuse strips or tiles that point past the end of the file (a truncated file)."""
        for li, level in enumerate(self.series.levels):
            pages = level.pages
            chosen = pages if li == len(self.series.levels) - 1 else [pages[0], pages[-1]]
            for page in chosen:
                if page is None:
                    continue
                offsets = np.asarray(page.dataoffsets, dtype=np.int64)
                counts = np.asarray(page.databytecounts, dtype=np.int64)
                if offsets.size == 0:
                    continue
                ends = offsets + counts
                bad = np.nonzero(ends > self.file_bytes)[0]
                if bad.size:
                    kind = "tile" if page.is_tiled else "strip"
                    raise Unreadable(
                        f"truncated TIFF: {kind} {int(bad[0])} ends past end of file "
                        f"({human_bytes(int(ends[bad[0]]))} > {human_bytes(self.file_bytes)})"
                    )
            if level.dataoffset is not None:
                end = level.dataoffset + level.size * np.dtype(level.dtype).itemsize
                if end > self.file_bytes:
                    raise Unreadable(
                        f"truncated TIFF: image data ends past end of file "
                        f"({human_bytes(end)} > {human_bytes(self.file_bytes)})"
                    )

    # -- pixels ------------------------------------------------------------------------

    def read_plane(self, *, level, t, c, z, step):
        lev = self.series.levels[level]
        idx = self._index(t=t, c=c, z=z, step=step)
        keyframe = lev.keyframe
        if lev.dataoffset is not None and keyframe.compression == 1 and self._rows_contiguous():
            # Uncompressed and contiguous: read only the rows kept, one at a time.
            return self._read_rows(lev, t=t, c=c, z=z, step=step)
        small = self._small_plane(lev, t=t, c=c, z=z)
        if small is not None:
            plane = small.asarray()
            if plane.ndim == 3:  # YXS: colour, or samples used as channels
                plane = plane[..., :3] if self.rgb else plane[..., c]
            return np.ascontiguousarray(plane[::step, ::step])
        arr = self._arrays.get(level)
        if arr is None:
            import zarr  # noqa: PLC0415 — zarr loads only for pyramid levels

            store = self.series.aszarr(level=level)
            arr = zarr.open_array(store, mode="r")
            chunk_bytes = int(np.prod(arr.chunks)) * arr.dtype.itemsize
            if chunk_bytes > self.limits.max_chunk_bytes:
                raise Unreadable(
                    f"a single TIFF strip or tile holds {human_bytes(chunk_bytes)} "
                    f"(limit {human_bytes(self.limits.max_chunk_bytes)})"
                )
            self._arrays[level] = arr
        return np.asarray(arr[idx])

    def _rows_contiguous(self) -> bool:
        axes = self.series.axes
        return axes.index("X") == axes.index("Y") + 1 and axes.index("Y") >= len(axes) - 3

    def _read_rows(self, lev, *, t, c, z, step):
        """Every ``step``-th row of plane (t, c, z), each read with one pread."""
        axes = self.series.axes
        shape = lev.shape
        dtype = np.dtype(self.tif.byteorder + lev.dtype.char)
        strides = np.ones(len(shape), np.int64)
        for i in range(len(shape) - 2, -1, -1):
            strides[i] = strides[i + 1] * shape[i + 1]
        strides *= dtype.itemsize
        interleaved = axes[-1] == "S"
        samples_per_row = shape[-1] if interleaved else 1
        width = shape[self.ax["X"]]
        row_bytes = width * samples_per_row * dtype.itemsize
        wanted = {self.ax.get("T"): t, self.ax.get("C"): c, self.ax.get("Z"): z}
        planar_rgb = self.rgb and not interleaved
        rows = []
        fd = os.open(self.path, os.O_RDONLY)
        try:
            for y in range(0, shape[self.ax["Y"]], step):
                parts = []
                for sample in range(3) if planar_rgb else (None,):
                    offset = lev.dataoffset
                    for i, a in enumerate(axes):
                        if i == self.ax["Y"]:
                            k = y
                        elif i == self.ax["X"] or (a == "S" and interleaved):
                            k = 0
                        elif a == "S" and planar_rgb:
                            k = sample
                        else:
                            k = wanted.get(i, 0)
                        offset += k * int(strides[i])
                    buf = os.pread(fd, row_bytes, offset)
                    if len(buf) != row_bytes:
                        raise Unreadable("truncated TIFF: image data ends past end of file")
                    row = np.frombuffer(buf, dtype)
                    if interleaved:
                        row = row.reshape(width, samples_per_row)[::step]
                        row = row[:, :3] if self.rgb else row[:, c]
                    else:
                        row = row[::step]
                    parts.append(row)
                rows.append(np.stack(parts, axis=-1) if planar_rgb else parts[0])
        finally:
            os.close(fd)
        return np.stack(rows).astype(dtype.newbyteorder("="), copy=False)

    def _small_plane(self, lev, *, t, c, z):
        """The page holding plane (t, c, z) when it is small enough to decode whole."""
        key = lev.keyframe
        if key.axes not in ("YX", "YXS") or key.nbytes > SMALL_PLANE_BYTES:
            return None
        wanted = {self.ax.get("T"): t, self.ax.get("C"): c, self.ax.get("Z"): z}
        outer = [i for i, a in enumerate(self.series.axes) if a not in "YXS"]
        shape = [lev.shape[i] for i in outer]
        index = [wanted.get(i, 0) for i in outer]
        pages = lev.pages
        if len(pages) != (int(np.prod(shape)) if shape else 1):
            return None
        return pages[int(np.ravel_multi_index(index, shape)) if shape else 0]

    def close(self):
        self._arrays = {}
        self.tif.close()

    # -- metadata ------------------------------------------------------------------------

    def _read_metadata(self) -> dict:
        tif = self.tif
        page = self.series.keyframe
        md: dict = {}
        if tif.is_ome and tif.ome_metadata:
            ome = parse_ome_xml(tif.ome_metadata, image_index=self._series_index())
            md["pixel_sizes"] = ome.get("pixel_sizes") or {}
            names, colors = ome.get("channel_names"), ome.get("channel_colors")
            for key in ("instrument", "objective", "acquired_at"):
                if ome.get(key):
                    md[key] = ome[key]
        elif tif.is_imagej and tif.imagej_metadata is not None:
            md["pixel_sizes"], names, colors = self._imagej(tif.imagej_metadata, page)
        elif tif.is_svs:
            md.update(self._svs(page))
            names, colors = [], []
        else:
            md["pixel_sizes"] = resolution_sizes(page)
            names, colors = [], []
            dt = page.tags.get("DateTime")
            if dt is not None:
                md["acquired_at"] = iso_date(dt.value)
            model = " ".join(
                str(page.tags[k].value) for k in ("Make", "Model") if k in page.tags
            ).strip()
            if model:
                md["instrument"] = model
        if self.rgb:
            md["channels"] = [{"name": "RGB", "color": "#ffffff"}]
        else:
            md["channels"] = channels_with_colors(names, colors, self.sizes["C"])
        return md

    def _series_index(self) -> int:
        for i, s in enumerate(self.tif.series):
            if s is self.series:
                return i
        return 0

    def _imagej(self, ij: dict, page):
        unit = ij.get("unit") or ""
        if isinstance(unit, bytes):
            unit = unit.decode("latin-1")
        unit = unit.replace("\\u00B5", "µ")
        sizes = {}
        if unit and unit.lower() not in ("pixel", "pixels", ""):
            x = _resolution(page, "XResolution")
            y = _resolution(page, "YResolution")
            sizes = pixel_sizes(
                pixel_size(1 / x, unit, verified=True) if x else None,
                pixel_size(1 / y, unit, verified=True) if y else None,
                pixel_size(ij.get("spacing"), unit, verified=True),
            )
        names = ij.get("Labels") or []
        if isinstance(names, str):
            names = [names]
        names = list(names)[: self.sizes["C"]] if len(names) >= self.sizes["C"] else []
        colors = []
        for lut in ij.get("LUTs") or []:
            lut = np.asarray(lut)
            if lut.ndim == 2 and lut.shape[0] == 3:
                colors.append("#{:02x}{:02x}{:02x}".format(*(int(v) for v in lut[:, -1])))
        return sizes, names, colors

    def _svs(self, page) -> dict:
        out: dict = {}
        svs = svs_fields(page.description)
        mpp = svs.get("MPP")
        out["pixel_sizes"] = pixel_sizes(
            pixel_size(mpp, "µm", verified=True), pixel_size(mpp, "µm", verified=True)
        )
        if svs.get("AppMag"):
            out["objective"] = describe_objective(magnification=svs.get("AppMag"))
        scanner = svs.get("ScanScope ID") or svs.get("ScannerType")
        if scanner:
            out["instrument"] = f"Aperio ScanScope {scanner}"
        if svs.get("Date"):
            out["acquired_at"] = iso_date(f"{svs.get('Date')} {svs.get('Time', '00:00:00')}")
        return out


def associated(series) -> set[str]:
    """The whole-slide roles ("label", "macro", "thumbnail") a series' name claims."""
    name = (series.name or "").lower()
    return {role for role in ASSOCIATED | OVERVIEW if role in name}


def svs_fields(description: str) -> dict:
    """The "key = value" fields of an Aperio description."""
    fields = {}
    for part in (description or "").split("|")[1:]:
        key, sep, value = part.partition("=")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def _resolution(page, name):
    tag = page.tags.get(name)
    if tag is None:
        return None
    value = tag.value
    try:
        num, den = value if isinstance(value, tuple) else (value, 1)
        res = float(num) / float(den)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return res if res > 0 else None


RESOLUTION_UNITS = {2: ("inch", 25400.0), 3: ("cm", 10000.0)}


def resolution_sizes(page) -> dict:
    """Pixel sizes from plain resolution tags, in µm, marked unverified."""
    unit_tag = page.tags.get("ResolutionUnit")
    unit = int(unit_tag.value) if unit_tag is not None else 2
    if unit not in RESOLUTION_UNITS:
        return {}
    per_unit_um = RESOLUTION_UNITS[unit][1]
    x, y = _resolution(page, "XResolution"), _resolution(page, "YResolution")
    if not x or not y or (x == 1 and y == 1) or (unit == 2 and x in (72, 96, 300)):
        return {}  # screen or print defaults, not a calibration
    return pixel_sizes(
        pixel_size(per_unit_um / x, "µm", verified=False),
        pixel_size(per_unit_um / y, "µm", verified=False),
    )
