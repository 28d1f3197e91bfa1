"""Nikon ND2 and Leica LIF through bioio with its permissive plugins (bioio-nd2 on nd2,
bioio-lif on liffile; both BSD), and CZI through bioio-czi (GPL-3) only when the optional
extra "gpl-readers" is installed. Planes are read lazily through dask, one at a time."""

from __future__ import annotations

import importlib
import importlib.util
import os

import numpy as np

from ..errors import Unreadable, plain
from ..limits import Limits, check_declared
from ..metadata import channels_with_colors, describe_objective, iso_date, pixel_size, pixel_sizes
from ..source import ImageSource

PLUGINS = {"nd2": "bioio_nd2", "lif": "bioio_lif", "czi": "bioio_czi"}
NAMES = {"nd2": "ND2", "lif": "LIF", "czi": "CZI"}


def gpl_czi_reader_installed() -> bool:
    return importlib.util.find_spec("bioio_czi") is not None


class BioioSource(ImageSource):
    def __init__(self, path, fmt: str, limits: Limits):
        super().__init__()
        self.format = fmt
        try:
            plugin = importlib.import_module(PLUGINS[fmt])
            from bioio import BioImage  # noqa: PLC0415 — optional plugin: refused with a clear message when missing
        except ImportError as exc:
            raise Unreadable(
                f"no {NAMES[fmt]} reader installed on this server ({exc.name})"
            ) from exc
        try:
            self.image = BioImage(str(path), reader=plugin.Reader)
            self._open(limits, os.path.getsize(path))
        except Unreadable:
            raise
        except Exception as exc:
            raise Unreadable(f"malformed {NAMES[fmt]}: {plain(exc)}") from exc

    def _open(self, limits: Limits, file_bytes: int):
        img = self.image
        dims = img.dims
        order = dims.order
        sizes = {name: int(getattr(dims, name)) if name in order else 1 for name in "TCZYX"}
        self.sizes.update(sizes)
        samples = int(dims.S) if "S" in order else 1
        self.rgb = samples >= 3
        self.dtype = np.dtype(img.dtype)
        self.levels = [(sizes["Y"], sizes["X"])]
        declared = int(np.prod(img.shape, dtype=np.float64)) * self.dtype.itemsize
        check_declared(
            declared_bytes=declared,
            plane_bytes=sizes["Y"] * sizes["X"] * samples * self.dtype.itemsize,
            file_bytes=file_bytes,
            limits=limits,
        )
        px = img.physical_pixel_sizes
        self.metadata["pixel_sizes"] = pixel_sizes(
            pixel_size(px.X, "µm", verified=True),
            pixel_size(px.Y, "µm", verified=True),
            pixel_size(px.Z, "µm", verified=True),
        )
        if self.rgb:
            self.metadata["channels"] = [{"name": "RGB", "color": "#ffffff"}]
        else:
            self.metadata["channels"] = channels_with_colors(img.channel_names, [], sizes["C"])
        self.metadata["series_count"] = len(img.scenes)
        self.metadata["axes"] = order
        try:
            std = img.standard_metadata
        except Exception:
            std = None
        if std is not None:
            objective = getattr(std, "objective", None)
            if objective:
                self.metadata["objective"] = describe_objective(model=objective)
            date = getattr(std, "imaging_datetime", None)
            if date:
                self.metadata["acquired_at"] = iso_date(date)
            scope = getattr(std, "imaging_system", None) or getattr(std, "microscope", None)
            if scope:
                self.metadata["instrument"] = str(scope)

    def read_plane(self, *, level, t, c, z, step):
        order = self.image.dims.order
        selection = {k: v for k, v in (("T", t), ("C", c), ("Z", z)) if k in order}
        if self.rgb:
            lazy = self.image.get_image_dask_data("YXS", **selection)
            return np.asarray(lazy[::step, ::step, :3].compute())
        lazy = self.image.get_image_dask_data("YX", **selection)
        return np.asarray(lazy[::step, ::step].compute())

    def close(self):
        close = getattr(self.image, "close", None)
        if close:
            try:
                close()
            except Exception:
                pass
