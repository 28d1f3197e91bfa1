"""OME-Zarr (NGFF 0.4 on zarr v2, 0.5 on zarr v3): a folder, or a zip of one.

Levels are the multiscales datasets; pixels are read through zarr chunk by chunk.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import zarr

from ..detect import file_size, zarr_root_in_dir, zarr_root_in_zip
from ..errors import Unreadable, plain
from ..limits import Limits, check_declared, human_bytes
from ..metadata import channels_with_colors, hex_color, pixel_size, pixel_sizes
from ..source import ImageSource
from ..zipsafe import safe_members

SPACE_UNITS = {"micrometer": "µm", "nanometer": "nm", "millimeter": "mm", "meter": "m"}


class OmeZarrSource(ImageSource):
    format = "ome-zarr"

    def __init__(self, path, limits: Limits):
        super().__init__()
        path = Path(path)
        self.limits = limits
        self._zip = None
        try:
            if path.is_dir():
                root = zarr_root_in_dir(path)
                if root is None:
                    raise Unreadable("folder is not an OME-Zarr image (no multiscales)")
                store = zarr.storage.LocalStore(root, read_only=True)
                group = zarr.open_group(store, mode="r")
            else:
                with zipfile.ZipFile(path) as zf:
                    safe_members(zf, limits)
                    prefix = zarr_root_in_zip(zf)
                if prefix is None:
                    raise Unreadable("zip is not an OME-Zarr image (no multiscales)")
                self._zip = zarr.storage.ZipStore(path, mode="r", read_only=True)
                group = zarr.open_group(self._zip, path=prefix.rstrip("/") or None, mode="r")
            self._open(group, file_size(path))
        except Unreadable:
            self.close()
            raise
        except Exception as exc:
            self.close()
            raise Unreadable(f"malformed OME-Zarr: {plain(exc)}") from exc

    def _open(self, group, file_bytes: int):
        attrs = dict(group.attrs)
        ome = attrs.get("ome") or {}
        multiscales = attrs.get("multiscales") or ome.get("multiscales")
        # Without multiscales this raises, and the caller reports a malformed OME-Zarr.
        ms = multiscales[0]  # type: ignore[index]
        axes = [a if isinstance(a, str) else a.get("name", "") for a in ms.get("axes", [])]
        units = {
            (a.get("name") or "").lower(): a.get("unit")
            for a in ms.get("axes", [])
            if isinstance(a, dict)
        }
        datasets = ms["datasets"]
        self.arrays = [group[d["path"]] for d in datasets]
        ndim = self.arrays[0].ndim
        if not axes:  # NGFF 0.1-0.3: TCZYX implied
            axes = list("tczyx")[-ndim:]
        if len(axes) != ndim:
            raise Unreadable(f"malformed OME-Zarr: {len(axes)} axes for a {ndim}-d array")
        self.axes = [a.lower() for a in axes]
        if "y" not in self.axes or "x" not in self.axes:
            raise Unreadable("malformed OME-Zarr: no y and x axes")
        shape = self.arrays[0].shape
        for name in ("t", "c", "z", "y", "x"):
            self.sizes[name.upper()] = int(shape[self.axes.index(name)]) if name in self.axes else 1
        yi, xi = self.axes.index("y"), self.axes.index("x")
        self.levels = [(int(a.shape[yi]), int(a.shape[xi])) for a in self.arrays]
        self.dtype = np.dtype(self.arrays[0].dtype)
        itemsize = self.dtype.itemsize
        check_declared(
            declared_bytes=int(np.prod(shape, dtype=np.float64)) * itemsize,
            plane_bytes=self.preview_plane_pixels() * itemsize,
            file_bytes=file_bytes,
            limits=self.limits,
        )
        for a in self.arrays:
            chunk_bytes = int(np.prod(a.chunks)) * itemsize
            if chunk_bytes > self.limits.max_chunk_bytes:
                raise Unreadable(
                    f"a single zarr chunk holds {human_bytes(chunk_bytes)} "
                    f"(limit {human_bytes(self.limits.max_chunk_bytes)})"
                )
        scale = _scale(datasets[0], self.axes) or _scale(ms, self.axes) or {}
        sizes = {}
        for name in ("x", "y", "z"):
            if name in scale:
                unit = units.get(name) or "micrometer"
                sizes[name] = pixel_size(scale[name], SPACE_UNITS.get(unit, unit), verified=True)
        omero = attrs.get("omero") or ome.get("omero") or {}
        chans = omero.get("channels") or []
        self.metadata.update(
            {
                "pixel_sizes": pixel_sizes(**sizes),
                "channels": channels_with_colors(
                    [c.get("label") for c in chans],
                    [hex_color(c.get("color")) for c in chans],
                    self.sizes["C"],
                ),
                "series_count": len(multiscales),  # type: ignore[arg-type]  # indexed above
                "axes": "".join(a.upper() for a in self.axes),
                "ngff_version": ms.get("version") or ome.get("version"),
            }
        )

    def read_plane(self, *, level, t, c, z, step):
        index = []
        for name in self.axes:
            if name in ("y", "x"):
                index.append(slice(None, None, step))
            else:
                index.append({"t": t, "c": c, "z": z}.get(name, 0))
        return np.asarray(self.arrays[level][tuple(index)])

    def close(self):
        if self._zip is not None:
            self._zip.close()
            self._zip = None


def _scale(holder: dict, axes: list[str]) -> dict:
    for transform in holder.get("coordinateTransformations") or []:
        if transform.get("type") == "scale" and len(transform.get("scale", [])) == len(axes):
            return dict(zip(axes, transform["scale"], strict=True))
    return {}
