"""The common shape every reader gives an image: sizes, levels and downsampled planes."""

from __future__ import annotations

import math

import numpy as np

DIMS = ("T", "C", "Z", "Y", "X")


class ImageSource:
    """An opened image. Readers fill the attributes and implement ``read_plane``.

    ``sizes``: {"T","C","Z","Y","X"} at full resolution; ``rgb``: planes are colour
    (Y, X, 3) and C is 1; ``levels``: (Y, X) per resolution level, full first;
    ``metadata``: the reader's part of the report metadata.
    """

    format: str = ""
    sizes: dict
    dtype: np.dtype
    rgb: bool = False
    levels: list
    metadata: dict
    # Planes decoded so far, as (level, step): tests check pyramids use a small level.
    reads: list

    def __init__(self):
        self.sizes = dict.fromkeys(DIMS, 1)
        self.levels = []
        self.metadata = {}
        self.reads = []

    def read_plane(self, *, level: int, t: int, c: int, z: int, step: int) -> np.ndarray:
        """The plane at (t, c, z) of ``level``, keeping every ``step``-th row and column.

        Returns (Y', X') or, for colour images, (Y', X', 3). Never decodes more
        than one chunk (strip, tile, subblock) at a time beyond the result.
        """
        raise NotImplementedError

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- helpers shared by the preview code -------------------------------------------

    def level_for(self, target: int) -> int:
        """The smallest level whose longest side is at least ``target`` (else the largest)."""
        best = 0
        for i, (y, x) in enumerate(self.levels):
            if max(y, x) >= target:
                best = i
        return best

    def preview_plane_pixels(self, target: int = 1024) -> int:
        """Pixels of one plane of the level the largest preview reads (checked before reading)."""
        y, x = self.levels[self.level_for(target)]
        return int(y) * int(x)

    def plane_for(self, *, target: int, t: int, c: int, z: int) -> np.ndarray:
        """A plane whose longest side is about ``target`` (at least when the image allows)."""
        level = self.level_for(target)
        y, x = self.levels[level]
        step = max(1, math.floor(max(y, x) / target)) if max(y, x) > target else 1
        self.reads.append((level, step))
        return self.read_plane(level=level, t=t, c=c, z=z, step=step)
