"""Synthetic example images for the demo bookings: 16-bit PNGs of soft-edged blobs or rods
on a noisy background, made from a seed (the same seed gives the same image)."""

import math
import random
import struct
import sys
import zlib
from array import array


def _png16(width: int, height: int, pixels: array) -> bytes:
    """A 16-bit grayscale PNG, written by hand (no imaging library needed)."""
    data = array("H", pixels)
    if sys.byteorder == "little":
        data.byteswap()  # PNG samples are big-endian
    raw = data.tobytes()
    row = width * 2
    scanlines = b"".join(b"\x00" + raw[y * row : (y + 1) * row] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 16, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(scanlines, 6))
        + chunk(b"IEND", b"")
    )


def synthetic_image(
    seed: int,
    *,
    size: int = 256,
    count: int = 30,
    radius=(6, 10),
    elongation: float = 1.0,
    background: float = 1500.0,
    peak: float = 20000.0,
    noise: float = 500.0,
    invert: bool = False,
) -> bytes:
    """Soft-edged blobs ("nuclei"), or rods when elongation > 1, on a noisy background."""
    rng = random.Random(seed)
    image = [0.0] * (size * size)
    for _ in range(count):
        cx, cy = rng.uniform(8, size - 8), rng.uniform(8, size - 8)
        r = rng.uniform(*radius)
        ax, ay = r * elongation, r
        angle = rng.uniform(0, math.pi)
        ca, sa = math.cos(angle), math.sin(angle)
        half = ax - ay  # rods: a segment of this half-length, thickened by ay
        amplitude = peak * rng.uniform(0.6, 1.2)
        reach = int(max(ax, ay) * 1.5) + 3
        for y in range(max(0, int(cy) - reach), min(size, int(cy) + reach + 1)):
            for x in range(max(0, int(cx) - reach), min(size, int(cx) + reach + 1)):
                dx, dy = x - cx, y - cy
                along = max(0.0, abs(dx * ca + dy * sa) - half)
                across = -dx * sa + dy * ca
                edge = (math.sqrt(along * along + across * across) - ay) / 1.2  # soft edge
                if edge < 30:
                    image[y * size + x] += amplitude / (1.0 + math.exp(edge))
    top = peak * 1.3 + background
    pixels = array("H")
    for value in image:
        value = (top - value) if invert else (background + value)
        value += rng.gauss(0.0, noise)
        pixels.append(min(65535, max(0, int(value))))
    return _png16(size, size, pixels)
