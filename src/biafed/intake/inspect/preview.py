"""Previews: per-channel percentile stretch in the channel's colour, composited to RGB."""

from __future__ import annotations

import numpy as np
from PIL import Image

from .source import ImageSource

LOW_PERCENTILE = 0.1
HIGH_PERCENTILE = 99.9


def stretch(plane: np.ndarray) -> np.ndarray:
    """Map the 0.1-99.9 percentile range of a plane to 0..1 (a new float32 array)."""
    plane = np.asarray(plane)
    if plane.dtype == bool:
        plane = plane.astype(np.uint8)
    if np.iscomplexobj(plane):
        plane = np.abs(plane)
    out = plane.astype(np.float32)  # a copy: worked on in place below
    finite = np.isfinite(out)
    if not finite.all():
        if not finite.any():
            return np.zeros(out.shape, np.float32)
        lo, hi = np.percentile(out[finite], [LOW_PERCENTILE, HIGH_PERCENTILE])
        out[~finite] = lo
    else:
        lo, hi = np.percentile(out, [LOW_PERCENTILE, HIGH_PERCENTILE])
    lo, hi = float(lo), float(hi)
    if hi <= lo:
        hi = lo + 1.0
    out -= lo
    out *= 1.0 / (hi - lo)
    np.clip(out, 0.0, 1.0, out=out)
    return out


def hex_rgb(color: str) -> np.ndarray:
    s = (color or "#ffffff").lstrip("#")
    try:
        return np.array([int(s[i : i + 2], 16) for i in (0, 2, 4)], np.float32) / 255.0
    except ValueError:
        return np.ones(3, np.float32)


def colour_rgb(plane: np.ndarray) -> np.ndarray:
    """A colour plane (Y, X, 3 or 4) to uint8 RGB; 8-bit colour is shown as is."""
    rgb = np.asarray(plane)[..., :3]
    if rgb.dtype == np.uint8:
        return rgb
    out = np.stack([stretch(rgb[..., i]) for i in range(3)], axis=-1)
    return (out * 255 + 0.5).astype(np.uint8)


def render(
    source: ImageSource,
    *,
    target: int,
    z: int,
    t: int,
    channels: list[int] | None = None,
    colors: list[str] | None = None,
) -> np.ndarray:
    """An RGB uint8 array of plane (z, t) about ``target`` px on its longest side.

    Each channel is read from the smallest level big enough, stretched to its own
    percentiles and added in its colour.
    """
    if source.rgb:
        return colour_rgb(source.plane_for(target=target, t=t, c=0, z=z))
    channels = list(range(source.sizes["C"])) if channels is None else channels
    if colors is None:
        names = source.metadata.get("channels") or []
        colors = [names[c]["color"] if c < len(names) else "#ffffff" for c in channels]
    acc = None
    for c, color in zip(channels, colors, strict=True):
        plane = source.plane_for(target=target, t=t, c=c, z=z)
        if plane.ndim != 2:
            plane = plane.reshape(plane.shape[-2:])
        level = stretch(plane)
        del plane
        if acc is None:
            acc = np.zeros(level.shape + (3,), np.float32)
        for k, weight in enumerate(hex_rgb(color)):
            if weight:
                acc[..., k] += level * weight if weight != 1 else level
        del level
    np.clip(acc, 0.0, 1.0, out=acc)
    acc *= 255.0
    acc += 0.5
    return acc.astype(np.uint8)


def fit(rgb: np.ndarray, size: int, *, upscale: bool) -> Image.Image:
    """A Pillow image whose longest side is ``size`` (never larger unless ``upscale``)."""
    img = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
    w, h = img.size
    longest = max(w, h)
    if longest == size or (longest < size and not upscale):
        return img
    scale = size / longest
    new = (max(1, round(w * scale)), max(1, round(h * scale)))
    method = Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.NEAREST
    return img.resize(new, method)


def save_png(img: Image.Image, path) -> None:
    img.save(path, format="PNG", optimize=False)


def thumbnail(source: ImageSource, path, *, size: int = 256) -> tuple[int, int]:
    """Write the mid-Z, T=0 thumbnail read from the smallest level at least 2 x ``size``."""
    z = source.sizes["Z"] // 2
    rgb = render(source, target=2 * size, z=z, t=0)
    img = fit(rgb, size, upscale=True)
    save_png(img, path)
    return img.size


def composite(source: ImageSource, path, *, size: int = 1024) -> tuple[int, int]:
    """Write the mid-Z, T=0 composite, up to ``size`` px on its longest side."""
    z = source.sizes["Z"] // 2
    full = max(source.levels[0]) if source.levels else size
    target = min(size, full)
    rgb = render(source, target=target, z=z, t=0)
    img = fit(rgb, target, upscale=False)
    save_png(img, path)
    return img.size
