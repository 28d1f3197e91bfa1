"""PNG and JPEG through Pillow, with the pixel count checked before decoding."""

from __future__ import annotations

import os
import warnings

import numpy as np
from PIL import Image

from ..errors import Unreadable, plain
from ..limits import Limits, human_bytes
from ..metadata import iso_date, pixel_size, pixel_sizes
from ..source import ImageSource

GRAY_MODES = {"1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"}


class FlatSource(ImageSource):
    """A single 2D image, grey or colour (alpha ignored)."""

    def __init__(self, path, fmt: str, limits: Limits):
        super().__init__()
        self.format = fmt
        self.path = str(path)
        self.limits = limits
        # Pillow refuses past twice this at open; between 1x and 2x the checks below say why.
        Image.MAX_IMAGE_PIXELS = limits.max_flat_pixels
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                self.image = Image.open(self.path)
        except Image.DecompressionBombError as exc:
            raise Unreadable(f"decompression bomb: {plain(exc)}") from exc
        except Exception as exc:
            raise Unreadable(f"truncated or malformed {fmt.upper()}: {plain(exc)}") from exc
        w, h = self.image.size
        file_bytes = os.path.getsize(self.path)
        declared = w * h * len(self.image.getbands())
        if (
            declared > limits.ratio_applies_above
            and declared > limits.max_compression_ratio * file_bytes
        ):
            self.image.close()
            raise Unreadable(
                f"decompression bomb: declares {w} x {h} pixels in a {human_bytes(file_bytes)} file"
            )
        if w * h > limits.max_flat_pixels:
            self.image.close()
            raise Unreadable(
                f"image too large to preview: {w} x {h} pixels "
                f"(limit {limits.max_flat_pixels:,} pixels)"
            )
        self.rgb = self.image.mode not in GRAY_MODES
        self.sizes.update(Y=h, X=w)
        self.levels = [(h, w)]
        self.dtype = np.dtype(np.uint16 if self.image.mode.startswith("I;16") else np.uint8)
        if self.image.mode in ("I", "F"):
            self.dtype = np.dtype(np.int32 if self.image.mode == "I" else np.float32)
        self.metadata.update(self._metadata())
        self._pixels: np.ndarray | None = None

    def _metadata(self) -> dict:
        md: dict = {"series_count": 1}
        if self.rgb:
            md["channels"] = [{"name": "RGB", "color": "#ffffff"}]
        else:
            md["channels"] = [{"name": "Grey", "color": "#ffffff"}]
        dpi = self.image.info.get("dpi")
        if dpi and all(d and float(d) not in (72.0, 96.0, 300.0) for d in dpi[:2]):
            md["pixel_sizes"] = pixel_sizes(
                pixel_size(25400.0 / float(dpi[0]), "µm", verified=False),
                pixel_size(25400.0 / float(dpi[1]), "µm", verified=False),
            )
        else:
            md["pixel_sizes"] = {}
        exif: Image.Exif | dict[int, object]
        try:
            exif = self.image.getexif()
        except Exception:
            exif = {}
        if exif:
            make, model = exif.get(0x010F), exif.get(0x0110)
            if make or model:
                md["instrument"] = " ".join(str(v).strip() for v in (make, model) if v)
            date = exif.get_ifd(0x8769).get(0x9003) if hasattr(exif, "get_ifd") else None
            date = date or exif.get(0x0132)
            if date:
                md["acquired_at"] = iso_date(date)
        return md

    def _load(self, step: int) -> np.ndarray:
        if self._pixels is None:
            img: Image.Image = self.image
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", Image.DecompressionBombWarning)
                    if self.format == "jpeg" and step > 1:
                        w, h = img.size
                        img.draft("RGB" if self.rgb else "L", (w // step, h // step))
                    img.load()
            except Exception as exc:
                raise Unreadable(
                    f"truncated or malformed {self.format.upper()}: {plain(exc)}"
                ) from exc
            if self.rgb and img.mode != "RGB":
                img = img.convert("RGB")
            elif img.mode in ("1", "LA"):
                img = img.convert("L")
            arr = np.asarray(img)
            # Remember at which scale the decoder worked (JPEG draft mode shrinks).
            self._scale = max(1, round(self.image.size[0] / max(arr.shape[1], 1)))
            self._pixels = arr
        return self._pixels

    def read_plane(self, *, level, t, c, z, step):
        arr = self._load(step)
        s = max(1, step // self._scale)
        return arr[::s, ::s]

    def close(self):
        self._pixels = None
        self.image.close()
