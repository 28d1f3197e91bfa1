"""Zeiss CZI through czifile (BSD-3): subblocks are decoded one at a time.

Only full-resolution subblocks are used (CZI pyramid subblocks are skipped), so a
plane is assembled by decoding each of its subblocks and keeping every ``step``-th
pixel; the shape caps keep that bounded.
"""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET

import czifile
import numpy as np

from ..errors import Unreadable, plain
from ..limits import Limits, check_declared, human_bytes
from ..metadata import (
    channels_with_colors,
    describe_objective,
    hex_color,
    iso_date,
    pixel_size,
    pixel_sizes,
)
from ..source import ImageSource


class CziSource(ImageSource):
    format = "czi"

    def __init__(self, path, limits: Limits):
        super().__init__()
        self.path = str(path)
        self.limits = limits
        try:
            self.czi = czifile.CziFile(self.path)
        except Exception as exc:
            raise Unreadable(f"malformed CZI: {plain(exc)}") from exc
        try:
            self._open(os.path.getsize(self.path))
        except Unreadable:
            self.czi.close()
            raise
        except Exception as exc:
            self.czi.close()
            raise Unreadable(f"malformed CZI: {plain(exc)}") from exc

    def _open(self, file_bytes: int):
        czi = self.czi
        self.axes = czi.axes
        shape = czi.shape
        self.start = czi.start
        self.entries = [
            e for e in czi.filtered_subblock_directory if tuple(e.shape) == tuple(e.stored_shape)
        ]
        if not self.entries:
            raise Unreadable("malformed CZI: no full-resolution subblock")
        for name in ("T", "C", "Z", "Y", "X"):
            self.sizes[name] = int(shape[self.axes.index(name)]) if name in self.axes else 1
        samples = int(shape[self.axes.index("0")]) if "0" in self.axes else 1
        self.rgb = samples >= 3
        self.dtype = np.dtype(czi.dtype)
        self.levels = [(self.sizes["Y"], self.sizes["X"])]
        itemsize = self.dtype.itemsize
        check_declared(
            declared_bytes=int(np.prod(shape, dtype=np.float64)) * itemsize,
            plane_bytes=self.sizes["Y"] * self.sizes["X"] * samples * itemsize,
            file_bytes=file_bytes,
            limits=self.limits,
        )
        biggest = max(int(np.prod(e.stored_shape)) for e in self.entries) * itemsize
        if biggest > self.limits.max_chunk_bytes:
            raise Unreadable(
                f"a single CZI subblock holds {human_bytes(biggest)} "
                f"(limit {human_bytes(self.limits.max_chunk_bytes)})"
            )
        self.metadata.update(parse_czi_xml(czi.metadata(raw=True), self.sizes["C"], self.rgb))
        scenes = shape[self.axes.index("S")] if "S" in self.axes else 1
        self.metadata["series_count"] = int(scenes)
        self.metadata["axes"] = self.axes

    def read_plane(self, *, level, t, c, z, step):
        ax = self.axes
        yi, xi = ax.index("Y"), ax.index("X")
        height, width = self.sizes["Y"], self.sizes["X"]
        out_shape = (math.ceil(height / step), math.ceil(width / step))
        out = np.zeros(out_shape + ((3,) if self.rgb else ()), self.dtype)
        wanted = {"T": t, "C": c, "Z": z}
        for entry in self.entries:
            rel = [s - s0 for s, s0 in zip(entry.start, self.start, strict=False)]
            if any(
                rel[i] != wanted.get(name, 0)
                for i, name in enumerate(ax)
                if name not in ("Y", "X", "0")
            ):
                continue
            tile = entry.data_segment().data(resize=False)
            tile = tile.reshape(tile.shape[yi], tile.shape[xi], -1)
            y0, x0 = rel[yi], rel[xi]
            # First tile row/column that falls on the output grid.
            ry, rx = (-y0) % step, (-x0) % step
            part = tile[ry::step, rx::step]
            oy, ox = (y0 + ry) // step, (x0 + rx) // step
            part = part[: out_shape[0] - oy, : out_shape[1] - ox]
            if self.rgb:
                out[oy : oy + part.shape[0], ox : ox + part.shape[1]] = part[..., 2::-1]  # BGR
            else:
                out[oy : oy + part.shape[0], ox : ox + part.shape[1]] = part[..., 0]
        return out

    def close(self):
        self.czi.close()


def _find(root, path):
    el = root.find(path)
    return el.text.strip() if el is not None and el.text else None


def parse_czi_xml(xml: str, channels: int, rgb: bool) -> dict:
    """Pixel sizes, channels, instrument, objective and date from CZI metadata."""
    out: dict = {"pixel_sizes": {}}
    try:
        root = ET.fromstring(xml.encode("utf-8"))
    except ET.ParseError:
        return out
    sizes = {}
    for item in root.iterfind(".//Scaling/Items/Distance"):
        axis = (item.get("Id") or "").lower()
        value = _find(item, "Value")
        if axis in ("x", "y", "z") and value:
            # CZI stores metres; show micrometres.
            sizes[axis] = pixel_size(float(value) * 1e6, "µm", verified=True)
    out["pixel_sizes"] = pixel_sizes(**sizes)
    chans = root.findall(".//Information/Image/Dimensions/Channels/Channel")
    names = [c.get("Name") or _find(c, "Fluor") for c in chans]
    colors = [hex_color(_find(c, "Color")) for c in chans]
    if not any(colors):
        colors = [
            hex_color(_find(c, "Color")) for c in root.findall(".//DisplaySetting/Channels/Channel")
        ]
    out["channels"] = (
        [{"name": "RGB", "color": "#ffffff"}]
        if rgb
        else channels_with_colors(names, colors, channels)
    )
    micro = root.find(".//Information/Instrument/Microscopes/Microscope")
    if micro is not None:
        out["instrument"] = micro.get("Name") or _find(micro, "System")
    objective = root.find(".//Information/Instrument/Objectives/Objective")
    if objective is not None:
        out["objective"] = describe_objective(
            model=objective.get("Name") or _find(objective, "Manufacturer/Model"),
            magnification=_find(objective, "NominalMagnification"),
            na=_find(objective, "LensNA"),
            immersion=_find(objective, "Immersion"),
        )
    date = _find(root, ".//Information/Image/AcquisitionDateAndTime")
    if date:
        out["acquired_at"] = iso_date(date[:19])
    return out
